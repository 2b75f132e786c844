// The WebSub hub's queue side in the workerd tier: messages through processWebSubBatch with a queue
// stand-in that keeps what is sent, and callbacks played by a stand-in for fetch (a real socket
// server cannot run in workerd; test/e2e/websub-*.test.ts use real ones).
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { expect, vi } from "vitest";
import { settingsScope } from "../../src/cache/scope.ts";
import { processWebSubBatch, type WebSubDeps } from "../../src/websub/consumer.ts";
import type { WebSubMessage } from "../../src/websub/messages.ts";
import { CallbackGate } from "../../src/websub/outbound.ts";
import { parseWebSubSettings, type WebSubSettings } from "../../src/websub/settings.ts";
import { ADMIN, reportInput, request } from "../helpers.ts";

export interface Queued {
  body: WebSubMessage;
  delaySeconds: number | undefined;
}

/** A request the hub made to a callback, as the stand-in saw it. */
export interface CallbackRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

/** How a callback answers: a Response, or "hang" (nothing ever, until the hub gives up). */
export type CallbackAnswer = Response | "hang";

/** Headers at once, then a body that trickles and never ends; it fails when the request is aborted, as fetch's does. */
export function trickling(signal: AbortSignal | undefined): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("a"));
      signal?.addEventListener("abort", () => controller.error(signal.reason));
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/plain" } });
}

let edition = 0;

export function webSubHarness(settings: Partial<WebSubSettings> = {}) {
  const queued: Queued[] = [];
  const requests: CallbackRequest[] = [];
  /** Answers by callback URL prefix; by default a GET echoes hub.challenge and a POST gets 204. */
  const answers = new Map<string, (req: CallbackRequest, signal: AbortSignal | undefined) => CallbackAnswer>();

  const WEBSUB = {
    async send(body: WebSubMessage, options?: QueueSendOptions) {
      queued.push({ body: structuredClone(body), delaySeconds: options?.delaySeconds });
    },
    async sendBatch(messages: MessageSendRequest<WebSubMessage>[]) {
      for (const m of messages) queued.push({ body: structuredClone(m.body), delaySeconds: m.delaySeconds });
    },
  } as unknown as Queue<WebSubMessage>;

  const answer = (req: CallbackRequest, signal: AbortSignal | undefined): CallbackAnswer => {
    for (const [prefix, handler] of answers) if (req.url.startsWith(prefix)) return handler(req, signal);
    if (req.method === "GET") return new Response(new URL(req.url).searchParams.get("hub.challenge") ?? "");
    return new Response(null, { status: 204 });
  };

  const fetchStub = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const req: CallbackRequest = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: await request.text(),
    };
    requests.push(req);
    const signal = init?.signal ?? undefined;
    const res = answer(req, signal);
    if (res !== "hang") return res;
    // As fetch does: nothing until the signal aborts the request.
    return new Promise<Response>((_, reject) => {
      signal?.addEventListener("abort", () => reject(signal.reason));
    });
  });

  let deps: WebSubDeps | undefined;
  async function depsFor(): Promise<WebSubDeps> {
    if (deps) return deps;
    const { config, scope } = await settingsScope(env);
    deps = {
      db: env.DB,
      queue: WEBSUB,
      config,
      scope,
      settings: { ...parseWebSubSettings({ WEBSUB_RETRY_BASE_SECONDS: "60" }), ...settings },
      now: Date.now,
      gate: new CallbackGate(6, 2),
    };
    return deps;
  }

  let batchNo = 0;
  /** Runs the given messages (by default everything queued without a delay) as one batch. */
  async function run(bodies: WebSubMessage[] = takeQueued()) {
    const base = await depsFor();
    const batch = createMessageBatch<WebSubMessage>(
      "bantin-websub",
      bodies.map((body, i) => ({ id: `w${++batchNo}-${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const delays = new Map<string, number | undefined>();
    for (const m of batch.messages) {
      const retry = m.retry.bind(m);
      Object.defineProperty(m, "retry", {
        value: (options?: QueueRetryOptions) => {
          delays.set(m.id, options?.delaySeconds);
          retry(options);
        },
      });
    }
    const ctx = createExecutionContext();
    // Each batch has its own gate, as each consumer invocation has.
    await processWebSubBatch(batch as MessageBatch<unknown>, { ...base, gate: new CallbackGate(6, 2) });
    const result = await getQueueResult(batch, ctx);
    return { result, retryDelays: [...delays.values()] };
  }

  /** Takes the queued messages that are due now (no delay), leaving the delayed ones. */
  function takeQueued(): WebSubMessage[] {
    const due = queued.filter((q) => !q.delaySeconds);
    queued.splice(0, queued.length, ...queued.filter((q) => q.delaySeconds));
    return due.map((q) => q.body);
  }

  /** Publishes the report again with another tag, announced to this hub: the main feeds change. */
  async function changeContent() {
    edition++;
    const res = await request(
      "/admin/posts",
      {
        method: "POST",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: JSON.stringify({ ...reportInput(), tags: ["Dân vận", `Lần ${edition}`] }),
      },
      { ...env, WEBSUB },
    );
    expect(res.status).toBeLessThan(300);
  }

  return { queued, requests, answers, fetchStub, WEBSUB, run, takeQueued, changeContent, deps: depsFor };
}

/** Stores a verified subscription directly, as the hub would have. */
export async function storeSubscription(topic: string, callback: string, options: { host?: string | null } = {}) {
  const now = Date.now();
  const host = options.host === undefined ? new URL(callback).hostname : options.host;
  await env.DB.prepare(
    `INSERT INTO websub_subscriptions (topic, callback, secret, lease_seconds, created_ms, verified_ms, expires_ms, callback_host)
     VALUES (?1, ?2, NULL, 864000, ?3, ?3, ?3 + 864000000, ?4)`,
  )
    .bind(topic, callback, now, host)
    .run();
}

/** Every stored subscription, (topic, callback) in order. */
export async function storedSubscriptions() {
  const { results } = await env.DB.prepare(
    "SELECT topic, callback, callback_host FROM websub_subscriptions ORDER BY topic, callback",
  ).all<{ topic: string; callback: string; callback_host: string | null }>();
  return results;
}
