// The queue consumer: fans a digest out as windows of recipients (one queue message each), and sends
// each recipient at most once. A window is claimed whole, in one D1 round trip, then sent over the
// mailer's SMTP_CONNECTIONS connections, the next recipient to whichever connection is free; its
// outcomes are written in one round trip at the end (and, on a slow relay, on the way, so that the
// claim never looks stale). A recipient whose send must be tried again is given back alone, in a
// retry group of its own; a failure never aborts the others. Failures that are not about a recipient
// pause the digest (the circuit breaker) and suppress nobody.
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { RECIPIENT_UNSUBSCRIBE_URL, type RenderedDigest } from "../digest/render.ts";
import { getDigest } from "../digest/repository.ts";
import type { Mailer, MailTemplate } from "../mail/mailer.ts";
import { digestTemplate, unsubscribeHeaders } from "../mail/messages.ts";
import { unsubscribeUrl } from "../subscribers/service.ts";
import { type Decision, decide } from "./decide.ts";
import { suppressionFromEmailEvent } from "./email-events.ts";
import { type DeliveryMessage, isDeliveryMessage, MAX_RETRY_GROUP, rowRecipients } from "./messages.ts";
import {
  type ClaimedWindow,
  claimRows,
  claimWindow,
  clearFaults,
  closeStaleClaims,
  deliveryState,
  digestRun,
  giveUp,
  type Outcome,
  pauseDigest,
  queuedPage,
  queuedWindows,
  type Recipient,
  recordFault,
  resumeDigest,
  settle,
  settleRows,
  settleWindowGroup,
  suppressByMailbox,
  touchDigest,
  UNKNOWN_MID_SEND,
  type WindowNext,
  windowState,
} from "./repository.ts";
import { editionEmail, editionEmails } from "./sends-repository.ts";
import { type DeliverySettings, MAX_WINDOW_SIZE } from "./settings.ts";

/** Queued deliveries (rows) enqueued per fan-out step, in retry groups of a window's size. */
export const FANOUT_PAGE = 500;
/** Windows enqueued per fan-out step: one sendBatch (Queues take at most 100 messages in one). */
export const WINDOWS_PAGE = 100;
/** Longest pause of the breaker, whatever the number of pauses before. */
const MAX_COOLDOWN_MS = 3600 * 1000;
/**
 * Tries of one delivery before it is closed as failed (the first and 8 retries, as the queue's
 * max_retries gave before retries were messages of their own).
 */
export const MAX_ATTEMPTS = 9;

export interface ConsumerDeps {
  db: D1Database;
  queue: Queue<DeliveryMessage>;
  /** The mailer, made on the first call (a batch that only fans out sends nothing, and makes none). */
  mailer: () => Mailer;
  /** Closes the mailer if it was made. */
  closeMailer: () => Promise<void>;
  config: SiteConfig;
  secret: string;
  now: () => number;
  settings: DeliverySettings;
}

/** What this invocation knows of a digest: its emails (one template per edition) and whether it is paused. */
interface Run {
  digest: number;
  /** When it was stored (with its number, names its renderings, which never change); null: not found. */
  createdMs: number | null;
  /** Its editions' templates this invocation loaded (0: the digest's own email). */
  templates: Map<number, MailTemplate | null>;
  paused: boolean;
  /** A failure or a cooldown was recorded since the last success, so a success must clear them. */
  streakOpen: boolean;
  /** Recipients to try again, by delay in seconds: one retry group (queue message) each. */
  retries: Map<number, number[]>;
  /** Recipients claimed by another sender, to look at again once that claim may be stale. */
  later: number[];
}

const groupsOf = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Enqueues one page of a digest's queued windows, and the next page. */
export async function fanoutWindows(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  digest: number,
  after: number,
): Promise<void> {
  const windows = await queuedWindows(db, digest, after, WINDOWS_PAGE);
  const last = windows.at(-1);
  if (last === undefined) return;
  // The next page goes first, so that it is not stuck behind this page's sends.
  if (windows.length === WINDOWS_PAGE) await queue.send({ kind: "windows", digest, after: last });
  await queue.sendBatch(windows.map((window) => ({ body: { kind: "window", digest, window } as DeliveryMessage })));
}

