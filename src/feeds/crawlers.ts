// Documents for crawlers and feed readers: the sitemap (sitemaps.org 0.9), robots.txt and the OPML
// 2.0 lists of every feed, one per format. Pure: dates come in, the clock is never read.
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { ZonedDate, zonedIso } from "../dates.ts";
import { siteText } from "../i18n/index.ts";
import type { Tag } from "../posts/tags.ts";
import { escapeHtml } from "../text.ts";
import { FEED_PATHS, type FeedFormat, type FeedPaths, tagFeedPaths } from "./build.ts";

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

/**
 * The OPML lists, one per feed format: a reader that imports one subscribes to each feed once.
 * Atom is the default: it carries a post's first publication and its last update (a correction's
 * date), where RSS has only the first. RSS and JSON Feed are for readers that want those.
 */
export const OPML_PATHS: Record<FeedFormat, string> = {
  atom: "/feeds.opml",
  rss: "/feeds-rss.opml",
  json: "/feeds-json.opml",
};

const FORMAT_NAMES: Record<FeedFormat, string> = { atom: "Atom", rss: "RSS", json: "JSON Feed" };

function feedOutline(config: SiteConfig, format: FeedFormat, title: string, paths: FeedPaths, homePath: string) {
  const text = escapeHtml(title);
  // OPML 2.0 gives `version` for RSS-family feeds; Atom and JSON Feed have no value of their own there.
  const version = format === "rss" ? ' version="RSS"' : "";
  return (
    `<outline type="rss" text="${text}" title="${text}" xmlUrl="${escapeHtml(absoluteUrl(config, paths[format]))}"` +
    ` htmlUrl="${escapeHtml(absoluteUrl(config, homePath))}" language="${escapeHtml(config.language)}"${version}/>\n`
  );
}

/** OPML 2.0: the site's feed and every tag's, in one format, for import into a reader. */
export function opmlDocument(config: SiteConfig, format: FeedFormat, tags: readonly Tag[], modifiedMs: number): string {
  const modified = new ZonedDate(modifiedMs, 0).toUTCString().replace("+0000", "GMT");
  const site = escapeHtml(config.title);
  const topics = escapeHtml(siteText(config).t("site.opml.topics"));
  const tagOutlines = tags
    .map(
      (tag) =>
        `      ${feedOutline(config, format, `${config.title} – ${tag.name}`, tagFeedPaths(tag.slug), `/tags/${tag.slug}`)}`,
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head>\n` +
    `    <title>${escapeHtml(`${config.title} (${FORMAT_NAMES[format]})`)}</title>\n` +
    `    <dateModified>${modified}</dateModified>\n    <docs>http://opml.org/spec2.opml</docs>\n  </head>\n  <body>\n` +
    `    <outline text="${site}" title="${site}">\n      ${feedOutline(config, format, config.title, FEED_PATHS, "/")}    </outline>\n` +
    (tags.length > 0 ? `    <outline text="${topics}" title="${topics}">\n${tagOutlines}    </outline>\n` : "") +
    "  </body>\n</opml>\n"
  );
}
