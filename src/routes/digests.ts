import { Hono } from "hono";
import { rendition } from "../cache/rendition.ts";
import { composeDigest } from "../digest/compose.ts";
import { renderDigestWeb } from "../digest/render.ts";
import { getDigest, readDigests } from "../digest/repository.ts";
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
    const { version, value } = await readDigests(c.env.DB);
    const upcoming = composeDigest(value.next, value.uncovered, config);
    const newest = Math.max(0, upcoming?.lastModifiedMs ?? 0, ...value.sent.map((d) => d.createdMs));
    return {
      version,
      contentType: HTML,
      lastModifiedMs: newest,
      body: digestArchivePage(config, value.sent, upcoming),
    };
  });
  return r ? conditionalResponse(c.req.raw, r, MAX_AGE) : c.notFound();
});

digests.get("/digests/latest", async (c) => {
  const { value } = await readDigests(c.env.DB);
  const newest = value.sent[0]?.number ?? (value.uncovered.length > 0 ? value.next : null);
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
      if (stored.value) {
        return {
          version: stored.version,
          contentType: asText ? TEXT : HTML,
          lastModifiedMs: stored.value.lastModifiedMs,
          body: asText ? stored.value.web.text : stored.value.web.html,
        };
      }
      const source = await readDigests(c.env.DB);
      if (source.value.next !== number) return null;
      const upcoming = composeDigest(number, source.value.uncovered, config);
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
