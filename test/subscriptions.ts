// The subscription flow in the workerd tier: the Worker with a recording stand-in for the
// confirmations queue and for the Email Service binding, and a drain() that feeds what was queued
// to the Worker's own queue() handler, as the runtime would.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import worker from "../src/index.ts";
import { CONFIRMATIONS_QUEUE } from "../src/subscribers/confirmations.ts";
import { request } from "./helpers.ts";

export interface SentMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

let batchNo = 0;

export function subscriptionHarness() {
  const queued: unknown[] = [];
  const mails: SentMail[] = [];
  /** Addresses the transport refuses, with the error it throws. */
  const failures = new Map<string, string>();
  const EMAIL = {
    async send(message: SentMail) {
      const error = failures.get(message.to);
      if (error) throw new Error(error);
      mails.push(message);
      return { messageId: `c-${mails.length}` };
    },
  } as unknown as SendEmail;
  const CONFIRMATIONS = {
    async send(body: unknown) {
      queued.push(body);
    },
    async sendBatch(messages: { body: unknown }[]) {
      for (const m of messages) queued.push(m.body);
    },
  } as unknown as Queue;
  const bindings: Env = { ...env, SMTP_URL: "", EMAIL, CONFIRMATIONS };

  /** Runs every queued request through queue() as one batch; retried messages go back in the queue. */
  async function drain(): Promise<{ acked: number; retried: number }> {
    const bodies = queued.splice(0);
    if (bodies.length === 0) return { acked: 0, retried: 0 };
    const batch = createMessageBatch(
      CONFIRMATIONS_QUEUE,
      bodies.map((body, i) => ({ id: `c${++batchNo}-${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<unknown>, bindings, ctx);
    const result = await getQueueResult(batch, ctx);
    const retriedIds = new Set(result.retryMessages.map((m) => m.msgId));
    const retried = batch.messages.filter((m) => result.retryBatch.retry || retriedIds.has(m.id));
    for (const m of retried) queued.push(m.body);
    return { acked: result.explicitAcks.length, retried: retried.length };
  }

  return {
    queued,
    mails,
    failures,
    bindings,
    drain,
    request: (path: string, init?: RequestInit) => request(path, init, bindings),
  };
}

/** The confirm token in a confirmation email. */
export function confirmTokenOf(mail: SentMail | undefined): string {
  const m = /\/confirm\?token=([^"&\s<]+)/.exec(mail?.text ?? "");
  return m?.[1] ? decodeURIComponent(m[1]) : "";
}
