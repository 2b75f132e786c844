// RSS 2.0, Atom 1.0 and JSON Feed 1.1 from posts, through the `feed` package. Pure: the
// channel date is the newest content change, never the clock.
import { Feed, type Item } from "feed";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { offsetMinutesAt, ZonedDate } from "../dates.ts";
import { jpegCopy, mailImage, mediaPath } from "../media/urls.ts";
import { leadFigureHtml } from "../posts/markdown.ts";
import type { Post, PostImage } from "../posts/model.ts";
import { cleanText, escapeHtml } from "../text.ts";

export type FeedFormat = "rss" | "atom" | "json";

export const FEED_PATHS: Record<FeedFormat, string> = { rss: "/rss.xml", atom: "/atom.xml", json: "/feed.json" };
export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** How many of the newest posts a tag feed carries, and the fewest the subscription feeds carry. */
export const FEED_SIZE = 20;

/** Where the site's WebSub hub answers. */
export const HUB_PATH = "/websub";

/** The three site-relative paths of one feed document, one per format. */
export type FeedPaths = Record<FeedFormat, string>;

/** The paths of archive document `n` (RFC 5005), 1 being the oldest. */
export function archivePaths(n: number): FeedPaths {
  return { rss: `/archive/${n}/rss.xml`, atom: `/archive/${n}/atom.xml`, json: `/archive/${n}/feed.json` };
}

/** The paths of a tag's feeds. */
export function tagFeedPaths(slug: string): FeedPaths {
  return { rss: `/tags/${slug}/rss.xml`, atom: `/tags/${slug}/atom.xml`, json: `/tags/${slug}/feed.json` };
}

/**
 * Which feed document is being written: the subscription feeds (the default), an archive document
 * or a tag's feed. Archive links follow RFC 5005 section 4.
 */
export interface FeedDocument {
  paths: FeedPaths;
  /** The channel title; the site's title by default. */
  title?: string;
  /** Site-relative path of the HTML page the feed belongs to ("/" by default). */
  homePath?: string;
  /** The feed's permanent id (Atom `id`); the home page's URL by default. */
  id?: string;
  /** An archive document: `fh:archive` and a `current` link to the subscription feed. */
  archive?: boolean;
  prevArchive?: FeedPaths;
  nextArchive?: FeedPaths;
  /** The newest change that is not a post's own (a post withdrawn from it, an archive sealed). */
  changedMs?: number;
}

const MAIN_DOCUMENT: FeedDocument = { paths: FEED_PATHS };

const FH_NAMESPACE = "http://purl.org/syndication/history/1.0";

// The XML writer under `feed` escapes only the first "]]>" in a CDATA section; splitting
// every later one ourselves keeps the section well-formed whatever the text holds.
function cdataSafe(value: string): string {
  const first = value.indexOf("]]>");
  if (first === -1) return value;
  const head = value.slice(0, first + 3);
  return head + value.slice(first + 3).replaceAll("]]>", "]]]]><![CDATA[>");
}

/** The instant of the newest content change among the posts (epoch when there are none). */
export function newestChange(posts: readonly Post[]): ZonedDate {
  let newest: Post | undefined;
  for (const p of posts) if (!newest || p.updatedMs > newest.updatedMs) newest = p;
  return newest ? ZonedDate.fromOffsetString(newest.updatedAt) : new ZonedDate(0, 0);
}

/** The document's date: its newest content change, a post's own (with the editor's offset) or another. */
export function documentUpdated(posts: readonly Post[], doc: FeedDocument, config: SiteConfig): ZonedDate {
  const newest = newestChange(posts);
  const other = doc.changedMs ?? 0;
  return other > newest.getTime() ? new ZonedDate(other, offsetMinutesAt(other, config.timeZone)) : newest;
}

/**
 * The body with its site-relative URLs (`/…` in `src`, `href` and each `srcset` candidate) made
 * absolute: a feed reader shows the HTML away from the site and resolves no relative URL reliably.
 * The body is written by posts/markdown.ts alone, so its attributes have one form: double-quoted,
 * escaped (no `"` inside), srcset candidates joined by ", "; text never holds a bare `"`.
 */
export function absoluteBodyUrls(html: string, siteUrl: string): string {
  const site = escapeHtml(siteUrl);
  const absolute = (url: string) => (url.startsWith("/") && !url.startsWith("//") ? site + url : url);
  return html.replace(/ (src|href|srcset)="([^"]*)"/g, (_all, name: string, value: string) => {
    const rewritten = name === "srcset" ? value.split(", ").map(absolute).join(", ") : absolute(value);
    return ` ${name}="${rewritten}"`;
  });
}

