// The cost ledger (issue 21): what one invocation of the Worker spends in the units Cloudflare bills
// and limits — D1 queries with the rows D1's own `meta` reports, queue operations (each 64 KB written,
// read or deleted), subrequests and sockets — printed as one log line that `npm run bench` sums.
// On only when BANTIN_LEDGER is "1" (the benchmark sets it); off, a handler pays one string
// comparison and nothing here runs.
import { AsyncLocalStorage } from "node:async_hooks";

/** Every ledger line starts so; the rest of the line is the JSON of an InvocationLedger. */
export const LEDGER_PREFIX = "bantin-ledger ";

/** Queues bill one operation per 64 KB (1 KB = 1,000 bytes) of each message, metadata (~100 bytes) included. */
const OPERATION_BYTES = 64_000;
const MESSAGE_METADATA_BYTES = 100;

export interface InvocationLedger {
  kind: "fetch" | "queue" | "scheduled";
  /** "POST /admin/digests", the queue's name, or the cron. */
  name: string;
  /** A queue batch's kinds of message (each body's `kind`, once each), when its bodies name one. */
  kinds?: string[];
  /** Date.now() at the start and at the end (the clock moves with I/O in workerd: wall time, not CPU). */
  startMs: number;
  endMs: number;
  ok: boolean;
  d1: {
    /** Round trips: a prepared statement run, or a batch (one call for all its statements). */
    calls: number;
    statements: number;
    rowsRead: number;
    rowsWritten: number;
    /** Statements run through raw() or exec(), which return no meta: their rows are not counted. */
    unmetered: number;
    /** Per statement text (its first words): [statements, rows read, rows written]. */
    bySql: Record<string, [number, number, number]>;
  };
  queue: {
    /** send() and sendBatch() calls. */
    sendCalls: number;
    /** Operations as billed: per message and per 64 KB of it. */
    writes: number;
    reads: number;
    deletes: number;
    /** Messages handed back (retry(), retryAll(), or a handler that threw): each costs a read again later. */
    retries: number;
    /** Messages this invocation received. */
    received: number;
  };
  fetches: number;
  /** TCP sockets opened with connect() (SMTP). */
  sockets: number;
}

const storage = new AsyncLocalStorage<InvocationLedger>();
/** Set by the first invocation with the ledger on: until then, countSocket() and fetch cost one check. */
let anyOn = false;
let fetchPatched = false;

/** True when this Worker runs with the ledger on. */
export function ledgerOn(env: { BANTIN_LEDGER?: string }): boolean {
  return env.BANTIN_LEDGER === "1";
}

function current(): InvocationLedger | undefined {
  return anyOn ? storage.getStore() : undefined;
}

