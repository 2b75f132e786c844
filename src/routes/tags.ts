import { Hono } from "hono";
import { rendition } from "../cache/rendition.ts";
import { getPostsByIds, readTagUses } from "../posts/repository.ts";
import { buildTagIndex, tagSlug } from "../posts/tags.ts";
import { tagPage, tagsPage } from "../views/pages.tsx";
import type { AppEnv } from "./context.ts";
import { serveRendition } from "./hot.ts";

const HTML = "text/html; charset=utf-8";
const PAGE_MAX_AGE = 60;
/** How many posts a tag's page lists. */
const TAG_PAGE_SIZE = 100;

export const tags = new Hono<AppEnv>();

tags.get("/tags", async (c) => {
  const config = c.get("config");
  const r = await rendition(c.env.DB, `${c.get("renditionScope")}:/tags`, async () => {
    const { version, value } = await readTagUses(c.env.DB);
    const index = buildTagIndex(value);
    const lastModifiedMs = Math.max(0, ...index.map((t) => Math.max(t.newestUpdatedMs, t.withdrawnMs)));
    return { version, contentType: HTML, lastModifiedMs, body: tagsPage(config, index) };
  });
  return r ? serveRendition(c, r, PAGE_MAX_AGE) : c.notFound();
});

tags.get("/tags/:tag", async (c) => {
  const config = c.get("config");
  const param = c.req.param("tag");
  const slug = tagSlug(param);
  if (slug === "") return c.notFound();
  if (slug !== param) return c.redirect(`${config.siteUrl}/tags/${slug}`, 301);
  const r = await rendition(c.env.DB, `${c.get("renditionScope")}:/tags/${slug}`, async () => {
    const { version, value } = await readTagUses(c.env.DB);
    const tag = buildTagIndex(value).find((t) => t.slug === slug);
    if (!tag) return null;
    const posts = await getPostsByIds(c.env.DB, tag.postIds.slice(0, TAG_PAGE_SIZE), TAG_PAGE_SIZE);
    const lastModifiedMs = Math.max(tag.newestUpdatedMs, tag.withdrawnMs);
    return { version, contentType: HTML, lastModifiedMs, body: tagPage(config, tag, posts) };
  });
  return r ? serveRendition(c, r, PAGE_MAX_AGE) : c.notFound();
});
