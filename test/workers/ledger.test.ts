// The cost ledger (src/ledger/ledger.ts): D1's own meta summed over statements and batches, queue
// operations counted as Queues bills them, and nothing at all when BANTIN_LEDGER is off.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  emptyLedger,
  LEDGER_PREFIX,
  meteredBatch,
  meteredD1,
  meteredQueue,
  operationsFor,
} from "../../src/ledger/ledger.ts";
import { ADMIN, recordingQueue, request } from "../helpers.ts";

afterEach(() => vi.restoreAllMocks());

describe("the D1 ledger", () => {
  it("sums rows read and written from D1's meta over statements and batches", async () => {
    await env.DB.exec("CREATE TABLE ledger_probe (id INTEGER PRIMARY KEY, v TEXT)");
    const ledger = emptyLedger("fetch", "test", 0);
    const db = meteredD1(env.DB, ledger);

    const inserted = await db.batch([
      db.prepare("INSERT INTO ledger_probe (v) VALUES (?)").bind("a"),
      db.prepare("INSERT INTO ledger_probe (v) VALUES (?), (?)").bind("b", "c"),
    ]);
    const run = await db.prepare("UPDATE ledger_probe SET v = 'z' WHERE v = ?").bind("c").run();
    const all = await db.prepare("SELECT * FROM ledger_probe").all();
    const first = await db.prepare("SELECT v FROM ledger_probe WHERE id = ?").bind(2).first<string>("v");

    const metas = [...inserted, run, all].map((r) => r.meta);
    expect(first).toBe("b");
    expect(ledger.d1.calls).toBe(4);
    expect(ledger.d1.statements).toBe(5);
    // first() returns no meta of its own: it runs as all(), and its rows count too (one row read by id).
    expect(ledger.d1.rowsWritten).toBe(metas.reduce((a, m) => a + m.rows_written, 0));
    expect(ledger.d1.rowsWritten).toBeGreaterThanOrEqual(4);
    expect(ledger.d1.rowsRead).toBe(metas.reduce((a, m) => a + m.rows_read, 0) + 1);
    expect(ledger.d1.bySql["INSERT INTO ledger_probe (v) VALUES (?), (?)"]?.[2]).toBe(inserted[1]?.meta.rows_written);
  });

  it("counts queue operations per message and per 64 KB, and the batch's acks and retries", async () => {
    const ledger = emptyLedger("queue", "bantin-deliveries", 0);
    const { queue, sent } = recordingQueue<unknown>();
    const q = meteredQueue(queue, ledger);
    await q.send({ kind: "fanout", digest: 1, after: 0 });
    await q.sendBatch([{ body: { n: 1 } }, { body: "x".repeat(70_000) }]);
    expect(sent).toHaveLength(3);
    expect(operationsFor("x".repeat(70_000))).toBe(2);
    expect(ledger.queue).toMatchObject({ sendCalls: 2, writes: 4 });

    const batch = createMessageBatch("bantin-deliveries", [
      { id: "a", timestamp: new Date(0), attempts: 1, body: { n: 1 } },
      { id: "b", timestamp: new Date(0), attempts: 1, body: { n: 2 } },
      { id: "c", timestamp: new Date(0), attempts: 2, body: { n: 3 } },
    ]);
    const metered = meteredBatch(batch, ledger);
    metered.batch.messages[0]?.ack();
    metered.batch.messages[1]?.retry();
    metered.settle(true);
    expect(ledger.queue).toMatchObject({ received: 3, reads: 3, deletes: 2, retries: 1 });
    // What the runtime was told is what the ledger counted.
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(["a"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["b"]);
    // Bodies that name no kind leave the ledger's kinds out.
    expect(ledger.kinds).toBeUndefined();
  });

  it("names each kind of message a batch carried, once, for the bench to tell fan-out from sends", () => {
    const ledger = emptyLedger("queue", "bantin-deliveries", 0);
    const batch = createMessageBatch<unknown>("bantin-deliveries", [
      { id: "a", timestamp: new Date(0), attempts: 1, body: { kind: "window", digest: 1, window: 1 } },
      { id: "b", timestamp: new Date(0), attempts: 1, body: { kind: "windows", digest: 1, after: 0 } },
      { id: "c", timestamp: new Date(0), attempts: 1, body: { kind: "window", digest: 1, window: 2 } },
      { id: "d", timestamp: new Date(0), attempts: 1, body: "no kind" },
    ]);
    meteredBatch(batch, ledger);
    expect(ledger.kinds).toEqual(["window", "windows"]);
  });
});

describe("the Worker with the ledger", () => {
  const ledgerLines = (log: ReturnType<typeof vi.spyOn>) =>
    log.mock.calls.filter((args: unknown[]) => String(args[0]).startsWith(LEDGER_PREFIX));

  it("prints nothing and leaves the bindings alone when BANTIN_LEDGER is off", async () => {
    const log = vi.spyOn(console, "log");
    const res = await request("/feed.json", undefined, { ...env, BANTIN_LEDGER: "" });
    expect(res.status).toBe(200);
    expect(ledgerLines(log)).toHaveLength(0);
  });

  it("prints one line per invocation, with the D1 rows the request cost, when BANTIN_LEDGER is 1", async () => {
    const log = vi.spyOn(console, "log");
    // An admin read: its token check and its list always ask D1.
    const res = await request("/admin/posts", { headers: ADMIN }, { ...env, BANTIN_LEDGER: "1" });
    expect(res.status).toBe(200);
    const lines = ledgerLines(log);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(String(lines[0]?.[0]).slice(LEDGER_PREFIX.length));
    expect(entry).toMatchObject({ kind: "fetch", name: "GET /admin/posts", ok: true });
    expect(entry.d1.statements).toBeGreaterThan(0);
  });
});
