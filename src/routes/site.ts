import { Hono } from "hono";
import { rendition } from "../cache/rendition.ts";
import { newestChange } from "../feeds/build.ts";
import { getPostBySlug, readHomeSource, slugFate } from "../posts/repository.ts";
import { gonePage, homePage, postPage } from "../views/pages.tsx";
import type { AppEnv } from "./context.ts";
import { serveRendition } from "./hot.ts";

const HTML = "text/html; charset=utf-8";
const PAGE_MAX_AGE = 60;
/** How many posts the home page lists. */
const HOME_SIZE = 50;

export const site = new Hono<AppEnv>();

site.get("/", async (c) => {
  const config = c.get("config");
  const r = await rendition(c.env.DB, `${c.get("renditionScope")}:/`, async () => {
    const { version, value } = await readHomeSource(c.env.DB, HOME_SIZE);
    // A withdrawal changes the page as much as a post does.
    const lastModifiedMs = Math.max(newestChange(value.posts).getTime(), value.withdrawnMs);
    return { version, contentType: HTML, lastModifiedMs, body: homePage(config, value.posts) };
  });
  // The home page always exists.
  return r ? serveRendition(c, r, PAGE_MAX_AGE) : c.notFound();
});

site.get("/posts/:slug", async (c) => {
  const config = c.get("config");
  const slug = c.req.param("slug");
  const r = await rendition(c.env.DB, `${c.get("renditionScope")}:/posts/${slug}`, async () => {
    const { version, value: post } = await getPostBySlug(c.env.DB, slug);
    if (!post) return null;
    return { version, contentType: HTML, lastModifiedMs: post.updatedMs, body: postPage(config, post) };
  });
  if (r) return serveRendition(c, r, PAGE_MAX_AGE);
  // Not a published post: withdrawn (410 Gone), renamed (301 to its slug now), or never there.
  const fate = await slugFate(c.env.DB, slug);
  if (fate?.kind === "moved") return c.redirect(`${config.siteUrl}/posts/${fate.slug}`, 301);
  if (fate?.kind === "withdrawn") {
    return c.html(gonePage(config, `/posts/${slug}`), 410, { "Cache-Control": `public, max-age=${PAGE_MAX_AGE}` });
  }
  return c.notFound();
});