const postUrl = (post: Post, config: SiteConfig) => absoluteUrl(config, `/posts/${post.slug}`);

/** The lead image's original, as an RSS or Atom enclosure: its absolute URL, bytes and type. */
function enclosureOf(image: PostImage, config: SiteConfig) {
  return { url: absoluteUrl(config, mediaPath(image.hash, image.type)), type: image.type, length: image.bytes };
}

function buildFeed(format: FeedFormat, posts: readonly Post[], config: SiteConfig, doc: FeedDocument): Feed {
  const home = absoluteUrl(config, doc.homePath ?? "/");
  const feed = new Feed({
    id: doc.id ?? absoluteUrl(config, "/"),
    title: cleanText(doc.title ?? config.title),
    description: cleanText(config.description || config.title),
    link: home,
    language: config.language,
    updated: documentUpdated(posts, doc, config),
    generator: "bantin",
    feedLinks: {
      rss: absoluteUrl(config, doc.paths.rss),
      atom: absoluteUrl(config, doc.paths.atom),
      json: absoluteUrl(config, doc.paths.json),
    },
    hub: absoluteUrl(config, HUB_PATH),
    // Atom requires an author on the feed or on every entry; every entry has one.
  });
  for (const post of posts) {
    const title = cleanText(post.title);
    const author = cleanText(post.author);
    const xml = (value: string) => (format === "json" ? value : cdataSafe(value));
    const item: Item = {
      id: post.id,
      link: postUrl(post, config),
      // Atom declares type="html" for titles, so the text is escaped once; RSS and JSON carry it as text.
      title: format === "atom" ? escapeHtml(title) : xml(title),
      description: format === "json" ? cleanText(post.summary) : escapeHtml(cleanText(post.summary)),
      // The lead image heads the content too: readers that show no enclosure show the first picture.
      content: xml(
        cleanText(absoluteBodyUrls((post.image ? leadFigureHtml(post.image) : "") + post.bodyHtml, config.siteUrl)),
      ),
      date: ZonedDate.fromOffsetString(post.updatedAt),
      published: ZonedDate.fromOffsetString(post.publishedAt),
      category: post.tags.map((tag) => ({ name: cleanText(tag), term: cleanText(tag) })),
    };
    if (format === "rss") {
      // RSS <author> must be an e-mail address; a name goes in Dublin Core's dc:creator.
      item.extensions = [{ name: "dc:creator", objects: { _text: author } }];
      // RSS 2.0's own <enclosure> (one per item), which every reader knows; the library writes the
      // type given. Atom's is written in finishAtom: the library would name a JPEG "image/jpg".
      if (post.image) item.enclosure = enclosureOf(post.image, config);
    } else {
      item.author = [{ name: author }];
    }
    feed.addItem(item);
  }
  return feed;
}

/**
 * JSON Feed's `image` (the item's main image, a reader's preview): the JPEG copy the digest mails,
 * 1200 px wide at most; `banner_image` (shown wide above the item): the widest JPEG copy.
 */
function jsonImages(image: PostImage, config: SiteConfig): { image: string; banner_image: string } {
  return {
    image: mailImage(image, config.siteUrl).url,
    banner_image: absoluteUrl(config, jpegCopy(image, Number.POSITIVE_INFINITY).path),
  };
}

interface JsonFeed10 {
  author?: unknown;
  items: Array<Record<string, unknown> & { author?: { name?: string } }>;
  [key: string]: unknown;
}

/**
 * JSON Feed 1.1 from the library's 1.0 output: version, `authors` and `language`; the hub, and
 * `next_url` to the next older document (JSON Feed's pagination, over the RFC 5005 archives).
 */
function toJsonFeed11(json10: string, posts: readonly Post[], config: SiteConfig, doc: FeedDocument): string {
  const feed = JSON.parse(json10) as JsonFeed10;
  const { author: _feedAuthor, items, ...rest } = feed;
  const byId = new Map(posts.map((p) => [p.id, p]));
  return JSON.stringify(
    {
      ...rest,
      version: "https://jsonfeed.org/version/1.1",
      ...(doc.prevArchive ? { next_url: absoluteUrl(config, doc.prevArchive.json) } : {}),
      hubs: [{ type: "WebSub", url: absoluteUrl(config, HUB_PATH) }],
      language: config.language,
      items: items.map(({ author, ...item }) => {
        const post = byId.get(String(item.id));
        return {
          ...item,
          ...(author?.name ? { authors: [{ name: author.name }] } : {}),
          ...(post ? { language: post.language } : {}),
          ...(post?.image ? jsonImages(post.image, config) : {}),
        };
      }),
    },
    null,
    2,
  );
}

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';
const RSS_ROOT = '<rss version="2.0"';

