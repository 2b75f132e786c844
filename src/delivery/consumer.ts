// The queue consumer: fans a digest out to per-recipient messages, and sends each one at most
// once. A failure never aborts the batch: each message is acked or retried on its own. Failures
// that are not about a recipient pause the digest (the circuit breaker) and suppress nobody.
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { RECIPIENT_UNSUBSCRIBE_URL } from "../digest/render.ts";
import { getDigest } from "../digest/repository.ts";
import type { Mailer, MailTemplate } from "../mail/mailer.ts";
import { digestTemplate, unsubscribeHeaders } from "../mail/messages.ts";
import { unsubscribeUrl } from "../subscribers/service.ts";
import { type Decision, decide } from "./decide.ts";
import { suppressionFromEmailEvent } from "./email-events.ts";
import { type DeliveryMessage, isDeliveryMessage } from "./messages.ts";
import {
  type Claimed,
  claimMany,
  clearFaults,
  deliveryState,
  digestRun,
  failAndSuppress,
  giveUp,
  pauseDigest,
  queuedPage,
  recordFault,
  resumeDigest,
  settle,
  settleSent,
  suppressByMailbox,
  touchDigest,
  unclaim,
} from "./repository.ts";
import type { DeliverySettings } from "./settings.ts";

/** Recipients enqueued per fan-out step (Queues accept at most 100 messages per sendBatch). */
export const FANOUT_PAGE = 500;
/** Longest pause of the breaker, whatever the number of pauses before. */
const MAX_COOLDOWN_MS = 3600 * 1000;

export interface ConsumerDeps {
  db: D1Database;
  queue: Queue<DeliveryMessage>;
  mailer: Mailer;
  config: SiteConfig;
  secret: string;
  now: () => number;
  settings: DeliverySettings;
}

/** What this invocation knows of a digest: its email (one template for all) and whether it is paused. */
interface Run {
  template: MailTemplate | null;
  paused: boolean;
  /** A failure or a cooldown was recorded since the last success, so a success must clear them. */
  streakOpen: boolean;
}

/** Enqueues one page of a digest's queued deliveries, and the next page. */
export async function fanout(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  digest: number,
  after: number,
  due: number | null,
): Promise<void> {
  const ids = await queuedPage(db, digest, after, FANOUT_PAGE, due);
  // The next page goes first, so that it is not stuck behind this page's sends.
  const last = ids.at(-1);
  if (ids.length === FANOUT_PAGE && last !== undefined) {
    await queue.send({ kind: "fanout", digest, after: last, ...(due === null ? {} : { due }) });
  }
  for (let i = 0; i < ids.length; i += 100) {
    await queue.sendBatch(
      ids.slice(i, i + 100).map((subscriber) => ({ body: { kind: "send", digest, subscriber } as DeliveryMessage })),
    );
  }
}

type Verdict = { ack: true } | { retryAfterSeconds: number };

async function loadRun(deps: ConsumerDeps, runs: Map<number, Run>, digest: number): Promise<Run> {
  let run = runs.get(digest);
  if (!run) {
    const [state, stored] = await Promise.all([digestRun(deps.db, digest), getDigest(deps.db, digest)]);
    run = {
      template: stored.value ? digestTemplate(deps.config, stored.value.email, RECIPIENT_UNSUBSCRIBE_URL) : null,
      paused: state?.pausedMs != null,
      streakOpen: (state?.faultStreak ?? 0) > 0 || (state?.cooldowns ?? 0) > 0,
    };
    runs.set(digest, run);
  }
  return run;
}

/** Pauses the digest (if not already) and tells the queue to resume a cooldown pause when it ends. */
async function pause(
  deps: ConsumerDeps,
  run: Run,
  digest: number,
  kind: "operator" | "cooldown",
  reason: string,
  triedMs: number,
) {
  run.paused = true;
  const nowMs = deps.now();
  const paused = await pauseDigest(deps.db, digest, {
    kind,
    reason,
    nowMs,
    triedMs,
    cooldownMs: deps.settings.breakerCooldownSeconds * 1000,
    maxCooldownMs: MAX_COOLDOWN_MS,
  });
  console.warn(`digest ${digest} paused (${kind}): ${reason}`);
  if (paused?.resumeAtMs != null) {
    const delaySeconds = Math.max(1, Math.ceil((paused.resumeAtMs - nowMs) / 1000));
    await deps.queue.send({ kind: "resume", digest, pausedMs: paused.pausedMs }, { delaySeconds });
  }
}

