// Subscribe, confirm, unsubscribe: the rules, over the repository, the confirmations queue and tokens.
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { type Message, message } from "../i18n/index.ts";
import { readTagUses } from "../posts/repository.ts";
import { buildTagIndex, type Tag, tagSlug } from "../posts/tags.ts";
import { normaliseAddress, SMTPUTF8_UNSUPPORTED } from "./address.ts";
import {
  addRequest,
  type Choices,
  type ChoiceWords,
  choiceFrom,
  choiceText,
  DEFAULT_CHOICES,
  decodeChoices,
  isFrequency,
  MAX_TOPICS,
  sameChoices,
  topicList,
} from "./choices.ts";
import type { ConfirmationMessage } from "./confirmations.ts";
import {
  eraseByMailbox,
  findByMailbox,
  findTokenSubject,
  markConfirmed,
  markUnsubscribed,
  type Subscriber,
  setChoices,
  takeRateLimit,
} from "./repository.ts";
import { issuedMs, signToken, splitChoice, type TokenPurpose, tokenSubject, verifyToken } from "./tokens.ts";

/** Subscribe requests allowed per client (an IPv4 address or an IPv6 /64) in one window. */
export const SUBSCRIBE_LIMIT = { count: 10, windowMs: 10 * 60 * 1000 };

export interface Deps {
  db: D1Database;
  config: SiteConfig;
  secret: string;
  nowMs: number;
}

export interface SubscribeDeps {
  db: D1Database;
  queue: Queue<ConfirmationMessage>;
  nowMs: number;
  /** Asked only for a UTF-8 local part: can the mail transport deliver to it? */
  smtpUtf8: () => Promise<boolean>;
}

/** The tags readers can choose: those of published posts (each has its page, its feeds and its form). */
export async function publishedTopics(db: D1Database): Promise<Tag[]> {
  return buildTagIndex((await readTagUses(db)).value);
}

/** A choice in readers' words: its tags by name (a tag whose posts are all gone keeps its slug). */
export async function choiceInWords(db: D1Database, choices: Choices): Promise<ChoiceWords> {
  if (choices.topics === "all") return { topics: "all", frequency: choices.frequency };
  const names = new Map((await publishedTopics(db)).map((tag) => [tag.slug, tag.name]));
  return { topics: choices.topics.map((slug) => names.get(slug) ?? slug), frequency: choices.frequency };
}

/** Every tag a post has carried (published or withdrawn), by slug: what an import may name. */
export async function storedTopics(db: D1Database): Promise<Set<string>> {
  const slugs = (await readTagUses(db)).value.map((use) => tagSlug(use.tag));
  return new Set(slugs.filter((slug) => slug !== ""));
}

/** What a subscribe form or request asked for: absent fields are the defaults. */
export interface RequestedChoices {
  /** Tag slugs; empty for everything. */
  topics: readonly string[];
  frequency: unknown;
}

export type ChoicesCheck =
  | { ok: true; choices: Choices }
  | { ok: false; field: "topic" | "frequency"; message: Message };

/**
 * Checks requested choices against the tags readers can choose (`offered`, asked only when a tag is
 * named): an unknown tag or frequency is refused with what to do instead.
 */
export async function checkChoices(
  requested: RequestedChoices,
  offered: () => Promise<ReadonlySet<string>>,
): Promise<ChoicesCheck> {
  const frequency = requested.frequency ?? DEFAULT_CHOICES.frequency;
  if (!isFrequency(frequency)) {
    return { ok: false, field: "frequency", message: message("reader-choice.refused.frequency") };
  }
  if (requested.topics.length === 0) return { ok: true, choices: { topics: "all", frequency } };
  if (requested.topics.length > MAX_TOPICS) {
    return { ok: false, field: "topic", message: message("reader-choice.refused.tooMany", { max: MAX_TOPICS }) };
  }
  const known = await offered();
  const unknown = requested.topics.find((slug) => !known.has(slug));
  if (unknown !== undefined) {
    return {
      ok: false,
      field: "topic",
      message: message("reader-choice.refused.topic", { topic: unknown.slice(0, 80) }),
    };
  }
  return { ok: true, choices: { topics: topicList(requested.topics), frequency } };
}

export type SubscribeResult =
  | { kind: "invalid"; field: "email" | "topic" | "frequency"; message: Message }
  | { kind: "rate-limited" }
  | { kind: "accepted" };

