// Starting a digest: compose from uncovered posts, give each reader the posts their choices take
// (one rendering per distinct set of posts, never per reader), store it with its audience in windows
// of recipients (each recipient with their edition), then hand the windows to the queue.
import type { AuditWho } from "../audit/model.ts";
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { composeDigest, type DigestContent } from "../digest/compose.ts";
import { composeFittingDigest } from "../digest/fit.ts";
import { type EditionRendering, editionRenderer, renderDigestEmail } from "../digest/render.ts";
import { type DigestState, getDigest, readDigests } from "../digest/repository.ts";
import type { Post } from "../posts/model.ts";
import { fanoutWindows } from "./consumer.ts";
import type { DeliveryMessage } from "./messages.ts";
import { postTopics } from "./post-sends.ts";
import {
  type AudiencePost,
  audienceSets,
  createEditionedDigest,
  digestEditions,
  type StoredEdition,
} from "./sends-repository.ts";
import type { DeliverySettings } from "./settings.ts";

export type StartResult =
  | {
      status: "started";
      number: number;
      recipients: number;
      /** Renderings of the email: one per distinct set of posts its readers get. */
      renders: number;
      /** Confirmed readers it had no post for (their topics took none, or their own emails brought them all). */
      nothingFor: number;
    }
  | { status: "nothing-new" }
  | { status: "taken" }
  /** The next digest is no longer the one the caller confirmed (`confirmed` said no): nothing started. */
  | { status: "changed" };

/** The digest's posts as the audience rules read them, in the digest's order. */
export function audiencePosts(posts: readonly Post[], order: readonly string[]): AudiencePost[] {
  const byId = new Map(posts.map((p) => [p.id, p]));
  return order.flatMap((id) => {
    const p = byId.get(id);
    return p ? [{ id, tags: postTopics(p), publishedMs: p.publishedMs }] : [];
  });
}

/** Post sets as the console shows them: the posts' titles, and how many readers get each set. */
export interface PostSet {
  titles: string[];
  readers: number;
}

/** Titles of a digest's posts, by id (its content lists them in the same order). */
export const titlesOf = (content: DigestContent) =>
  new Map(content.postIds.map((id, i) => [id, content.posts[i]?.title ?? id]));

/** Who would get which posts of the next digest if it started now (the console's preview). */
export async function nextDigestSets(
  db: D1Database,
  content: DigestContent,
  uncovered: readonly Post[],
): Promise<{ sets: PostSet[]; nothingFor: number }> {
  const { sets, nothingFor } = await audienceSets(db, audiencePosts(uncovered, content.postIds));
  const titles = titlesOf(content);
  return {
    sets: sets.map((e) => ({ titles: e.postIds.map((id) => titles.get(id) ?? id), readers: e.readers })),
    nothingFor,
  };
}

/** Who got which posts of a sent digest (its editions); null when it has none (sent before readers chose). */
export async function sentDigestSets(
  db: D1Database,
  number: number,
): Promise<{ sets: PostSet[]; nothingFor: number } | null> {
  const [{ value: stored }, editions] = await Promise.all([getDigest(db, number), digestEditions(db, number)]);
  if (!stored || editions.renders === null) return null;
  const titles = titlesOf(stored.content);
  return {
    sets: editions.editions.map((e) => ({
      titles: e.postIds.map((id) => titles.get(id) ?? id),
      readers: e.recipients,
    })),
    nothingFor: editions.nothingFor ?? 0,
  };
}

/**
 * Composes and starts the next digest if there are new posts (as many of the newest as fit one
 * email; the rest wait for the next digest). Each confirmed reader gets the posts of it their topics
 * take and no email of their own brought them; one with none gets no digest. Two runs at once create
 * one digest: the second finds the number or the posts taken and starts nothing.
 */
export async function startNextDigest(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  config: SiteConfig,
  nowMs: number,
  { windowSize, profile }: Pick<DeliverySettings, "windowSize" | "profile">,
  {
    startedBy,
    confirmed,
    known,
  }: {
    /** Whom the audit log names for the start, recorded in its transaction (none for the cron). */
    startedBy?: { who: AuditWho; atMs: number };
    /**
     * Whether the digest composed is the one the editor confirmed: checked on the start's own
     * composition, so that it is composed and rendered once.
     */
    confirmed?: (content: DigestContent) => Promise<boolean>;
    /** The digests' state, when the caller read it already (digestStateQueries). */
    known?: DigestState;
  } = {},
): Promise<StartResult> {
  const state = known ?? (await readDigests(db)).value;
  const next = await composeFittingDigest(state.next, state.uncovered, config);
  if (!next) return { status: "nothing-new" };
  const { content, email } = next;
  if (confirmed && !(await confirmed(content))) return { status: "changed" };
  const posts = audiencePosts(state.uncovered, content.postIds);
  // Who gets which posts is worked out in D1 (AUDIENCE): no reader crosses into the Worker, whose
  // CPU for a start stays the same whatever the list.
  const { sets: editions, nothingFor } = await audienceSets(db, posts);
  // One rendering per edition, composed from pieces rendered once; the whole digest's is the one
  // composed already.
  const stored: StoredEdition[] = [];
  const whole = content.postIds.join("\n");
  // Pieces pay from two editions on; one edition other than the whole is rendered whole.
  const render =
    editions.length > 1
      ? await editionRenderer(content, config)
      : (part: DigestContent) => renderDigestEmail(part, config);
  for (const e of editions) {
    let rendered: EditionRendering = email;
    if (e.postIds.join("\n") !== whole) {
      const ids = new Set(e.postIds);
      const part = composeDigest(
        content.number,
        state.uncovered.filter((p) => ids.has(p.id)),
        config,
      );
      if (part) rendered = await render(part);
    }
    stored.push({ postIds: e.postIds, recipients: e.readers, email: rendered });
  }
  const recipients = await createEditionedDigest(db, {
    content,
    email,
    createdAt: zonedIso(nowMs, config.timeZone),
    createdMs: nowMs,
    editions: stored,
    posts,
    windowSize,
    nothingFor,
    startedBy,
  });
  if (recipients === null) return { status: "taken" };
  // The first page of windows goes on the queue from here, so the first batch need not wait for a
  // fan-out message; under the Free-plan profile a message does it, which keeps the start's CPU (a
  // page of 100 messages written) inside Workers Free's 10 ms.
  if (profile === "free") await queue.send({ kind: "windows", digest: content.number, after: 0 });
  else await fanoutWindows(db, queue, content.number, 0);
  return { status: "started", number: content.number, recipients, renders: editions.length, nothingFor };
}