function backoff(deps: ConsumerDeps, attempts: number): number {
  return Math.min(3600, deps.settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
}

/** Applies a failed send's decision to the delivery, the subscriber and the digest. */
async function settleFailure(
  deps: ConsumerDeps,
  run: Run,
  digest: number,
  subscriberId: number,
  attempts: number,
  decision: Decision,
  triedMs: number,
): Promise<Verdict> {
  const { db } = deps;
  const nowMs = deps.now();
  switch (decision.kind) {
    case "bounce":
      // The recipient's mailbox itself was refused: the delivery fails and the address is never mailed again.
      await failAndSuppress(db, digest, subscriberId, decision.reason, nowMs, zonedIso(nowMs, deps.config.timeZone));
      return { ack: true };
    case "undeliverable":
      await settle(db, digest, subscriberId, "sending", "failed", nowMs, decision.reason);
      return { ack: true };
    case "pause":
      // Not the recipient's fault: give the delivery back, untouched, for when the digest resumes.
      await settle(db, digest, subscriberId, "sending", "queued", nowMs, decision.reason);
      await pause(deps, run, digest, "operator", decision.reason, triedMs);
      return { ack: true };
    case "unknown":
      // Handed over without an answer: it may have arrived, so it is never sent again.
      await settle(db, digest, subscriberId, "sending", "failed", nowMs, decision.reason);
      return (await countFault(deps, run, digest, decision.reason, triedMs)) ?? { ack: true };
    case "retry": {
      const delay = backoff(deps, attempts);
      await settle(db, digest, subscriberId, "sending", "queued", nowMs, decision.reason, nowMs + delay * 1000);
      return (await countFault(deps, run, digest, decision.reason, triedMs)) ?? { retryAfterSeconds: delay };
    }
  }
}

/** One more failed send in a row; at the threshold the breaker pauses the digest (and the message is done). */
async function countFault(
  deps: ConsumerDeps,
  run: Run,
  digest: number,
  reason: string,
  triedMs: number,
): Promise<Verdict | null> {
  run.streakOpen = true;
  const streak = await recordFault(deps.db, digest, triedMs);
  if (streak < deps.settings.breakerThreshold) return null;
  await pause(deps, run, digest, "cooldown", `${streak} failed sends in a row; the last: ${reason}`, triedMs);
  return { ack: true };
}

/** A claim found on a delivery this invocation did not claim: sent, settled, or another sender's. */
async function lookAtClaim(deps: ConsumerDeps, digest: number, subscriberId: number, nowMs: number): Promise<Verdict> {
  // Sent, failed or skipped: nothing to do. Claimed: another invocation is sending, or died after
  // claiming; look again once the claim is stale, and then close it as failed instead of sending,
  // since the message may already have been handed to the transport.
  const row = await deliveryState(deps.db, digest, subscriberId);
  if (row?.state !== "sending") return { ack: true };
  if (row.updatedMs >= nowMs - deps.settings.staleClaimSeconds * 1000) {
    return { retryAfterSeconds: deps.settings.staleClaimSeconds };
  }
  await settle(
    deps.db,
    digest,
    subscriberId,
    "sending",
    "failed",
    nowMs,
    "outcome unknown: the sender stopped mid-send",
  );
  return { ack: true };
}

interface SendItem {
  message: Message<unknown>;
  subscriber: number;
}

function apply(message: Message<unknown>, verdict: Verdict) {
  if ("ack" in verdict) message.ack();
  else message.retry({ delaySeconds: verdict.retryAfterSeconds });
}

/**
 * Sends one digest to the recipients of a batch, a window at a time (as many as the mailer has
 * connections): one round trip claims the window and reads its subscribers, its mails go out
 * concurrently, and one more round trip settles the sent ones. Claiming a window only when it is
 * sent keeps what a crash can leave claimed to the mails under way. Each message gets its own
 * verdict; a failure never aborts the others. Once the digest pauses, nothing more is claimed.
 */
async function sendGroup(deps: ConsumerDeps, runs: Map<number, Run>, digest: number, items: SendItem[]) {
  let run: Run;
  try {
    run = await loadRun(deps, runs, digest);
  } catch (error) {
    console.error(`delivery batch of digest ${digest} failed before sending`, error);
    for (const item of items) item.message.retry({ delaySeconds: deps.settings.retryBaseSeconds });
    return;
  }
  const size = deps.settings.smtpConnections;
  for (let i = 0; i < items.length; i += size) {
    const window = items.slice(i, i + size);
    // A paused digest's deliveries stay queued; resuming fans them out again.
    if (run.paused) for (const item of window) item.message.ack();
    else await sendWindow(deps, run, digest, window);
  }
}

async function sendWindow(deps: ConsumerDeps, run: Run, digest: number, items: SendItem[]) {
  const { db, config } = deps;
  const nowMs = deps.now();
  let claimed: Claimed;
  try {
    claimed = await claimMany(
      db,
      digest,
      items.map((i) => i.subscriber),
      nowMs,
    );
  } catch (error) {
    // Storage trouble before anything was claimed: let the queue try again later.
    console.error(`delivery batch of digest ${digest} failed before sending`, error);
    for (const item of items) item.message.retry({ delaySeconds: deps.settings.retryBaseSeconds });
    return;
  }
  const template = run.template;
  const sent: SendItem[] = [];
  const untried: SendItem[] = [];
  await Promise.all(
    items.map(async (item) => {
      const { message, subscriber: id } = item;
      try {
        // Taken out of the claimed set before any await: a second message for the same delivery in
        // this window finds it gone and is treated as another sender's claim (nothing sent twice).
        const attempts = claimed.attempts.get(id);
        if (attempts === undefined) return apply(message, await lookAtClaim(deps, digest, id, nowMs));
        claimed.attempts.delete(id);
        const subscriber = claimed.subscribers.get(id);
        if (subscriber?.status !== "confirmed") {
          await settle(db, digest, id, "sending", "skipped", nowMs, `subscriber is ${subscriber?.status ?? "erased"}`);
          return message.ack();
        }
        if (!template) {
          await settle(db, digest, id, "sending", "failed", nowMs, "digest not found");
          return message.ack();
        }
        if (run.paused) return untried.push(item);
        const link = await unsubscribeUrl({ config, secret: deps.secret, nowMs }, subscriber);
        const outcome = await deps.mailer.sendPersonal(template, subscriber.email, link, unsubscribeHeaders(link));
        if (outcome.ok) return sent.push(item);
        apply(message, await settleFailure(deps, run, digest, id, attempts, decide(outcome.failure), nowMs));
      } catch (error) {
        // Storage trouble around one delivery: the queue tries it again (a claimed row then waits
        // for its claim to go stale, and is closed, not resent, if the mail may have gone out).
        console.error(`delivery message ${message.id} failed`, error);
        message.retry({ delaySeconds: deps.settings.retryBaseSeconds });
      }
    }),
  );
  const doneMs = deps.now();
  try {
    await settleSent(
      db,
      digest,
      sent.map((i) => i.subscriber),
      doneMs,
    );
    if (sent.length > 0 && run.streakOpen) {
      run.streakOpen = false;
      await clearFaults(db, digest);
    }
  } catch (error) {
    // The mails went out; their rows stay claimed and are closed as "outcome unknown" once stale.
    console.error(`settling the sent deliveries of digest ${digest} failed`, error);
  }
  for (const item of sent) item.message.ack();
  try {
    await unclaim(
      db,
      digest,
      untried.map((i) => i.subscriber),
      doneMs,
    );
    for (const item of untried) item.message.ack();
  } catch (error) {
    // Never tried: their messages come back, and once the claims are stale the sweep closes them.
    console.error(`giving back the untried deliveries of digest ${digest} failed`, error);
    for (const item of untried) item.message.retry({ delaySeconds: deps.settings.retryBaseSeconds });
  }
}

/** Handles one batch from the deliveries queue. */
export async function consumeDeliveries(batch: MessageBatch<unknown>, deps: ConsumerDeps): Promise<void> {
  const runs = new Map<number, Run>();
  const sends = new Map<number, SendItem[]>();
  try {
    for (const message of batch.messages) {
      const body = message.body;
      if (!isDeliveryMessage(body)) {
        console.error(`dropping a malformed delivery message ${message.id}`);
        message.ack();
        continue;
      }
      if (body.kind === "send") {
        sends.set(body.digest, [...(sends.get(body.digest) ?? []), { message, subscriber: body.subscriber }]);
        continue;
      }
      try {
        if (body.kind === "fanout") await fanout(deps.db, deps.queue, body.digest, body.after, body.due ?? null);
        else if (await resumeDigest(deps.db, body.digest, deps.now(), body.pausedMs)) {
          console.log(`digest ${body.digest} resumed after its cooldown`);
          await fanout(deps.db, deps.queue, body.digest, 0, null);
        }
        message.ack();
      } catch (error) {
        // Storage or queue trouble: let the queue try again later (and dead-letter it at the end).
        console.error(`delivery message ${message.id} failed`, error);
        message.retry({ delaySeconds: deps.settings.retryBaseSeconds });
      }
    }
    for (const [digest, items] of sends) await sendGroup(deps, runs, digest, items);
    const nowMs = deps.now();
    for (const digest of runs.keys()) await touchDigest(deps.db, digest, nowMs).catch(() => undefined);
  } finally {
    await deps.mailer.close();
  }
}

/** Dead letters: deliveries whose retries ran out are closed as failed, with the last error kept. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, db: D1Database, nowMs: number): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body;
    if (isDeliveryMessage(body) && body.kind === "send") await giveUp(db, body.digest, body.subscriber, nowMs);
    message.ack();
  }
}

/** Email Service events: hard bounces and complaints suppress the address; the rest are noted and dropped. */
export async function consumeEmailEvents(
  batch: MessageBatch<unknown>,
  db: D1Database,
  config: SiteConfig,
  nowMs: number,
) {
  for (const message of batch.messages) {
    const suppression = suppressionFromEmailEvent(message.body);
    if (suppression) {
      try {
        await suppressByMailbox(db, suppression.mailbox, suppression.reason, zonedIso(nowMs, config.timeZone));
      } catch (error) {
        console.error(`email event ${message.id} could not be applied`, error);
        message.retry();
        continue;
      }
    }
    message.ack();
  }
}
