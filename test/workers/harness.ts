// The delivery engine's test harness: the Worker's scheduled() and queue() handlers driven directly,
// with a stand-in for the Email Service binding that records every send (and throws, as the binding
// does, an Error with a string `code` where told to) and a queue stand-in that keeps what is enqueued.
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { expect } from "vitest";
import type { DeliveryMessage } from "../../src/delivery/messages.ts";
import worker from "../../src/index.ts";
import { publish, reportInput } from "../helpers.ts";

export interface Sent {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export function deliveryHarness(vars: Record<string, string> = {}, bindings: Partial<Env> = {}) {
  const sent: Sent[] = [];
  /** Errors the stand-in binding throws for an address (or for everyone, under "*"). */
  const failFor = new Map<string, { code: string; message: string }>();
  /** Every address a send was attempted to, failed or not, in order. */
  const attempted: string[] = [];
  const enqueued: DeliveryMessage[] = [];
  /** Delays asked for with each enqueued message (seconds), in the same order. */
  const enqueuedDelays: (number | undefined)[] = [];

  const EMAIL = {
    async send(message: Sent) {
      attempted.push(message.to);
      const error = failFor.get(message.to) ?? failFor.get("*");
      if (error) throw Object.assign(new Error(error.message), { code: error.code });
      sent.push(message);
      return { messageId: `m-${sent.length}` };
    },
  } as unknown as SendEmail;

  const DELIVERIES = {
    async send(body: DeliveryMessage, options?: QueueSendOptions) {
      enqueued.push(body);
      enqueuedDelays.push(options?.delaySeconds);
    },
    async sendBatch(messages: { body: DeliveryMessage }[]) {
      for (const m of messages) {
        enqueued.push(m.body);
        enqueuedDelays.push(undefined);
      }
    },
  } as unknown as Queue;

  const testEnv = { ...env, SMTP_URL: "", EMAIL, DELIVERIES, ...bindings, ...vars };

  async function runScheduled(cron = "0 1 * * 1") {
    const ctx = createExecutionContext();
    await worker.scheduled({ scheduledTime: Date.now(), cron, noRetry() {} } as ScheduledController, testEnv, ctx);
    await waitOnExecutionContext(ctx);
  }

  let batchNo = 0;
  /** Feeds the queued messages (or the given ones) to queue() as one batch; returns ack/retry results. */
  async function runQueue(messages: DeliveryMessage[] = takeEnqueued()) {
    const batch = createMessageBatch<DeliveryMessage>(
      "bantin-deliveries",
      messages.map((body, i) => ({ id: `b${++batchNo}-${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    // The test helper records which messages were retried, not their delay: note it here.
    const delays: (number | undefined)[] = [];
    for (const m of batch.messages) {
      const retry = m.retry.bind(m);
      Object.defineProperty(m, "retry", {
        value: (options?: QueueRetryOptions) => {
          delays.push(options?.delaySeconds);
          retry(options);
        },
      });
    }
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<unknown>, testEnv, ctx);
    return { messages, delays, result: await getQueueResult(batch, ctx) };
  }

  function takeEnqueued(): DeliveryMessage[] {
    enqueuedDelays.length = 0;
    return enqueued.splice(0);
  }

  return { sent, attempted, failFor, enqueued, enqueuedDelays, testEnv, runScheduled, runQueue, takeEnqueued };
}

/** Stores a subscriber in a given state, as if they had subscribed (and confirmed) earlier. */
export async function addSubscriber(email: string, status: string): Promise<number> {
  const row = await env.DB.prepare(
    `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at)
     VALUES (?1, lower(?1), ?2, '2026-11-01T00:00:00+07:00', CASE WHEN ?2 = 'confirmed' THEN '2026-11-01T00:05:00+07:00' END)
     RETURNING id`,
  )
    .bind(email, status)
    .first<{ id: number }>();
  return row?.id ?? 0;
}

/** A subscriber's public handle, which its links carry. */
export async function handleOf(id: number): Promise<string> {
  const handle = await env.DB.prepare("SELECT handle FROM subscribers WHERE id = ?").bind(id).first<string>("handle");
  if (!handle) throw new Error(`subscriber ${id} has no handle`);
  return handle;
}

/**
 * Every delivery of a digest, by subscriber: its row once it has one, else its place in a window
 * (queued above the window's claim mark, being sent at or below it).
 */
export async function deliveries(digest: number) {
  return (
    await env.DB.prepare(
      `SELECT subscriber_id, state, attempts, last_error FROM deliveries WHERE digest_number = ?1
       UNION ALL
       SELECT j.value, CASE WHEN j.value > w.through_id THEN 'queued' ELSE 'sending' END,
         CASE WHEN j.value > w.through_id THEN 0 ELSE 1 END, NULL
       FROM delivery_windows w, json_each(w.subscriber_ids) j
       WHERE w.digest_number = ?1 AND NOT EXISTS (SELECT 1 FROM deliveries d
         WHERE d.digest_number = ?1 AND d.subscriber_id = j.value)
       ORDER BY 1`,
    )
      .bind(digest)
      .all<{ subscriber_id: number; state: string; attempts: number; last_error: string | null }>()
  ).results;
}

/** Publishes a second post (a copy of the report under another id and slug), so a new digest has something to cover. */
export async function publishSecondPost(): Promise<void> {
  const second = {
    ...reportInput(),
    id: "urn:uuid:00000000-0000-4000-8000-000000000002",
    slug: "bai-thu-hai",
    title: "Bài thứ hai",
    published: "2021-07-20T09:00:00+07:00",
  };
  expect((await publish(second)).status).toBe(201);
}
