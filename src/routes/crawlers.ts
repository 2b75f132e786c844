import { Hono } from "hono";
import { rendition } from "../cache/rendition.ts";
import { readAtVersion } from "../cache/repository.ts";
import { listDigestLocations } from "../digest/repository.ts";
import type { FeedFormat } from "../feeds/build.ts";
import { lastmod, OPML_PATHS, opmlDocument, robotsTxt, type SitemapEntry, sitemapXml } from "../feeds/crawlers.ts";
import { listPostLocations, newestWithdrawalMs, readTagUses } from "../posts/repository.ts";
import { buildTagIndex } from "../posts/tags.ts";
import type { AppEnv } from "./context.ts";
import { serveRendition } from "./hot.ts";

const MAX_AGE = 3600;

export const crawlers = new Hono<AppEnv>();

crawlers.get("/sitemap.xml", async (c) => {
  const config = c.get("config");
  const db = c.env.DB;
  const r = await rendition(db, `${c.get("renditionScope")}:/sitemap.xml`, async () => {
    const { version, value: uses } = await readTagUses(db);
    const tags = buildTagIndex(uses);
    const posts = await listPostLocations(db);
    const digests = await listDigestLocations(db);
    // The home page changes with its posts, and when one is withdrawn.
    const newestPost = Math.max(await newestWithdrawalMs(db), ...posts.map((p) => p.updatedMs));
    const newestTag = Math.max(0, ...tags.map((t) => t.newestUpdatedMs));
    const newestDigest = Math.max(0, ...digests.map((d) => d.lastModifiedMs));
    const entries: SitemapEntry[] = [
      { path: "/", lastmod: lastmod(config, newestPost) },
      ...posts.map((p) => ({ path: `/posts/${p.slug}`, lastmod: p.updatedAt })),
      ...(tags.length > 0 ? [{ path: "/tags", lastmod: lastmod(config, newestTag) }] : []),
      ...tags.map((t) => ({ path: `/tags/${t.slug}`, lastmod: lastmod(config, t.newestUpdatedMs) })),
      ...(digests.length > 0 ? [{ path: "/digests", lastmod: lastmod(config, newestDigest) }] : []),
      ...digests.map((d) => ({ path: `/digests/${d.number}`, lastmod: lastmod(config, d.lastModifiedMs) })),
    ];
    return {
      version,
      contentType: "application/xml; charset=utf-8",
      lastModifiedMs: Math.max(newestPost, newestDigest),
      body: sitemapXml(config, entries),
    };
  });
  return r ? serveRendition(c, r, MAX_AGE) : c.notFound();
});

crawlers.get("/robots.txt", async (c) => {
  const config = c.get("config");
  const r = await rendition(c.env.DB, `${c.get("renditionScope")}:/robots.txt`, async () => {
    const { version } = await readAtVersion(c.env.DB, []);
    return { version, contentType: "text/plain; charset=utf-8", lastModifiedMs: 0, body: robotsTxt(config) };
  });
  return r ? serveRendition(c, r, MAX_AGE) : c.notFound();
});

for (const format of Object.keys(OPML_PATHS) as FeedFormat[]) {
  const path = OPML_PATHS[format];
  crawlers.get(path, async (c) => {
    const config = c.get("config");
    const r = await rendition(c.env.DB, `${c.get("renditionScope")}:${path}`, async () => {
      const { version, value: uses } = await readTagUses(c.env.DB);
      const tags = buildTagIndex(uses);
      const modifiedMs = Math.max(0, ...tags.map((t) => Math.max(t.newestUpdatedMs, t.withdrawnMs)));
      return {
        version,
        contentType: "text/x-opml; charset=utf-8",
        lastModifiedMs: modifiedMs,
        body: opmlDocument(config, format, tags, modifiedMs),
      };
    });
    return r ? serveRendition(c, r, MAX_AGE) : c.notFound();
  });
}