/**
 * Enqueues one page of a digest's queued deliveries (rows: retries, or stored before windows) in
 * retry groups, and the next page; from the start (after 0), its queued windows too.
 */
export async function fanout(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  digest: number,
  after: number,
  due: number | null,
  groupSize: number,
): Promise<void> {
  if (after === 0) await fanoutWindows(db, queue, digest, 0);
  const ids = await queuedPage(db, digest, after, FANOUT_PAGE, due);
  const last = ids.at(-1);
  if (last === undefined) return;
  if (ids.length === FANOUT_PAGE) {
    await queue.send({ kind: "fanout", digest, after: last, ...(due === null ? {} : { due }) });
  }
  const groups = groupsOf(ids, Math.min(groupSize, MAX_RETRY_GROUP));
  for (const part of groupsOf(groups, 100)) {
    await queue.sendBatch(
      part.map((subscribers) => ({ body: { kind: "retry", digest, subscribers } as DeliveryMessage })),
    );
  }
}

/**
 * The emails of the digests this isolate sent lately, by number and edition: a stored digest's
 * renderings never change, so later invocations need not read them again, nor the mailer compile
 * them again (the mailer keeps what it prepared for as long as the template object lives).
 */
const TEMPLATES = new Map<string, { key: string; template: MailTemplate | null }>();
const TEMPLATES_KEPT = 32;
/**
 * Editions read with a window's own, ahead: the next windows hold the next editions (windows are
 * filled in edition order), so one query serves several windows rather than one query each.
 */
const EDITIONS_READ_AHEAD = 8;

const templatesKey = (deps: ConsumerDeps, createdMs: number) => `${createdMs} ${JSON.stringify(deps.config)}`;

/** Keeps an edition's template in the isolate (the oldest go past TEMPLATES_KEPT). */
function keepTemplate(name: string, key: string, template: MailTemplate | null): MailTemplate | null {
  TEMPLATES.delete(name);
  TEMPLATES.set(name, { key, template });
  for (const old of TEMPLATES.keys()) if (TEMPLATES.size > TEMPLATES_KEPT) TEMPLATES.delete(old);
  return template;
}

async function templateOf(
  deps: ConsumerDeps,
  digest: number,
  createdMs: number,
  edition: number,
): Promise<MailTemplate | null> {
  const key = templatesKey(deps, createdMs);
  const name = `${digest}/${edition}`;
  const kept = TEMPLATES.get(name);
  if (kept?.key === key) return kept.template;
  // Edition 0 is the digest's own email (a per-post email, a digest stored before editions).
  const email =
    edition === 0 ? (await getDigest(deps.db, digest)).value?.email : await editionEmail(deps.db, digest, edition);
  return keepTemplate(name, key, email ? digestTemplate(deps.config, email, RECIPIENT_UNSUBSCRIBE_URL) : null);
}

/**
 * The templates of several editions of the run's digest (a window's): those neither this invocation
 * nor the isolate has read, in one query with the next few editions (EDITIONS_READ_AHEAD).
 */
async function editionTemplates(
  deps: ConsumerDeps,
  run: Run,
  editions: ReadonlySet<number>,
): Promise<Map<number, MailTemplate | null>> {
  if (run.createdMs !== null) {
    const key = templatesKey(deps, run.createdMs);
    const kept = (e: number) => TEMPLATES.get(`${run.digest}/${e}`)?.key === key;
    const missing = [...editions].filter((e) => e > 0 && !run.templates.has(e) && !kept(e));
    if (missing.length > 0) {
      const last = Math.max(...missing);
      const ahead = Array.from({ length: EDITIONS_READ_AHEAD }, (_, i) => last + 1 + i).filter((e) => !kept(e));
      const emails = await editionEmails(deps.db, run.digest, [...missing, ...ahead]);
      const toTemplate = (email: RenderedDigest | undefined) =>
        email ? digestTemplate(deps.config, email, RECIPIENT_UNSUBSCRIBE_URL) : null;
      for (const e of missing) run.templates.set(e, keepTemplate(`${run.digest}/${e}`, key, toTemplate(emails.get(e))));
      // Those ahead go last, the newest kept; an edition past the digest's last is not found, and not kept.
      for (const e of ahead) if (emails.has(e)) keepTemplate(`${run.digest}/${e}`, key, toTemplate(emails.get(e)));
    }
  }
  const out = new Map<number, MailTemplate | null>();
  for (const e of editions) out.set(e, await editionTemplate(deps, run, e));
  return out;
}