/** A URL as the feed library writes it into an attribute. */
const libraryUrl = (url: string) => new URL(url).toString().replace(/&/g, "&amp;");

/** Inserts `addition` right after the first `anchor`; the library's output is checked, not assumed. */
function insertAfter(xml: string, anchor: string, addition: string): string {
  const at = xml.indexOf(anchor);
  if (at === -1) throw new Error(`unexpected output from the feed library: no ${anchor}`);
  return xml.slice(0, at + anchor.length) + addition + xml.slice(at + anchor.length);
}

/** The RFC 5005 links of a document, in the format's own element. */
function archiveLinks(format: "rss" | "atom", doc: FeedDocument, config: SiteConfig): string {
  const links: [string, string][] = [];
  if (doc.archive) links.push(["current", FEED_PATHS[format]]);
  if (doc.prevArchive) links.push(["prev-archive", doc.prevArchive[format]]);
  if (doc.nextArchive) links.push(["next-archive", doc.nextArchive[format]]);
  const type = FEED_TYPES[format].split(";")[0];
  const element = format === "rss" ? "atom:link" : "link";
  const indent = format === "rss" ? "\n        " : "\n    ";
  let out = links
    .map(
      ([rel, path]) =>
        `${indent}<${element} href="${escapeHtml(absoluteUrl(config, path))}" rel="${rel}" type="${type}"/>`,
    )
    .join("");
  if (doc.archive) out += `${indent}<fh:archive/>`;
  return out;
}

/** Atom: each entry's lead image as `<link rel="enclosure">`, after the entry's own link. */
function atomEnclosures(atom: string, posts: readonly Post[], config: SiteConfig): string {
  let out = atom;
  for (const post of posts) {
    if (!post.image) continue;
    const { url, type, length } = enclosureOf(post.image, config);
    const link = `\n        <link rel="enclosure" href="${libraryUrl(url)}" type="${type}" length="${length}"/>`;
    out = insertAfter(out, `<link href="${libraryUrl(postUrl(post, config))}"/>`, link);
  }
  return out;
}

/** Atom: xml:lang on the root (the library does not write it), the hub's neighbours and the archive links. */
function finishAtom(atom: string, doc: FeedDocument, config: SiteConfig): string {
  if (!atom.includes(ATOM_ROOT)) throw new Error("unexpected Atom root element from the feed library");
  const fh = doc.archive ? ` xmlns:fh="${FH_NAMESPACE}"` : "";
  const rooted = atom.replace(
    ATOM_ROOT,
    `<feed xmlns="http://www.w3.org/2005/Atom"${fh} xml:lang="${escapeHtml(config.language)}">`,
  );
  const hub = `<link rel="hub" href="${libraryUrl(absoluteUrl(config, HUB_PATH))}"/>`;
  return insertAfter(rooted, hub, archiveLinks("atom", doc, config));
}

/** RSS: the archive links as atom:link and fh:archive (RFC 5005 names RSS 2.0 too). */
function finishRss(rss: string, doc: FeedDocument, config: SiteConfig): string {
  const links = archiveLinks("rss", doc, config);
  if (links === "") return rss;
  const rooted = doc.archive ? insertAfter(rss, RSS_ROOT, ` xmlns:fh="${FH_NAMESPACE}"`) : rss;
  const hub = `<atom:link href="${libraryUrl(absoluteUrl(config, HUB_PATH))}" rel="hub"/>`;
  return insertAfter(rooted, hub, links);
}

/** Renders one feed format for the posts, newest first as given, as the document `doc` (the subscription feeds by default). */
export function renderFeed(
  format: FeedFormat,
  posts: readonly Post[],
  config: SiteConfig,
  doc: FeedDocument = MAIN_DOCUMENT,
): string {
  const feed = buildFeed(format, posts, config, doc);
  if (format === "rss") return finishRss(feed.rss2(), doc, config);
  if (format === "atom") return finishAtom(atomEnclosures(feed.atom1(), posts, config), doc, config);
  return toJsonFeed11(feed.json1(), posts, config, doc);
}