/**
 * Records a subscription request with its choices. Every valid address costs the same here
 * (validation, one rate-limit write, one queue message) and gets the same answer; everything that
 * depends on whether the address is known happens later, in the confirmations consumer.
 */
export async function subscribe(
  deps: SubscribeDeps,
  rawEmail: unknown,
  client: string,
  choices: Choices = DEFAULT_CHOICES,
): Promise<SubscribeResult> {
  const address = normaliseAddress(rawEmail);
  if (!address.ok) return { kind: "invalid", field: "email", message: address.message };
  const { db, nowMs } = deps;
  if (!(await takeRateLimit(db, `subscribe:${client}`, SUBSCRIBE_LIMIT.count, SUBSCRIBE_LIMIT.windowMs, nowMs))) {
    return { kind: "rate-limited" };
  }
  // After the rate limit: over SMTP the question may open a connection to the relay.
  if (address.utf8Local && !(await deps.smtpUtf8())) {
    return { kind: "invalid", field: "email", message: SMTPUTF8_UNSUPPORTED };
  }
  const choice = choiceText(choices);
  await deps.queue.send({
    kind: "confirm",
    email: address.email,
    requestedMs: nowMs,
    ...(choice === undefined ? {} : { choices: choice }),
  });
  return { kind: "accepted" };
}

export type TokenResult =
  | { ok: true; subscriberId: number; email: string }
  | { ok: false; reason: "malformed" | "expired" | "forged" };

type LinkCheck = { ok: true; subscriber: Subscriber } | { ok: false; reason: "malformed" | "expired" | "forged" };

/**
 * Checks a link's token (and the choice a confirm link carries) against the subscriber it names. A
 * token naming an erased (or never used) handle or id is answered exactly like a forged one, after
 * the same work: one lookup and one MAC check.
 */
async function checkLink(deps: Deps, purpose: TokenPurpose, link: string): Promise<LinkCheck> {
  const { token, choice } = splitChoice(link);
  const subject = tokenSubject(token);
  if (!subject) return { ok: false, reason: "malformed" };
  const found = await findTokenSubject(deps.db, subject);
  // A merged row's unsubscribe links keep working for the row kept; its confirm links do not. Only
  // a confirm link carries a choice; another is answered as a forgery, after the same work.
  const choiceFits = choice === undefined || (purpose === "confirm" && decodeChoices(choice) !== null);
  const usable = found !== null && !(found.merged && purpose === "confirm") && choiceFits;
  const generation = purpose === "confirm" && found ? found.subscriber.generation : 0;
  // Nothing is ever signed for the empty address, so an unusable subject fails the same check a forgery does.
  const signedFor = usable ? found.signedEmail : "";
  const check = await verifyToken(deps.secret, purpose, token, signedFor, deps.nowMs, generation, choice);
  if (!check.ok) return check;
  if (!usable) return { ok: false, reason: "forged" };
  const { subscriber } = found;
  // A confirm link of an address that has since left (or bounced) confirms nothing: subscribe again.
  if (purpose === "confirm" && subscriber.status !== "pending" && subscriber.status !== "confirmed") {
    return { ok: false, reason: "expired" };
  }
  return { ok: true, subscriber };
}

/** Checks a link's token against the subscriber it names (see checkLink). */
export async function checkToken(deps: Deps, purpose: TokenPurpose, token: string): Promise<TokenResult> {
  const check = await checkLink(deps, purpose, token);
  return check.ok ? { ok: true, subscriberId: check.subscriber.id, email: check.subscriber.email } : check;
}

export type ConfirmResult =
  | { ok: false; reason: "malformed" | "expired" | "forged" }
  | {
      ok: true;
      subscriber: Subscriber;
      /** What the reader receives now. */
      choices: Choices;
      /**
       * False when a confirmed reader's choices changed after the link was mailed: it confirms
       * nothing then, so an old link never undoes a later change.
       */
      applied: boolean;
    };

/**
 * The choice a confirm link carries (checkToken says whether it is signed): the defaults when it
 * carries none, as every link mailed before choices existed.
 */
export function linkChoice(link: string): Choices {
  return choiceFrom(splitChoice(link).choice) ?? DEFAULT_CHOICES;
}

/**
 * Confirms what a valid confirm link asks: a pending subscription with the choices the link carries,
 * or, for a confirmed reader, the topics and frequency asked for from a subscribe form (added to
 * theirs: choices.ts addRequest).
 */