/** The template of one edition of the run's digest (null when the digest or the edition is not found). */
async function editionTemplate(deps: ConsumerDeps, run: Run, edition: number): Promise<MailTemplate | null> {
  if (run.createdMs === null) return null;
  if (!run.templates.has(edition)) {
    run.templates.set(edition, await templateOf(deps, run.digest, run.createdMs, edition));
  }
  return run.templates.get(edition) ?? null;
}

async function loadRun(deps: ConsumerDeps, runs: Map<number, Run>, digest: number): Promise<Run> {
  let run = runs.get(digest);
  if (!run) {
    const state = await digestRun(deps.db, digest);
    run = {
      digest,
      createdMs: state?.createdMs ?? null,
      templates: new Map(),
      paused: state?.pausedMs != null,
      streakOpen: (state?.faultStreak ?? 0) > 0 || (state?.cooldowns ?? 0) > 0,
      retries: new Map(),
      later: [],
    };
    runs.set(digest, run);
  }
  return run;
}

/** Pauses the digest (if not already) and tells the queue to resume a cooldown pause when it ends. */
async function pause(deps: ConsumerDeps, run: Run, kind: "operator" | "cooldown", reason: string, triedMs: number) {
  run.paused = true;
  const nowMs = deps.now();
  const paused = await pauseDigest(deps.db, run.digest, {
    kind,
    reason,
    nowMs,
    triedMs,
    cooldownMs: deps.settings.breakerCooldownSeconds * 1000,
    maxCooldownMs: MAX_COOLDOWN_MS,
  });
  console.warn(`digest ${run.digest} paused (${kind}): ${reason}`);
  if (paused?.resumeAtMs != null) {
    const delaySeconds = Math.max(1, Math.ceil((paused.resumeAtMs - nowMs) / 1000));
    await deps.queue.send({ kind: "resume", digest: run.digest, pausedMs: paused.pausedMs }, { delaySeconds });
  }
}

