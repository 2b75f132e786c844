// RSS 2.0, Atom 1.0 and JSON Feed 1.1 from posts, through the `feed` package. Pure: the
// channel date is the newest content change, never the clock.
import { Feed, type Item } from "feed";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { ZonedDate } from "../dates.ts";
import type { Post } from "../posts/model.ts";
import { cleanText, escapeHtml } from "../text.ts";

export type FeedFormat = "rss" | "atom" | "json";

export const FEED_PATHS: Record<FeedFormat, string> = { rss: "/rss.xml", atom: "/atom.xml", json: "/feed.json" };
export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** How many of the newest posts a feed carries. */
export const FEED_SIZE = 20;

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

function buildFeed(format: FeedFormat, posts: readonly Post[], config: SiteConfig): Feed {
  const home = absoluteUrl(config, "/");
  const feed = new Feed({
    id: home,
    title: cleanText(config.title),
    description: cleanText(config.description || config.title),
    link: home,
    language: config.language,
    updated: newestChange(posts),
    generator: "bantin",
    feedLinks: {
      rss: absoluteUrl(config, FEED_PATHS.rss),
      atom: absoluteUrl(config, FEED_PATHS.atom),
      json: absoluteUrl(config, FEED_PATHS.json),
    },
    // Atom requires an author on the feed or on every entry; every entry has one.
  });
  for (const post of posts.slice(0, FEED_SIZE)) {
    const title = cleanText(post.title);
    const author = cleanText(post.author);
    const xml = (value: string) => (format === "json" ? value : cdataSafe(value));
    const item: Item = {
      id: post.id,
      link: absoluteUrl(config, `/posts/${post.slug}`),
      // Atom declares type="html" for titles, so the text is escaped once; RSS and JSON carry it as text.
      title: format === "atom" ? escapeHtml(title) : xml(title),
      description: format === "json" ? cleanText(post.summary) : escapeHtml(cleanText(post.summary)),
      content: xml(cleanText(post.bodyHtml)),
      date: ZonedDate.fromOffsetString(post.updatedAt),
      published: ZonedDate.fromOffsetString(post.publishedAt),
      category: post.tags.map((tag) => ({ name: cleanText(tag), term: cleanText(tag) })),
    };
    if (format === "rss") {
      // RSS <author> must be an e-mail address; a name goes in Dublin Core's dc:creator.
      item.extensions = [{ name: "dc:creator", objects: { _text: author } }];
    } else {
      item.author = [{ name: author }];
    }
    feed.addItem(item);
  }
  return feed;
}

interface JsonFeed10 {
  author?: unknown;
  items: Array<Record<string, unknown> & { author?: { name?: string } }>;
  [key: string]: unknown;
}

/** JSON Feed 1.1 from the library's 1.0 output: version, `authors` and `language`. */
function toJsonFeed11(json10: string, posts: readonly Post[], config: SiteConfig): string {
  const feed = JSON.parse(json10) as JsonFeed10;
  const { author: _feedAuthor, items, ...rest } = feed;
  const byId = new Map(posts.map((p) => [p.id, p]));
  return JSON.stringify(
    {
      ...rest,
      version: "https://jsonfeed.org/version/1.1",
      language: config.language,
      items: items.map(({ author, ...item }) => {
        const post = byId.get(String(item.id));
        return {
          ...item,
          ...(author?.name ? { authors: [{ name: author.name }] } : {}),
          ...(post ? { language: post.language } : {}),
        };
      }),
    },
    null,
    2,
  );
}

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/** Atom states the language with xml:lang on the root, which the library does not write. */
function withAtomLanguage(atom: string, language: string): string {
  if (!atom.includes(ATOM_ROOT)) throw new Error("unexpected Atom root element from the feed library");
  return atom.replace(ATOM_ROOT, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(language)}">`);
}

/** Renders one feed format for the posts, newest first as given. */
export function renderFeed(format: FeedFormat, posts: readonly Post[], config: SiteConfig): string {
  const feed = buildFeed(format, posts, config);
  if (format === "rss") return feed.rss2();
  if (format === "atom") return withAtomLanguage(feed.atom1(), config.language);
  return toJsonFeed11(feed.json1(), posts, config);
}