/** Notes a socket opened by this invocation (called by the SMTP client). */
export function countSocket(): void {
  const ledger = current();
  if (ledger) ledger.sockets++;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Operations a message of this body costs per write, read or delete. */
export function operationsFor(body: unknown): number {
  let bytes: number;
  try {
    const json = JSON.stringify(body) ?? "";
    // ASCII (every delivery message): its length is its size in bytes, nothing encoded.
    bytes = ASCII.test(json) ? json.length : new TextEncoder().encode(json).length;
  } catch {
    bytes = 0;
  }
  return Math.max(1, Math.ceil((bytes + MESSAGE_METADATA_BYTES) / OPERATION_BYTES));
}

export function emptyLedger(kind: InvocationLedger["kind"], name: string, startMs: number): InvocationLedger {
  return {
    kind,
    name,
    startMs,
    endMs: startMs,
    ok: true,
    d1: { calls: 0, statements: 0, rowsRead: 0, rowsWritten: 0, unmetered: 0, bySql: {} },
    queue: { sendCalls: 0, writes: 0, reads: 0, deletes: 0, retries: 0, received: 0 },
    fetches: 0,
    sockets: 0,
  };
}

/** Statements' names as worked out in this isolate (the ledger's own CPU counts in what it measures). */
const SQL_KEYS = new Map<string, string>();

/** A statement's name in the ledger: its text with spaces and lists of placeholders squeezed, cut short. */
export function sqlKey(query: string): string {
  let key = SQL_KEYS.get(query);
  if (key === undefined) {
    key = query
      .replace(/\s+/g, " ")
      .replace(/\?(?:\s*,\s*\?)+/g, "?…")
      .trim()
      .slice(0, 72);
    SQL_KEYS.set(query, key);
  }
  return key;
}

function addMeta(ledger: InvocationLedger, meta: Partial<D1Meta> | undefined, sql: string) {
  const read = Number(meta?.rows_read ?? 0);
  const written = Number(meta?.rows_written ?? 0);
  ledger.d1.statements++;
  ledger.d1.rowsRead += read;
  ledger.d1.rowsWritten += written;
  const [n, r, w] = ledger.d1.bySql[sql] ?? [0, 0, 0];
  ledger.d1.bySql[sql] = [n + 1, r + read, w + written];
}

/** A statement that adds its meta to the ledger when it runs; `inner` is what D1's own batch() takes. */
class MeteredStatement implements D1PreparedStatement {
  readonly inner: D1PreparedStatement;
  readonly sql: string;
  private readonly ledger: InvocationLedger;

  constructor(inner: D1PreparedStatement, ledger: InvocationLedger, sql: string) {
    this.inner = inner;
    this.ledger = ledger;
    this.sql = sql;
  }

  bind(...values: unknown[]): D1PreparedStatement {
    return new MeteredStatement(this.inner.bind(...values), this.ledger, this.sql);
  }

  // first() returns no meta: it runs as all() (the same query, the same rows read) and keeps the first row.
  first<T = unknown>(colName: string): Promise<T | null>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  async first<T>(colName?: string): Promise<T | null> {
    const { results } = await this.all<Record<string, unknown>>();
    const row = results[0];
    if (row === undefined) return null;
    if (colName === undefined) return row as T;
    if (!(colName in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${colName})`);
    return (row[colName] ?? null) as T | null;
  }

  async run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    this.ledger.d1.calls++;
    const result = await this.inner.run<T>();
    addMeta(this.ledger, result.meta, this.sql);
    return result;
  }

  async all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    this.ledger.d1.calls++;
    const result = await this.inner.all<T>();
    addMeta(this.ledger, result.meta, this.sql);
    return result;
  }

  raw<T = unknown[]>(options: { columnNames: true }): Promise<[string[], ...T[]]>;
  raw<T = unknown[]>(options?: { columnNames?: false }): Promise<T[]>;
  raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<[string[], ...T[]] | T[]> {
    this.ledger.d1.calls++;
    this.ledger.d1.statements++;
    this.ledger.d1.unmetered++;
    return options?.columnNames ? this.inner.raw<T>({ columnNames: true }) : this.inner.raw<T>();
  }
}

function addBatch(ledger: InvocationLedger, statements: D1PreparedStatement[], results: D1Result<unknown>[]) {
  for (const [i, result] of results.entries()) addMeta(ledger, result.meta, sqlOf(statements[i]));
}

const unwrap = (s: D1PreparedStatement) => (s instanceof MeteredStatement ? s.inner : s);
const sqlOf = (s: D1PreparedStatement | undefined) =>
  s instanceof MeteredStatement ? s.sql : "(a statement prepared elsewhere)";

/** A D1 binding whose every statement and batch adds its rows read and written to `ledger`. */
export function meteredD1(db: D1Database, ledger: InvocationLedger): D1Database {
  const prepare = (query: string): D1PreparedStatement =>
    new MeteredStatement(db.prepare(query), ledger, sqlKey(query));
  const batch = async <T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> => {
    ledger.d1.calls++;
    const results = await db.batch<T>(statements.map(unwrap));
    addBatch(ledger, statements, results);
    return results;
  };
  return {
    prepare,
    batch,
    async exec(query: string) {
      ledger.d1.calls++;
      ledger.d1.statements++;
      ledger.d1.unmetered++;
      return db.exec(query);
    },
    withSession(constraintOrBookmark?: string) {
      const session = db.withSession(constraintOrBookmark);
      return {
        prepare: (query: string) => new MeteredStatement(session.prepare(query), ledger, sqlKey(query)),
        batch: async <T = unknown>(statements: D1PreparedStatement[]) => {
          ledger.d1.calls++;
          const results = await session.batch<T>(statements.map(unwrap));
          addBatch(ledger, statements, results);
          return results;
        },
        getBookmark: () => session.getBookmark(),
      };
    },
    dump: () => db.dump(),
  };
}

/** A queue producer binding that counts the operations of what it writes. */
export function meteredQueue<T>(queue: Queue<T>, ledger: InvocationLedger): Queue<T> {
  return {
    async send(body: T, options?: QueueSendOptions) {
      ledger.queue.sendCalls++;
      const response = await queue.send(body, options);
      ledger.queue.writes += operationsFor(body);
      return response;
    },
    async sendBatch(messages: Iterable<MessageSendRequest<T>>, options?: QueueSendBatchOptions) {
      const list = [...messages];
      ledger.queue.sendCalls++;
      const response = await queue.sendBatch(list, options);
      for (const m of list) ledger.queue.writes += operationsFor(m.body);
      return response;
    },
    metrics: () => queue.metrics(),
  } as Queue<T>;
}

/** What became of each message of a batch: the first ack or retry decides, as in the runtime. */
type Verdict = "ack" | "retry";

/**
 * A batch whose messages tell the ledger how they were settled; `settle` counts the deletes and
 * retries once the handler is done (messages left alone are acked if it returned, retried if it threw).
 */
export function meteredBatch<T>(
  batch: MessageBatch<T>,
  ledger: InvocationLedger,
): { batch: MessageBatch<T>; settle: (ok: boolean) => void } {
  const verdicts = new Map<string, Verdict>();
  const ops = new Map<string, number>();
  let all: Verdict | null = null;
  const kinds = new Set<string>();
  const messages = batch.messages.map((m) => {
    const kind = (m.body as { kind?: unknown } | null)?.kind;
    if (typeof kind === "string") kinds.add(kind);
    const cost = operationsFor(m.body);
    ops.set(m.id, cost);
    ledger.queue.received++;
    ledger.queue.reads += cost;
    const wrapped: Message<T> = {
      get id() {
        return m.id;
      },
      get timestamp() {
        return m.timestamp;
      },
      get body() {
        return m.body;
      },
      get attempts() {
        return m.attempts;
      },
      ack() {
        if (!verdicts.has(m.id) && all === null) verdicts.set(m.id, "ack");
        m.ack();
      },
      retry(options?: QueueRetryOptions) {
        if (!verdicts.has(m.id) && all === null) verdicts.set(m.id, "retry");
        m.retry(options);
      },
    };
    return wrapped;
  });
  if (kinds.size > 0) ledger.kinds = [...kinds];
  const metered: MessageBatch<T> = {
    get queue() {
      return batch.queue;
    },
    get metadata() {
      return batch.metadata;
    },
    messages,
    ackAll() {
      all ??= "ack";
      batch.ackAll();
    },
    retryAll(options?: QueueRetryOptions) {
      all ??= "retry";
      batch.retryAll(options);
    },
  };
  const settle = (ok: boolean) => {
    for (const m of batch.messages) {
      const verdict = verdicts.get(m.id) ?? all ?? (ok ? "ack" : "retry");
      if (verdict === "ack") ledger.queue.deletes += ops.get(m.id) ?? 1;
      else ledger.queue.retries++;
    }
  };
  return { batch: metered, settle };
}

export interface LedgerBindings {
  d1: readonly string[];
  queues: readonly string[];
}

/** The environment with its D1 and queue bindings metered into `ledger`. */
export function meteredEnv<E extends object>(env: E, ledger: InvocationLedger, bindings: LedgerBindings): E {
  const out: Record<string, unknown> = { ...(env as Record<string, unknown>) };
  for (const name of bindings.d1) {
    const db = out[name] as D1Database | undefined;
    if (db) out[name] = meteredD1(db, ledger);
  }
  for (const name of bindings.queues) {
    const queue = out[name] as Queue<unknown> | undefined;
    if (queue) out[name] = meteredQueue(queue, ledger);
  }
  return out as E;
}

function patchFetch() {
  if (fetchPatched) return;
  fetchPatched = true;
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const ledger = current();
    if (ledger) ledger.fetches++;
    return original(input, init);
  };
}

/**
 * Runs one invocation with a ledger of its own (the env's bindings metered), and prints the ledger
 * line when it ends, whether it returned or threw. `settle` runs before the line is printed.
 */
export async function recordInvocation<E extends object, R>(
  env: E,
  bindings: LedgerBindings,
  what: { kind: InvocationLedger["kind"]; name: string },
  run: (env: E, ledger: InvocationLedger) => Promise<R>,
  settle?: (ok: boolean) => void,
): Promise<R> {
  anyOn = true;
  patchFetch();
  const ledger = emptyLedger(what.kind, what.name, Date.now());
  try {
    return await storage.run(ledger, () => run(meteredEnv(env, ledger, bindings), ledger));
  } catch (error) {
    ledger.ok = false;
    throw error;
  } finally {
    settle?.(ledger.ok);
    ledger.endMs = Date.now();
    console.log(`${LEDGER_PREFIX}${JSON.stringify(ledger)}`);
  }
}

interface Handlers<E> {
  fetch(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response>;
  scheduled(controller: ScheduledController, env: E, ctx: ExecutionContext): Promise<void>;
  queue(batch: MessageBatch<unknown>, env: E, ctx: ExecutionContext): Promise<void>;
}

/** The Worker's handlers, each recording its ledger when the env turns the ledger on. */
export function ledgered<E extends { BANTIN_LEDGER?: string }>(handlers: Handlers<E>, bindings: LedgerBindings) {
  return {
    fetch(request: Request, env: E, ctx: ExecutionContext) {
      if (!ledgerOn(env)) return handlers.fetch(request, env, ctx);
      const name = `${request.method} ${new URL(request.url).pathname}`;
      return recordInvocation(env, bindings, { kind: "fetch", name }, async (e) => handlers.fetch(request, e, ctx));
    },
    scheduled(controller: ScheduledController, env: E, ctx: ExecutionContext) {
      if (!ledgerOn(env)) return handlers.scheduled(controller, env, ctx);
      return recordInvocation(env, bindings, { kind: "scheduled", name: controller.cron }, (e) =>
        handlers.scheduled(controller, e, ctx),
      );
    },
    queue(batch: MessageBatch<unknown>, env: E, ctx: ExecutionContext) {
      if (!ledgerOn(env)) return handlers.queue(batch, env, ctx);
      let settle: ((ok: boolean) => void) | undefined;
      return recordInvocation(
        env,
        bindings,
        { kind: "queue", name: batch.queue },
        (e, ledger) => {
          const metered = meteredBatch(batch, ledger);
          settle = metered.settle;
          return handlers.queue(metered.batch, e, ctx);
        },
        (ok) => settle?.(ok),
      );
    },
  } satisfies Handlers<E>;
}
