import { type Context, Hono } from "hono";
import { FEED_PATHS, type FeedFormat } from "../feeds/build.ts";
import { type FeedTarget, feedDocument, feedPath, parseFeedPath } from "../feeds/documents.ts";
import { tagSlug } from "../posts/tags.ts";
import type { AppEnv } from "./context.ts";
import { serveRendition } from "./hot.ts";

export const feeds = new Hono<AppEnv>();

/** A feed document with its validators and WebSub discovery (Link: rel="hub", rel="self"). */
async function serve(c: Context<AppEnv>, target: FeedTarget) {
  const served = await feedDocument(c.env.DB, c.get("config"), c.get("renditionScope"), target);
  if (!served) return c.notFound();
  return serveRendition(c, served.rendition, served.maxAgeSeconds, { Link: served.link });
}

for (const format of Object.keys(FEED_PATHS) as FeedFormat[]) {
  feeds.get(FEED_PATHS[format], (c) => serve(c, { kind: "main", format }));
}

// Archive documents (RFC 5005): /archive/1/atom.xml is the oldest.
feeds.get("/archive/:number/:file", (c) => {
  const target = parseFeedPath(c.req.path);
  return target ? serve(c, target) : c.notFound();
});

// A tag's feeds; a tag written another way (/tags/Dân%20vận/rss.xml) is sent to its slug.
feeds.get("/tags/:tag/:file", (c) => {
  const target = parseFeedPath(c.req.path);
  if (target) return serve(c, target);
  const slug = tagSlug(c.req.param("tag"));
  const canonical = slug ? parseFeedPath(`/tags/${slug}/${c.req.param("file")}`) : null;
  if (!canonical) return c.notFound();
  return c.redirect(`${c.get("config").siteUrl}${feedPath(canonical)}`, 301);
});
