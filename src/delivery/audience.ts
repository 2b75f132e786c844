// Who gets which posts: the rules of readers' choices, as pure functions over facts the repository
// reads. A post goes to a reader once: by its own email (each post) or in a weekly digest, never both.
import type { Frequency, Topics } from "../subscribers/choices.ts";

/** A confirmed reader as the weekly digest sees them. */
export interface AudienceReader {
  id: number;
  topics: Topics;
  frequency: Frequency;
  /** When their frequency last changed (null: never since confirming). */
  frequencyMs: number | null;
}

/** A post of the digest, in the digest's order. */
export interface AudiencePost {
  id: string;
  /** Its tags' slugs. */
  tags: readonly string[];
  publishedMs: number;
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

/** Windows of at most `size` recipients, each of one edition: [edition number (from 1), ids]. */
export function editionWindows(editions: readonly Edition[], size: number): [number, number[]][] {
  const out: [number, number[]][] = [];
  editions.forEach((e, i) => {
    for (let at = 0; at < e.subscribers.length; at += size) out.push([i + 1, e.subscribers.slice(at, at + size)]);
  });
  return out;
}