function backoff(deps: ConsumerDeps, attempts: number): number {
  return Math.min(3600, deps.settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
}

/** One more failed send in a row; at the threshold the breaker pauses the digest. */
async function countFault(deps: ConsumerDeps, run: Run, reason: string, triedMs: number): Promise<void> {
  run.streakOpen = true;
  const streak = await recordFault(deps.db, run.digest, triedMs);
  if (streak >= deps.settings.breakerThreshold) {
    await pause(deps, run, "cooldown", `${streak} failed sends in a row; the last: ${reason}`, triedMs);
  }
}

const outcome = (subscriber: number, state: Outcome["state"], error: string | null = null): Outcome => ({
  subscriber,
  state,
  error,
  dueMs: null,
  untried: false,
  suppress: false,
});

/** What a failed send's decision makes of the delivery, and of the digest (pause, breaker). */
async function failureOutcome(
  deps: ConsumerDeps,
  run: Run,
  id: number,
  attempts: number,
  decision: Decision,
  triedMs: number,
): Promise<Outcome> {
  switch (decision.kind) {
    case "bounce":
      // The recipient's mailbox itself was refused: the delivery fails and the address is never mailed again.
      return { ...outcome(id, "failed", decision.reason), suppress: true };
    case "undeliverable":
      return outcome(id, "failed", decision.reason);
    case "pause":
      // Not the recipient's fault: the delivery waits, untouched, for the digest to resume.
      await pause(deps, run, "operator", decision.reason, triedMs);
      return outcome(id, "queued", decision.reason);
    case "unknown":
      // Handed over without an answer: it may have arrived, so it is never sent again.
      await countFault(deps, run, decision.reason, triedMs);
      return outcome(id, "failed", decision.reason);
    case "retry": {
      await countFault(deps, run, decision.reason, triedMs);
      if (attempts >= MAX_ATTEMPTS) return outcome(id, "failed", `gave up after retries: ${decision.reason}`);
      const delay = backoff(deps, attempts);
      run.retries.set(delay, [...(run.retries.get(delay) ?? []), id]);
      return { ...outcome(id, "queued", decision.reason), dueMs: triedMs + delay * 1000 };
    }
  }
}

/** Sends the digest to one claimed recipient and returns its outcome; a failure is an outcome, never thrown. */
async function sendOne(
  deps: ConsumerDeps,
  run: Run,
  { id, attempts }: { id: number; attempts: number },
  subscribers: Map<number, Recipient>,
  /** The email this recipient gets (their edition's). */
  template: MailTemplate | null,
): Promise<Outcome> {
  const { config, secret } = deps;
  const subscriber = subscribers.get(id);
  if (subscriber?.status !== "confirmed")
    return outcome(id, "skipped", `subscriber is ${subscriber?.status ?? "erased"}`);
  if (!template) return outcome(id, "failed", "digest not found");
  if (run.paused) return { ...outcome(id, "queued"), untried: true };
  const nowMs = deps.now();
  let handedOver = false;
  try {
    const link = await unsubscribeUrl({ config, secret, nowMs }, subscriber);
    handedOver = true;
    const result = await deps.mailer().sendPersonal(template, subscriber.email, link, unsubscribeHeaders(link));
    if (result.ok) return outcome(id, "sent");
    return await failureOutcome(deps, run, id, attempts, decide(result.failure), nowMs);
  } catch (error) {
    // Trouble around one send (the transport threw, or storage while counting a fault). Once the
    // mail was handed to the transport it may have gone out: never resent. Before that, it waits
    // for a retry.
    console.error(`delivery of digest ${run.digest} to subscriber ${id} failed`, error);
    const what = String(error).slice(0, 300);
    if (handedOver) return outcome(id, "failed", `outcome unknown: ${what}`);
    const delay = deps.settings.retryBaseSeconds;
    run.retries.set(delay, [...(run.retries.get(delay) ?? []), id]);
    return { ...outcome(id, "queued", what), dueMs: nowMs + delay * 1000 };
  }
}

/**
 * Sends to claimed recipients in order over SMTP_CONNECTIONS senders at once (times the mailer's
 * sends per connection: over SMTP, sends wait for each connection, so that a message's content goes
 * out with the next one's commands), each taking the next recipient as soon as its last send is
 * answered (no sender waits for the slowest of a group). Once
 * `stop()` says so (the digest paused, the claim lost), no sender takes another: the recipients
 * tried are then always a prefix of `items`. Returns how many were taken; `done` gets each outcome.
 */
async function sendEach(
  deps: ConsumerDeps,
  run: Run,
  items: readonly { id: number; attempts: number }[],
  subscribers: Map<number, Recipient>,
  /** The email each recipient gets (their edition's). */
  templateFor: (id: number) => MailTemplate | null,
  done: (outcome: Outcome) => void,
  stop: () => boolean = () => false,
): Promise<number> {
  let next = 0;
  const sender = async () => {
    for (let item = items[next]; item !== undefined && !stop(); item = items[next]) {
      next++;
      const o = await sendOne(deps, run, item, subscribers, templateFor(item.id));
      if (o.state === "sent") await breakStreak(deps, run);
      done(o);
    }
  };
  const senders = deps.settings.smtpConnections * (deps.mailer().sendsPerConnection ?? 1);
  await Promise.all(Array.from({ length: Math.min(senders, items.length) }, sender));
  return next;
}

/** A message went out: the breaker's streak of failures (if one is open) is broken. */
async function breakStreak(deps: ConsumerDeps, run: Run) {
  if (!run.streakOpen) return;
  run.streakOpen = false;
  try {
    await clearFaults(deps.db, run.digest);
  } catch (error) {
    // Storage trouble: the next message that goes out tries again.
    run.streakOpen = true;
    console.error(`clearing the failures in a row of digest ${run.digest} failed`, error);
  }
}

/** Claims a window, or learns why it cannot: done, someone else's (fresh), or stale (then closed and claimed). */
async function claimOrLook(
  deps: ConsumerDeps,
  digest: number,
  window: number,
  token: string,
  nowMs: number,
): Promise<ClaimedWindow | { retryAfterSeconds: number } | null> {
  // The whole window: every recipient of it is covered by the claim before the first is sent.
  const group = MAX_WINDOW_SIZE;
  const claimed = await claimWindow(deps.db, digest, window, token, group, nowMs);
  if (claimed) return claimed;
  const state = await windowState(deps.db, digest, window);
  if (state?.state !== "sending") return null;
  const staleBefore = nowMs - deps.settings.staleClaimSeconds * 1000;
  // Another invocation is sending it, or died after claiming it: look again once its claim is stale.
  if (state.updatedMs >= staleBefore) return { retryAfterSeconds: deps.settings.staleClaimSeconds };
  // It died: the group it had under way is closed as "outcome unknown" (never resent), the rest is sent.
  await closeStaleClaims(deps.db, staleBefore, nowMs, { digest, window });
  return claimWindow(deps.db, digest, window, token, group, nowMs);
}

/**
 * Sends one window: claimed whole, then sent over the mailer's connections; its outcomes are written,
 * and the claim ended, in one round trip at the end. A relay so slow that the claim would look stale
 * gets the outcomes written on the way (every quarter of STALE_CLAIM_SECONDS), which keeps the claim
 * fresh. Once the digest pauses, no further recipient is tried, and the window goes back to the
 * queue with its claim mark after the last one tried.
 */
async function sendWindow(deps: ConsumerDeps, run: Run, window: number, message: Message<unknown>) {
  const { db, settings } = deps;
  const token = crypto.randomUUID();
  let claimed: Awaited<ReturnType<typeof claimOrLook>>;
  try {
    claimed = await claimOrLook(deps, run.digest, window, token, deps.now());
  } catch (error) {
    // Storage trouble before anything was claimed: let the queue try again later.
    console.error(`window ${window} of digest ${run.digest} failed before sending`, error);
    return message.retry({ delaySeconds: settings.retryBaseSeconds });
  }
  if (claimed === null) return message.ack();
  if ("retryAfterSeconds" in claimed) return message.retry({ delaySeconds: claimed.retryAfterSeconds });
  const { pending, subscribers, throughId, editions } = claimed;
  // Each recipient's edition's email (a window may hold several editions), read once per invocation.
  let templates: Map<number, MailTemplate | null>;
  try {
    templates = await editionTemplates(deps, run, new Set(editions.values()));
  } catch (error) {
    // Storage trouble after the claim, before anything was sent (rare: an edition is read once per
    // invocation at most, and kept by the isolate). As after a crash, the claim goes stale and its
    // recipients are closed as "outcome unknown", never sent.
    console.error(`window ${window} of digest ${run.digest}: its edition could not be read`, error);
    return message.retry({ delaySeconds: settings.staleClaimSeconds });
  }
  const outcomes: Outcome[] = [];
  /** Writes the outcomes so far and moves or ends the claim; outcomes not written are kept for the next write. */
  const write = async (next: WindowNext): Promise<boolean> => {
    const batch = outcomes.splice(0);
    const doneMs = deps.now();
    const nowIso = zonedIso(doneMs, deps.config.timeZone);
    try {
      return await settleWindowGroup(db, run.digest, window, token, batch, next, doneMs, nowIso, editions);
    } catch (error) {
      outcomes.unshift(...batch);
      throw error;
    }
  };
  // Outcomes written on the way: one write at a time; a failed or lost one stops the sending.
  const refreshMs = (settings.staleClaimSeconds * 1000) / 4;
  let writtenMs = deps.now();
  let writing: Promise<void> | null = null;
  let trouble: unknown = null;
  let lost = false;
  const done = (o: Outcome) => {
    outcomes.push(o);
    if (writing !== null || deps.now() - writtenMs < refreshMs) return;
    writtenMs = deps.now();
    writing = write({ throughId })
      .then(
        (ours) => {
          lost ||= !ours;
        },
        (error: unknown) => {
          trouble = error;
        },
      )
      .finally(() => {
        writing = null;
      });
  };
  const items = pending.map((id) => ({ id, attempts: 1 }));
  const stop = () => lost || trouble !== null || run.paused;
  const taken = await sendEach(
    deps,
    run,
    items,
    subscribers,
    (id) => templates.get(editions.get(id) ?? 0) ?? null,
    done,
    stop,
  );
  await writing;
  // Lost: another sender closed the claim as stale; what it found without an outcome is closed.
  if (lost) return message.ack();
  // Every recipient tried: done. Else (a pause, or a write that failed on the way) back to the queue,
  // the mark after the last one tried (with none tried, where this claim began).
  const next: WindowNext =
    taken === pending.length ? { end: "done" } : { end: "queued", throughId: pending[taken - 1] };
  try {
    await write(next);
  } catch (error) {
    // The mails went out but their outcomes were not written: the claim goes stale and its
    // recipients without an outcome are closed as "outcome unknown"; the message comes back then.
    console.error(`settling window ${window} of digest ${run.digest} failed`, error, trouble ?? "");
    return message.retry({ delaySeconds: settings.staleClaimSeconds });
  }
  // A paused digest's window waits for the resume; one stopped by storage trouble comes back.
  if (taken < pending.length && !run.paused) return message.retry({ delaySeconds: settings.retryBaseSeconds });
  message.ack();
}

interface RowItem {
  message: Message<unknown>;
  ids: number[];
}

/**
 * Sends to recipients whose deliveries are rows (retry groups; sends stored before windows), a
 * group at a time: each group claimed (queued → sending) in one round trip and settled in another.
 * A delivery found claimed by another sender is looked at again once that claim may be stale.
 */
async function sendRows(deps: ConsumerDeps, run: Run, items: RowItem[]) {
  const { db, settings } = deps;
  const failed = new Set<Message<unknown>>();
  const owners = new Map<number, Message<unknown>[]>();
  for (const item of items) for (const id of item.ids) owners.set(id, [...(owners.get(id) ?? []), item.message]);
  for (const group of groupsOf([...owners.keys()], settings.smtpConnections)) {
    if (run.paused) break;
    const nowMs = deps.now();
    try {
      const claimed = await claimRows(db, run.digest, group, nowMs);
      const mine = group.flatMap((id) => {
        const attempts = claimed.attempts.get(id);
        return attempts === undefined ? [] : [{ id, attempts }];
      });
      for (const id of group) if (!claimed.attempts.has(id)) await lookAtRow(deps, run, id, nowMs);
      const templates = await editionTemplates(deps, run, new Set(claimed.editions.values()));
      const outcomes: Outcome[] = [];
      const templateFor = (id: number) => templates.get(claimed.editions.get(id) ?? 0) ?? null;
      await sendEach(deps, run, mine, claimed.subscribers, templateFor, (o) => outcomes.push(o));
      const doneMs = deps.now();
      await settleRows(db, run.digest, outcomes, doneMs, zonedIso(doneMs, deps.config.timeZone));
    } catch (error) {
      // Storage trouble: the messages come back (a delivery left claimed waits until its claim is stale).
      console.error(`a retry group of digest ${run.digest} failed`, error);
      for (const id of group) for (const m of owners.get(id) ?? []) failed.add(m);
    }
  }
  // A paused digest's deliveries stay queued; resuming fans them out again.
  for (const item of items) {
    if (failed.has(item.message)) item.message.retry({ delaySeconds: settings.retryBaseSeconds });
    else item.message.ack();
  }
}

/** A delivery this invocation could not claim: settled (nothing to do), another's (look later), or stale (closed). */
async function lookAtRow(deps: ConsumerDeps, run: Run, id: number, nowMs: number) {
  // Claimed: another invocation is sending, or died after claiming; look again once the claim is
  // stale, and then close it as failed instead of sending, since it may already have gone out.
  const row = await deliveryState(deps.db, run.digest, id);
  if (row?.state !== "sending") return;
  if (row.updatedMs >= nowMs - deps.settings.staleClaimSeconds * 1000) run.later.push(id);
  else await settle(deps.db, run.digest, id, "sending", "failed", nowMs, UNKNOWN_MID_SEND);
}

/** Enqueues the retry groups and the looks-again a digest's sends left, unless it paused (resuming fans them out). */
async function enqueueRetries(deps: ConsumerDeps, run: Run) {
  const groups: { ids: number[]; delaySeconds: number }[] = [];
  if (!run.paused) for (const [delaySeconds, ids] of run.retries) groups.push({ ids, delaySeconds });
  if (run.later.length > 0) groups.push({ ids: run.later, delaySeconds: deps.settings.staleClaimSeconds });
  for (const { ids, delaySeconds } of groups) {
    for (const subscribers of groupsOf(ids, MAX_RETRY_GROUP)) {
      await deps.queue.send({ kind: "retry", digest: run.digest, subscribers }, { delaySeconds });
    }
  }
  run.retries.clear();
  run.later = [];
}

/** Handles one batch from the deliveries queue. */
export async function consumeDeliveries(batch: MessageBatch<unknown>, deps: ConsumerDeps): Promise<void> {
  const runs = new Map<number, Run>();
  const windows: { message: Message<unknown>; digest: number; window: number }[] = [];
  const rows = new Map<number, RowItem[]>();
  const groupSize = deps.settings.windowSize;
  try {
    for (const message of batch.messages) {
      const body = message.body;
      if (!isDeliveryMessage(body)) {
        console.error(`dropping a malformed delivery message ${message.id}`);
        message.ack();
        continue;
      }
      if (body.kind === "window") {
        windows.push({ message, digest: body.digest, window: body.window });
        continue;
      }
      if (body.kind === "retry" || body.kind === "send") {
        rows.set(body.digest, [...(rows.get(body.digest) ?? []), { message, ids: rowRecipients(body) }]);
        continue;
      }
      try {
        if (body.kind === "fanout")
          await fanout(deps.db, deps.queue, body.digest, body.after, body.due ?? null, groupSize);
        else if (body.kind === "windows") await fanoutWindows(deps.db, deps.queue, body.digest, body.after);
        else if (await resumeDigest(deps.db, body.digest, deps.now(), body.pausedMs)) {
          console.log(`digest ${body.digest} resumed after its cooldown`);
          await fanout(deps.db, deps.queue, body.digest, 0, null, groupSize);
        }
        message.ack();
      } catch (error) {
        // Storage or queue trouble: let the queue try again later (and dead-letter it at the end).
        console.error(`delivery message ${message.id} failed`, error);
        message.retry({ delaySeconds: deps.settings.retryBaseSeconds });
      }
    }
    // A batch that sends makes its mailer before it claims anything: a missing mail transport fails
    // the batch (the queue tries it again), never a window or a delivery already claimed.
    if (windows.length > 0 || rows.size > 0) deps.mailer();
    await sendAll(deps, runs, windows, rows);
    const nowMs = deps.now();
    for (const digest of runs.keys()) await touchDigest(deps.db, digest, nowMs).catch(() => undefined);
  } finally {
    await deps.closeMailer();
  }
}

async function sendAll(
  deps: ConsumerDeps,
  runs: Map<number, Run>,
  windows: { message: Message<unknown>; digest: number; window: number }[],
  rows: Map<number, RowItem[]>,
) {
  const load = async (digest: number, messages: Message<unknown>[]) => {
    try {
      return await loadRun(deps, runs, digest);
    } catch (error) {
      console.error(`delivery of digest ${digest} failed before sending`, error);
      for (const m of messages) m.retry({ delaySeconds: deps.settings.retryBaseSeconds });
      return null;
    }
  };
  // An invocation sends at most so many windows (the Free-plan profile: one); the rest come back.
  let budget = deps.settings.windowsPerInvocation;
  for (const { message, digest, window } of windows) {
    if (budget <= 0) {
      message.retry();
      continue;
    }
    const run = await load(digest, [message]);
    if (!run) continue;
    // A paused digest's windows stay queued; resuming fans them out again.
    if (run.paused) message.ack();
    else {
      budget--;
      await sendWindow(deps, run, window, message);
    }
  }
  for (const [digest, items] of rows) {
    const run = await load(
      digest,
      items.map((i) => i.message),
    );
    if (run) await sendRows(deps, run, items);
  }
  for (const run of runs.values()) {
    try {
      await enqueueRetries(deps, run);
    } catch (error) {
      // Their deliveries are queued rows with a due time: the sweep fans them out once the digest is idle.
      console.error(`enqueueing the retries of digest ${run.digest} failed`, error);
    }
  }
}

/** Dead letters: deliveries whose retries ran out are closed as failed, with the last error kept. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, db: D1Database, nowMs: number): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body;
    if (isDeliveryMessage(body) && (body.kind === "send" || body.kind === "retry")) {
      for (const id of rowRecipients(body)) await giveUp(db, body.digest, id, nowMs);
    } else if (isDeliveryMessage(body) && body.kind === "window") {
      // Its window stays queued (or its claim goes stale): the sweep fans it out again.
      console.error(`window ${body.window} of digest ${body.digest} was dead-lettered`);
    }
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
