import { Hono } from "hono";
import { rendition } from "../cache/rendition.ts";
import { composeFittingDigest } from "../digest/fit.ts";
import { renderDigestWeb } from "../digest/render.ts";
import { readDigestEdition, readDigests } from "../digest/repository.ts";
import { digestPage } from "../views/digest.tsx";
import { digestArchivePage } from "../views/pages.tsx";
import type { AppEnv } from "./context.ts";
import { serveRendition } from "./hot.ts";

const HTML = "text/html; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";
const MAX_AGE = 60;

export const digests = new Hono<AppEnv>();

digests.get("/digests", async (c) => {
  const config = c.get("config");
  const r = await rendition(c.env.DB, `${c.get("renditionScope")}:/digests`, async () => {
    const { version, value } = await readDigests(c.env.DB);
    const upcoming = (await composeFittingDigest(value.next, value.uncovered, config))?.content ?? null;
    const newest = Math.max(0, upcoming?.lastModifiedMs ?? 0, ...value.sent.map((d) => d.createdMs));
    return {
      version,
      contentType: HTML,
      lastModifiedMs: newest,
      body: digestArchivePage(config, value.sent, upcoming),
    };
  });
  return r ? serveRendition(c, r, MAX_AGE) : c.notFound();
});

digests.get("/digests/latest", async (c) => {
  const { value } = await readDigests(c.env.DB);
  const newest = value.sent[0]?.number ?? (value.uncovered.length > 0 ? value.next : null);
  if (newest === null) return c.notFound();
  c.header("Cache-Control", "no-cache");
  return c.redirect(`${c.get("config").siteUrl}/digests/${newest}`, 302);
});

// The web edition is rendered from the digest's stored content (what was sent), as a page of the
// site; the previous/next links come from the archive, so it is rebuilt when a digest is added.
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
      const { version, value } = await readDigestEdition(c.env.DB, number);
      const { stored, state } = value;
      const content = stored
        ? stored.content
        : state.next === number
          ? ((await composeFittingDigest(number, state.uncovered, config))?.content ?? null)
          : null;
      if (!content) return null;
      const sentNumbers = new Set(state.sent.map((d) => d.number));
      const later = state.sent.find((d) => d.number === number + 1) ?? null;
      const lastModifiedMs = Math.max(stored ? stored.lastModifiedMs : content.lastModifiedMs, later?.createdMs ?? 0);
      const body = asText
        ? (await renderDigestWeb(content, config, { preview: !stored })).text
        : digestPage(config, {
            content,
            sentMs: stored ? stored.createdMs : null,
            previous: sentNumbers.has(number - 1) ? number - 1 : null,
            next: later ? later.number : null,
          });
      return { version, contentType: asText ? TEXT : HTML, lastModifiedMs, body };
    },
  );
  return r ? serveRendition(c, r, MAX_AGE) : c.notFound();
});
