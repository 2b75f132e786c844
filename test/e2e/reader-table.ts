// What each reader should receive, worked out from their choices and the order of events by the rules
// of docs/reader-choice.md, for test/e2e/reader-choice.test.ts to hold against what MailDev received.
// Pure: it knows nothing of the server; the test tells it what happened, in the order it happened.
import type { Frequency } from "../../src/subscribers/choices.ts";
import { topicsMatch } from "../audience-model.ts";

export interface TableReader {
  address: string;
  /** Everything, or tag slugs. */
  topics: "all" | readonly string[];
  frequency: Frequency;
}

/** Address → post slug → how many emails brought that post. */
export type Table = Map<string, Map<string, number>>;

interface ModelReader extends TableReader {
  /** The event at which they became a reader (imported, confirmed). */
  since: number;
  /** The event of their last change of frequency; null when they never changed it. */
  changed: number | null;
  /** Posts their own emails brought them, and posts a digest brought them. */
  mailed: Set<string>;
  digested: Set<string>;
}

interface ModelPost {
  slug: string;
  tags: readonly string[];
  at: number;
  inDigest: boolean;
}

/** The rules, applied in the order the test reports events (a counter stands for the clock). */
export class ExpectedMail {
  private clock = 0;
  private readonly readers = new Map<string, ModelReader>();
  private readonly posts = new Map<string, ModelPost>();
  readonly table: Table = new Map();

  /** Readers confirmed now (an import with consent attested, or a confirmation). */
  join(readers: readonly TableReader[]): void {
    const since = ++this.clock;
    for (const r of readers) {
      this.readers.set(r.address, { ...r, since, changed: null, mailed: new Set(), digested: new Set() });
    }
  }

  /** A post published now; `tags` are slugs. (A post not by email: no postEmail() for it.) */
  publish(slug: string, tags: readonly string[]): void {
    this.posts.set(slug, { slug, tags, at: ++this.clock, inDigest: false });
  }

  /** A reader's change of frequency on their preference page, now. */
  switchTo(address: string, frequency: Frequency): void {
    const r = this.readers.get(address);
    if (!r) throw new Error(`no reader ${address}`);
    if (r.frequency !== frequency) r.changed = ++this.clock;
    r.frequency = frequency;
  }

  /**
   * A post's own email starts: every reader who chose each post before it was published (became a
   * reader or switched to each post by then), whose topics take it and whom no digest brought it.
   * Returns how many readers it goes to.
   */
  postEmail(slug: string): number {
    const p = this.post(slug);
    ++this.clock;
    let n = 0;
    for (const r of this.readers.values()) {
      const eachPostSince = r.changed ?? r.since;
      if (r.frequency !== "each-post" || eachPostSince > p.at || !topicsMatch(r.topics, p.tags) || r.digested.has(slug))
        continue;
      r.mailed.add(slug);
      this.give(r.address, slug);
      n++;
    }
    return n;
  }

  /**
   * A weekly digest starts with every published post no digest carried yet. A weekly reader gets
   * those their topics take; a reader on each post, only those published before they switched to it;
   * nobody gets a post their own email brought them.
   */
  digest(): void {
    const at = ++this.clock;
    const carried = [...this.posts.values()].filter((p) => !p.inDigest && p.at < at);
    for (const p of carried) p.inDigest = true;
    for (const r of this.readers.values()) {
      const until = r.frequency === "weekly" ? at : (r.changed ?? Number.NEGATIVE_INFINITY);
      const posts = carried.filter((p) => p.at < until && topicsMatch(r.topics, p.tags) && !r.mailed.has(p.slug));
      for (const p of posts) {
        r.digested.add(p.slug);
        this.give(r.address, p.slug);
      }
    }
  }

  private post(slug: string): ModelPost {
    const p = this.posts.get(slug);
    if (!p) throw new Error(`no post ${slug}`);
    return p;
  }

  private give(address: string, slug: string): void {
    const row = this.table.get(address) ?? new Map<string, number>();
    row.set(slug, (row.get(slug) ?? 0) + 1);
    this.table.set(address, row);
  }
}

/** The cells where `received` differs from `expected`, one line each ("address slug: expected 1, received 0"). */
export function differences(expected: Table, received: Table, only: "missing" | "all" = "all"): string[] {
  const lines: string[] = [];
  for (const address of new Set([...expected.keys(), ...received.keys()])) {
    const want = expected.get(address) ?? new Map<string, number>();
    const got = received.get(address) ?? new Map<string, number>();
    for (const slug of new Set([...want.keys(), ...got.keys()])) {
      const w = want.get(slug) ?? 0;
      const g = got.get(slug) ?? 0;
      if (only === "missing" ? g < w : g !== w) lines.push(`${address} ${slug}: expected ${w}, received ${g}`);
    }
  }
  return lines.sort();
}