export async function confirm(deps: Deps, link: string, method: string): Promise<ConfirmResult> {
  const check = await checkLink(deps, "confirm", link);
  if (!check.ok) return check;
  const { subscriber } = check;
  const requested = linkChoice(link);
  const nowIso = zonedIso(deps.nowMs, deps.config.timeZone);
  if (subscriber.status === "pending") {
    await markConfirmed(deps.db, subscriber.id, nowIso, method, requested);
    return { ok: true, subscriber, choices: requested, applied: true };
  }
  const current = subscriber.choices;
  // Compared to the second, as the token carries its time: a change in the same second as the link is not later.
  const issued = issuedMs("confirm", splitChoice(link).token) ?? 0;
  const changed = subscriber.choicesAt ? Math.floor(Date.parse(subscriber.choicesAt) / 1000) * 1000 : 0;
  const next = addRequest(current, requested);
  if (sameChoices(next, current)) return { ok: true, subscriber, choices: current, applied: true };
  if (changed > issued) return { ok: true, subscriber, choices: current, applied: false };
  const set = await setChoices(deps.db, subscriber.id, current, next, nowIso, true);
  return { ok: true, subscriber, choices: set ? next : current, applied: set };
}

export type PreferencesResult =
  | { ok: false; reason: "malformed" | "expired" | "forged" }
  | { ok: true; subscriber: Subscriber; saved: boolean };

/** Reads the subscriber a preference (unsubscribe) link names; changes nothing. */
export async function preferences(deps: Deps, token: string): Promise<PreferencesResult> {
  const check = await checkLink(deps, "unsubscribe", token);
  return check.ok ? { ok: true, subscriber: check.subscriber, saved: false } : check;
}

/**
 * Saves the choices a confirmed reader made on the preference page. `saved` is false when nothing
 * was saved: the reader is not confirmed (pending, unsubscribed or suppressed), or changed their
 * choices elsewhere meanwhile.
 */
export async function savePreferences(deps: Deps, token: string, choices: Choices): Promise<PreferencesResult> {
  const check = await checkLink(deps, "unsubscribe", token);
  if (!check.ok) return check;
  const { subscriber } = check;
  if (subscriber.status !== "confirmed") return { ok: true, subscriber, saved: false };
  if (sameChoices(subscriber.choices, choices)) return { ok: true, subscriber, saved: true };
  const nowIso = zonedIso(deps.nowMs, deps.config.timeZone);
  const saved = await setChoices(deps.db, subscriber.id, subscriber.choices, choices, nowIso, false);
  return { ok: true, subscriber: saved ? { ...subscriber, choices, choicesAt: nowIso } : subscriber, saved };
}

/** Unsubscribes the address a valid unsubscribe token names; repeating it changes nothing. */
export async function unsubscribe(deps: Deps, token: string): Promise<TokenResult> {
  const check = await checkToken(deps, "unsubscribe", token);
  if (check.ok) await markUnsubscribed(deps.db, check.subscriberId, zonedIso(deps.nowMs, deps.config.timeZone));
  return check;
}

/**
 * The one-click unsubscribe URL for a subscriber (used in every digest): also the reader's preference
 * page, where GET shows their choices and the unsubscribe button.
 */
export async function unsubscribeUrl(
  deps: Pick<Deps, "config" | "secret" | "nowMs">,
  subscriber: { handle: string; email: string },
): Promise<string> {
  const token = await signToken(deps.secret, "unsubscribe", subscriber.handle, subscriber.email, deps.nowMs);
  return absoluteUrl(deps.config, `/unsubscribe?token=${encodeURIComponent(token)}`);
}

/**
 * Erases a subscriber (their row and every address merged into it) and records the erasure in the
 * audit log by the subscriber's id, in the same transaction: the log keeps no address. False when the
 * mailbox has no subscriber (nothing is erased or recorded).
 */
export async function eraseSubscriber(db: D1Database, mailbox: string, who: AuditWho, nowMs: number): Promise<boolean> {
  const found = await findByMailbox(db, mailbox);
  if (!found) return false;
  const recorded = auditStatement(
    db,
    { who, atMs: nowMs, action: "subscriber.erase", object: { type: "subscriber", id: String(found.id) } },
    { ifChanged: true },
  );
  return eraseByMailbox(db, mailbox, recorded);
}
