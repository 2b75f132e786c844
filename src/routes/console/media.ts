// The console's media library: the photos, uploading several at once, describing and deleting them.
import { Hono } from "hono";
import { message } from "../../i18n/index.ts";
import { deleteMedia, descriptionOf, redescribeMedia, tooLong, withUses } from "../../media/library.ts";
import { countMedia, findMedia, findMediaByHashes, listMedia, usesOf } from "../../media/repository.ts";
import { MEDIA_LIMITS } from "../../media/sniff.ts";
import { type UploadDeps, type UploadResult, uploadMedia } from "../../media/upload.ts";
import { MEDIA_HASH } from "../../media/urls.ts";
import {
  type DescribedPhoto,
  deletePage,
  describePage,
  type MediaNotice,
  mediaPage,
  uploadRefusedPage,
  valuesOf,
} from "../../views/console/media.tsx";
import { auditWho } from "../audit.ts";
import { LIBRARY_PAGE } from "../media.ts";
import { type ConsoleContext, type ConsoleEnv, consoleUrl, type FormBody, field, fields } from "./context.ts";

export const media = new Hono<ConsoleEnv>();

const DONE = new Set<string>(["saved", "deleted", "not-found"] satisfies MediaNotice[]);

/** Every file sent under a field name (a file input left empty sends one without name or bytes). */
export function filesOf(body: FormBody, name: string): File[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is File => typeof x === "object" && x !== null && !(x.name === "" && x.size === 0),
  );
}

/** What storing a photo from the console needs. */
export function consoleUploadDeps(c: ConsoleContext): UploadDeps {
  return {
    db: c.env.DB,
    bucket: c.env.MEDIA,
    images: c.env.IMAGES as ImagesBinding | undefined,
    nowMs: Date.now(),
    timeZone: c.get("config").timeZone,
    uploadedBy: "console",
    who: auditWho(c),
  };
}

/** Stores files sent through a console form, each with the given description. */
export async function uploadFiles(
  c: ConsoleContext,
  files: File[],
  description: { alt?: string; caption?: string; credit?: string } = {},
): Promise<UploadResult> {
  return uploadMedia(
    consoleUploadDeps(c),
    await Promise.all(files.map(async (f) => ({ bytes: new Uint8Array(await f.arrayBuffer()), ...description }))),
  );
}

const pageOf = (raw: string | undefined, pages: number) =>
  Math.min(pages, Math.max(1, Number.parseInt(raw ?? "1", 10) || 1));

media.get("/console/media", async (c) => {
  const total = await countMedia(c.env.DB);
  const pages = Math.max(1, Math.ceil(total / LIBRARY_PAGE));
  const page = pageOf(c.req.query("page"), pages);
  const photos = await withUses(c.env.DB, await listMedia(c.env.DB, LIBRARY_PAGE, (page - 1) * LIBRARY_PAGE));
  const done = c.req.query("done") ?? "";
  return c.html(
    mediaPage(c.get("config"), c.get("session"), {
      photos,
      page,
      pages,
      total,
      ...(DONE.has(done) ? { notice: done as MediaNotice } : {}),
    }),
  );
});

media.post("/console/media/upload", async (c) => {
  const config = c.get("config");
  const me = c.get("session");
  const files = filesOf(c.get("form"), "files");
  if (files.length === 0) {
    return c.html(uploadRefusedPage(config, me, { problem: message("console-media.refused.noFile") }), 400);
  }
  if (files.length > MEDIA_LIMITS.files) {
    const problem = message("console-media.refused.tooManyFiles", { count: files.length, max: MEDIA_LIMITS.files });
    return c.html(uploadRefusedPage(config, me, { problem }), 413);
  }
  const result = await uploadFiles(c, files);
  if (!result.ok) {
    const file = { name: files[result.index]?.name ?? "", index: result.index };
    return c.html(uploadRefusedPage(config, me, { problem: result.console, file }), result.status);
  }
  // The same photo twice in one upload is one photo.
  const seen = new Set<string>();
  const photos: DescribedPhoto[] = result.media
    .filter((m) => !seen.has(m.hash) && seen.add(m.hash))
    .map((m) => ({ media: m, created: m.created, values: valuesOf(m) }));
  return c.html(describePage(config, me, { photos, uploaded: true }), photos.some((p) => p.created) ? 201 : 200);
});

media.post("/console/media/describe", async (c) => {
  const form = c.get("form");
  const hashes = fields(form, "hash[]");
  const [alts, captions, credits] = [fields(form, "alt[]"), fields(form, "caption[]"), fields(form, "credit[]")];
  const decorative = new Set(fields(form, "decorative[]"));
  const rows = new Map((await findMediaByHashes(c.env.DB, hashes)).map((m) => [m.hash, m]));
  const photos: (DescribedPhoto & { description: ReturnType<typeof descriptionOf> })[] = [];
  for (const [i, hash] of hashes.entries()) {
    const m = rows.get(hash);
    // A photo deleted since the form was shown has nothing left to describe.
    if (!m || photos.some((p) => p.media.hash === hash)) continue;
    const values = {
      alt: alts[i] ?? "",
      caption: captions[i] ?? "",
      credit: credits[i] ?? "",
      decorative: decorative.has(hash),
    };
    const description = descriptionOf(values);
    const long = tooLong(description);
    const error =
      values.decorative && values.alt.trim() !== ""
        ? message("console-media.problem.decorativeAlt")
        : long
          ? message(`console-media.problem.${long.field}TooLong`, { max: long.max })
          : undefined;
    photos.push({ media: m, values, description, ...(error ? { error } : {}) });
  }
  const page = Number.parseInt(field(form, "page"), 10) || 0;
  if (photos.some((p) => p.error)) {
    return c.html(
      describePage(c.get("config"), c.get("session"), { photos, uploaded: false, ...(page ? { page } : {}) }),
      400,
    );
  }
  const audit = { who: auditWho(c), nowMs: Date.now() };
  for (const p of photos) await redescribeMedia(c.env.DB, p.media, p.description, audit);
  const only = photos.length === 1 ? `#photo-${photos[0]?.media.hash}` : "";
  const done = photos.length > 0 ? "saved" : "not-found";
  return c.redirect(consoleUrl(c, `/console/media?${page > 1 ? `page=${page}&` : ""}done=${done}${only}`), 303);
});

media.get("/console/media/:hash/delete", async (c) => {
  const hash = c.req.param("hash");
  const m = MEDIA_HASH.test(hash) ? await findMedia(c.env.DB, hash) : null;
  if (!m) return c.redirect(consoleUrl(c, "/console/media?done=not-found"), 303);
  const uses = await usesOf(c.env.DB, [hash]);
  return c.html(deletePage(c.get("config"), c.get("session"), { media: m, uses }), uses.length > 0 ? 409 : 200);
});

media.post("/console/media/:hash/delete", async (c) => {
  const hash = c.req.param("hash");
  const m = MEDIA_HASH.test(hash) ? await findMedia(c.env.DB, hash) : null;
  const result = m
    ? await deleteMedia(c.env.DB, c.env.MEDIA, hash, { who: auditWho(c), nowMs: Date.now() })
    : ({ status: "not-found" } as const);
  if (result.status === "used" && m) {
    return c.html(deletePage(c.get("config"), c.get("session"), { media: m, uses: result.uses }), 409);
  }
  return c.redirect(consoleUrl(c, `/console/media?done=${result.status}`), 303);
});
