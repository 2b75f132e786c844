import { Hono } from "hono";
import { rendition } from "../cache/rendition.ts";
import { composeDigest } from "../digest/compose.ts";
import { renderDigestWeb } from "../digest/render.ts";
import { getDigest, listDigests, readDigestSource } from "../digest/repository.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { digestArchivePage } from "../views/pages.tsx";
import type { AppEnv } from "./context.ts";

const HTML = "text/html; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";
const MAX_AGE = 60;

export const digests = new Hono<AppEnv>();

digests.get("/digests", async (c) => {
  const config = c.get("config");
  const r = await rendition(c.env.DB, `${c.get("renditionScope")}:/digests`, async () => {
    const [archive, source] = await Promise.all([listDigests(c.env.DB), readDigestSource(c.env.DB)]);
    const upcoming = composeDigest(source.value.number, source.value.posts, config);
    const newest = Math.max(0, upcoming?.lastModifiedMs ?? 0, ...archive.value.map((d) => d.createdMs));
    return {
      version: Math.min(archive.version, source.version),
      contentType: HTML,
      lastModifiedMs: newest,
      body: digestArchivePage(config, archive.value, upcoming),
    };
  });
  return r ? conditionalResponse(c.req.raw, r, MAX_AGE) : c.notFound();
});

digests.get("/digests/latest", async (c) => {
  const [archive, source] = await Promise.all([listDigests(c.env.DB), readDigestSource(c.env.DB)]);
  const newest = archive.value[0]?.number ?? (source.value.posts.length > 0 ? source.value.number : null);
  if (newest === null) return c.notFound();
  c.header("Cache-Control", "no-cache");
  return c.redirect(`${c.get("config").siteUrl}/digests/${newest}`, 302);
});

digests.get("/digests/:ref", async (c) => {
  const m = /^([1-9][0-9]{0,8})(\.txt)?$/.exec(c.req.param("ref"));
  if (!m) return c.notFound();
  const number = Number(m[1]);
  const asText = m[2] === ".txt";
  const config = c.get("config");
  const r = await rendition(
    c.env.DB,
    `${c.get("renditionScope")}:/digests/${number}${asText ? ".txt" : ""}`,
    async () => {
      const stored = await getDigest(c.env.DB, number);
      if (stored) {
        // A sent digest never changes; its version is whatever the site is at.
        const { version } = await listDigests(c.env.DB);
        return {
          version,
          contentType: asText ? TEXT : HTML,
          lastModifiedMs: stored.lastModifiedMs,
          body: asText ? stored.web.text : stored.web.html,
        };
      }
      const source = await readDigestSource(c.env.DB);
      if (source.value.number !== number) return null;
      const upcoming = composeDigest(number, source.value.posts, config);
      if (!upcoming) return null;
      const web = await renderDigestWeb(upcoming, config, { preview: true });
      return {
        version: source.version,
        contentType: asText ? TEXT : HTML,
        lastModifiedMs: upcoming.lastModifiedMs,
        body: asText ? web.text : web.html,
      };
    },
  );
  return r ? conditionalResponse(c.req.raw, r, MAX_AGE) : c.notFound();
});
