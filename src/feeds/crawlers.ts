// Documents for crawlers and feed readers: the sitemap (sitemaps.org 0.9), robots.txt and the OPML
// 2.0 list of every feed. Pure: dates come in, the clock is never read.
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { ZonedDate, zonedIso } from "../dates.ts";
import type { Tag } from "../posts/tags.ts";
import { escapeHtml } from "../text.ts";
import { FEED_PATHS, type FeedPaths, tagFeedPaths } from "./build.ts";

export interface SitemapEntry {
  /** Site-relative path. */
  path: string;
  /** W3C Datetime: ISO 8601 with its offset. */
  lastmod: string;
}

/** Every page a crawler should know, with `lastmod` (sitemaps.org protocol 0.9). */
export function sitemapXml(config: SiteConfig, entries: readonly SitemapEntry[]): string {
  const urls = entries.map(
    (e) =>
      `  <url>\n    <loc>${escapeHtml(absoluteUrl(config, e.path))}</loc>\n    <lastmod>${e.lastmod}</lastmod>\n  </url>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("")}</urlset>\n`;
}

/** An instant as W3C Datetime in the site's time zone. */
export function lastmod(config: SiteConfig, epochMs: number): string {
  return zonedIso(epochMs, config.timeZone);
}

/** robots.txt: everything may be crawled but the admin API, the hub and the token pages; the sitemap named. */
export function robotsTxt(config: SiteConfig): string {
  return [
    "User-agent: *",
    "Disallow: /admin/",
    "Disallow: /websub",
    "Disallow: /confirm",
    "Disallow: /unsubscribe",
    "",
    `Sitemap: ${absoluteUrl(config, "/sitemap.xml")}`,
    "",
  ].join("\n");
}

const OUTLINE_FORMATS = [
  ["rss", "RSS", ' version="RSS"'],
  ["atom", "Atom", ""],
  ["json", "JSON Feed", ""],
] as const;

function feedOutlines(config: SiteConfig, title: string, paths: FeedPaths, homePath: string, indent: string): string {
  return OUTLINE_FORMATS.map(
    ([format, name, version]) =>
      `${indent}<outline type="rss" text="${escapeHtml(`${title} (${name})`)}" title="${escapeHtml(`${title} (${name})`)}"` +
      ` xmlUrl="${escapeHtml(absoluteUrl(config, paths[format]))}" htmlUrl="${escapeHtml(absoluteUrl(config, homePath))}"` +
      ` language="${escapeHtml(config.language)}"${version}/>\n`,
  ).join("");
}

/** OPML 2.0: the site's feeds and every tag's, in the three formats, for import into a reader. */
export function opmlDocument(config: SiteConfig, tags: readonly Tag[], modifiedMs: number): string {
  const modified = new ZonedDate(modifiedMs, 0).toUTCString().replace("+0000", "GMT");
  const site = escapeHtml(config.title);
  const tagOutlines = tags
    .map((tag) =>
      feedOutlines(config, `${config.title} – ${tag.name}`, tagFeedPaths(tag.slug), `/tags/${tag.slug}`, "      "),
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head>\n    <title>${site}</title>\n` +
    `    <dateModified>${modified}</dateModified>\n    <docs>http://opml.org/spec2.opml</docs>\n  </head>\n  <body>\n` +
    `    <outline text="${site}" title="${site}">\n${feedOutlines(config, config.title, FEED_PATHS, "/", "      ")}    </outline>\n` +
    (tags.length > 0 ? `    <outline text="Chủ đề" title="Chủ đề">\n${tagOutlines}    </outline>\n` : "") +
    "  </body>\n</opml>\n"
  );
}
