// The feed documents a path names (subscription feeds, archive documents, tag feeds), each built
// once per content version through the renditions. Routes serve them; the WebSub hub pushes the
// same bytes to subscribers.

import type { MemoisedRendition } from "../cache/memo.ts";
import { type Built, rendition } from "../cache/rendition.ts";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { siteText } from "../i18n/index.ts";
import { CORRECTIONS } from "../posts/archive.ts";
import { getPostsByIds, readArchiveSource, readSubscriptionSource, readTagUses } from "../posts/repository.ts";
import { buildTagIndex } from "../posts/tags.ts";
import {
  archivePaths,
  documentUpdated,
  FEED_PATHS,
  FEED_SIZE,
  FEED_TYPES,
  type FeedDocument,
  type FeedFormat,
  HUB_PATH,
  renderFeed,
  tagFeedPaths,
} from "./build.ts";

/** Readers poll the subscription and tag feeds every few minutes to hours; a 304 is the common answer. */
export const FEED_MAX_AGE = 300;
/**
 * Archive documents keep their posts once sealed, so clients may keep them a day. Not a year: a
 * withdrawn post must leave them too, and the newest gains its next-archive link when the next is sealed.
 */
export const ARCHIVE_MAX_AGE = 86_400;

export type FeedTarget =
  | { kind: "main"; format: FeedFormat }
  | { kind: "archive"; format: FeedFormat; number: number }
  | { kind: "tag"; format: FeedFormat; slug: string };

const FILES: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };

/** The feed a site-relative path names, or null. Tag slugs are taken as given (canonical ones only). */
export function parseFeedPath(path: string): FeedTarget | null {
  for (const format of Object.keys(FEED_PATHS) as FeedFormat[]) {
    if (path === FEED_PATHS[format]) return { kind: "main", format };
  }
  const archive = /^\/archive\/([1-9][0-9]{0,8})\/(rss\.xml|atom\.xml|feed\.json)$/.exec(path);
  const archiveFormat = archive ? FILES[archive[2] ?? ""] : undefined;
  if (archive && archiveFormat) return { kind: "archive", format: archiveFormat, number: Number(archive[1]) };
  const tag = /^\/tags\/([a-z0-9]+(?:-[a-z0-9]+)*)\/(rss\.xml|atom\.xml|feed\.json)$/.exec(path);
  const tagFormat = tag ? FILES[tag[2] ?? ""] : undefined;
  if (tag?.[1] && tagFormat) return { kind: "tag", format: tagFormat, slug: tag[1] };
  return null;
}

/** The path of a target. */
export function feedPath(target: FeedTarget): string {
  if (target.kind === "main") return FEED_PATHS[target.format];
  if (target.kind === "archive") return archivePaths(target.number)[target.format];
  return tagFeedPaths(target.slug)[target.format];
}

export interface ServedFeed {
  rendition: MemoisedRendition;
  maxAgeSeconds: number;
  /** The HTTP Link header: the hub and the document itself (WebSub discovery). */
  link: string;
}

/** The Link header value for a document at `path`. */
function discoveryLinks(config: SiteConfig, path: string): string {
  return `<${absoluteUrl(config, HUB_PATH)}>; rel="hub", <${absoluteUrl(config, path)}>; rel="self"`;
}

async function build(db: D1Database, config: SiteConfig, target: FeedTarget): Promise<Built | null> {
  const { format } = target;
  const built = (version: number, posts: Parameters<typeof renderFeed>[1], doc: FeedDocument): Built => ({
    version,
    contentType: FEED_TYPES[format],
    lastModifiedMs: documentUpdated(posts, doc, config).getTime(),
    body: renderFeed(format, posts, config, doc),
  });
  if (target.kind === "main") {
    const { version, value } = await readSubscriptionSource(db, CORRECTIONS);
    const doc: FeedDocument = {
      paths: FEED_PATHS,
      changedMs: value.changedMs,
      ...(value.newestArchive > 0 ? { prevArchive: archivePaths(value.newestArchive) } : {}),
    };
    return built(version, value.posts, doc);
  }
  if (target.kind === "archive") {
    const n = target.number;
    const { version, value } = await readArchiveSource(db, n);
    if (!value) return null;
    const doc: FeedDocument = {
      paths: archivePaths(n),
      title: siteText(config).t("site.feed.archiveTitle", { site: config.title, number: n }),
      archive: true,
      changedMs: value.changedMs,
      ...(n > 1 ? { prevArchive: archivePaths(n - 1) } : {}),
      ...(n < value.newestArchive ? { nextArchive: archivePaths(n + 1) } : {}),
    };
    return built(version, value.posts, doc);
  }
  const { version, value: uses } = await readTagUses(db);
  const tag = buildTagIndex(uses).find((t) => t.slug === target.slug);
  if (!tag) return null;
  const posts = await getPostsByIds(db, tag.postIds.slice(0, FEED_SIZE), FEED_SIZE);
  const doc: FeedDocument = {
    paths: tagFeedPaths(tag.slug),
    title: siteText(config).t("site.feed.tagTitle", { site: config.title, name: tag.name }),
    homePath: `/tags/${tag.slug}`,
    id: absoluteUrl(config, `/tags/${tag.slug}`),
    changedMs: tag.withdrawnMs,
  };
  return built(version, posts, doc);
}

/** The current document of a feed (built and stored when missing or stale), or null when there is none. */
export async function feedDocument(
  db: D1Database,
  config: SiteConfig,
  scope: string,
  target: FeedTarget,
): Promise<ServedFeed | null> {
  const path = feedPath(target);
  const r = await rendition(db, `${scope}:${path}`, () => build(db, config, target));
  if (!r) return null;
  return {
    rendition: r,
    maxAgeSeconds: target.kind === "archive" ? ARCHIVE_MAX_AGE : FEED_MAX_AGE,
    link: discoveryLinks(config, path),
  };
}
