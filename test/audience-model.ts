// Who gets which posts of a weekly digest: the rules of readers' choices as pure functions, the
// model that the digest's SQL (AUDIENCE in src/delivery/sends-repository.ts) is held to by
// test/workers/audience-sql.test.ts. A post goes to a reader once: by its own email (each post) or
// in a weekly digest, never both.
import type { AudiencePost } from "../src/delivery/sends-repository.ts";
import type { Frequency, Topics } from "../src/subscribers/choices.ts";

export type { AudiencePost };

/** A confirmed reader as the weekly digest sees them. */
export interface AudienceReader {
  id: number;
  topics: Topics;
  frequency: Frequency;
  /** When their frequency last changed (null: never since confirming). */
  frequencyMs: number | null;
}

/** One rendering of a digest: a set of posts (in the digest's order) and the readers who get it. */
export interface Edition {
  postIds: string[];
  subscribers: number[];
}

/** Whether a reader's topics take a post: everything, or any of its tags. */
export function topicsMatch(topics: Topics, tags: readonly string[]): boolean {
  return topics === "all" || tags.some((tag) => topics.includes(tag));
}

/**
 * The posts of a digest one reader gets: those their topics take (once, however many of its tags
 * they chose), less those their own email brought them (`mailed`: sent, under way, or of unknown
 * outcome). A reader who chose each post gets in a digest only the posts published while they were
 * on the weekly digest (before their frequency changed) that no email brought them; one who always
 * had each post gets no digest.
 */
export function postsFor(
  reader: AudienceReader,
  posts: readonly AudiencePost[],
  mailed: ReadonlySet<string>,
): string[] {
  const until = reader.frequency === "each-post" ? (reader.frequencyMs ?? Number.NEGATIVE_INFINITY) : null;
  return posts
    .filter((p) => (until === null || p.publishedMs < until) && !mailed.has(p.id) && topicsMatch(reader.topics, p.tags))
    .map((p) => p.id);
}

/**
 * The editions of a digest: its readers grouped by the set of posts they get, largest group first;
 * readers with no post in it get none (`nothingFor`). One rendering per edition, never per reader.
 */
export function editionsOf(
  posts: readonly AudiencePost[],
  readers: readonly AudienceReader[],
  mailed: ReadonlyMap<number, ReadonlySet<string>>,
): { editions: Edition[]; nothingFor: number } {
  const none: ReadonlySet<string> = new Set();
  const byKey = new Map<string, Edition>();
  let nothingFor = 0;
  for (const reader of readers) {
    const ids = postsFor(reader, posts, mailed.get(reader.id) ?? none);
    if (ids.length === 0) {
      nothingFor++;
      continue;
    }
    const key = ids.join("\n");
    const edition = byKey.get(key);
    if (edition) edition.subscribers.push(reader.id);
    else byKey.set(key, { postIds: ids, subscribers: [reader.id] });
  }
  const editions = [...byKey.values()].sort(
    (a, b) => b.subscribers.length - a.subscribers.length || b.postIds.length - a.postIds.length,
  );
  for (const e of editions) e.subscribers.sort((a, b) => a - b);
  return { editions, nothingFor };
}

/**
 * A window of recipients: its edition when all of them get one (`editions` null), else each one's
 * edition (parallel to `ids`, `edition` then 0). Ids ascend, as a window's claim moves through them.
 */
export interface EditionWindow {
  edition: number;
  ids: number[];
  editions: number[] | null;
}

/**
 * Windows of `size` recipients (the last one fewer), filled across editions (numbered from 1):
 * readers in edition order, so that a window holds as few editions as it can and a small edition
 * does not make a small window.
 */
export function editionWindows(editions: readonly Edition[], size: number): EditionWindow[] {
  const all = editions.flatMap((e, i) => e.subscribers.map((id) => [id, i + 1] as const));
  const out: EditionWindow[] = [];
  for (let at = 0; at < all.length; at += size) {
    const members = all.slice(at, at + size).sort((a, b) => a[0] - b[0]);
    const first = members[0]?.[1] ?? 0;
    const one = members.every(([, e]) => e === first);
    out.push({
      edition: one ? first : 0,
      ids: members.map(([id]) => id),
      editions: one ? null : members.map(([, e]) => e),
    });
  }
  return out;
}
