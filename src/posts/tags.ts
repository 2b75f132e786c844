// Tags as readers and aggregators see them: one page and three feeds per tag, at an ASCII slug
// ("Dân vận" → dan-van). Two spellings that slug alike are one tag. Pure.
import type { TagUse } from "./repository.ts";
import { slugify } from "./slug.ts";

export interface Tag {
  slug: string;
  /** The spelling most posts use (ties: the newest post's). */
  name: string;
  /** Published posts carrying it. */
  count: number;
  /** Their ids, newest first. */
  postIds: string[];
  /** The newest change among them. */
  newestUpdatedMs: number;
  /** The newest withdrawal of a post that carried it (0 when none). */
  withdrawnMs: number;
}

/** The slug of a tag; "" when it has no letters or digits to make one from (such a tag has no page). */
export function tagSlug(name: string): string {
  return slugify(name);
}

/** The tags of published posts, grouped by slug, in Vietnamese alphabetical order. */
export function buildTagIndex(uses: readonly TagUse[]): Tag[] {
  const groups = new Map<string, { ids: string[]; names: Map<string, number>; newest: number }>();
  const withdrawals = new Map<string, number>();
  for (const use of uses) {
    const slug = tagSlug(use.tag);
    if (slug === "") continue;
    if (use.withdrawnMs !== null) {
      withdrawals.set(slug, Math.max(withdrawals.get(slug) ?? 0, use.withdrawnMs));
      continue;
    }
    let group = groups.get(slug);
    if (!group) {
      group = { ids: [], names: new Map(), newest: 0 };
      groups.set(slug, group);
    }
    // A post carrying two spellings of one tag counts once.
    if (!group.ids.includes(use.postId)) group.ids.push(use.postId);
    group.names.set(use.tag, (group.names.get(use.tag) ?? 0) + 1);
    group.newest = Math.max(group.newest, use.updatedMs);
  }
  const tags: Tag[] = [];
  for (const [slug, group] of groups) {
    // Map keeps insertion order, and uses come newest post first: the first of equals is the newest's.
    let name = "";
    let best = 0;
    for (const [spelling, n] of group.names) {
      if (n > best) {
        best = n;
        name = spelling;
      }
    }
    tags.push({
      slug,
      name,
      count: group.ids.length,
      postIds: group.ids,
      newestUpdatedMs: group.newest,
      withdrawnMs: withdrawals.get(slug) ?? 0,
    });
  }
  return tags.sort((a, b) => a.name.localeCompare(b.name, "vi") || a.slug.localeCompare(b.slug));
}
