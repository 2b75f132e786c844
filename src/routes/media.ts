// Photos: uploads through the admin API, and the stored originals and their variants served under
// /media/ at immutable, content-addressed URLs.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "zod/mini";
import { etagMatches } from "../http/conditional.ts";
import { siteText } from "../i18n/index.ts";
import { DESCRIPTION_LIMITS, deleteMedia, redescribeMedia, withUses } from "../media/library.ts";
import {
  countMedia,
  findMedia,
  findMediaByUpload,
  getObject,
  listMedia,
  type Media,
  type MediaUse,
  originalKey,
} from "../media/repository.ts";
import { MEDIA_LIMITS, MEDIA_TYPES, type MediaType } from "../media/sniff.ts";
import { type Uploaded, type UploadFile, uploadMedia } from "../media/upload.ts";
import { MEDIA_HASH, mediaPath, typeOfExtension } from "../media/urls.ts";
import { findOrMakeVariant, formatFor, VARIANT_WIDTHS } from "../media/variants.ts";
import { auditWho } from "./audit.ts";
import type { AppEnv } from "./context.ts";

/** What a file says about itself: fields of a multipart upload, or query parameters of a raw one. */
const limited = (max: number) => z.string().check(z.maxLength(max, `must be at most ${max} characters`));
const DescriptionSchema = z.object({
  alt: z.optional(limited(DESCRIPTION_LIMITS.alt)),
  caption: z.optional(limited(DESCRIPTION_LIMITS.caption)),
  credit: z.optional(limited(DESCRIPTION_LIMITS.credit)),
});
/** An edit: a field left out stays as it is; null clears it (alt "" marks the photo decorative). */
const EditSchema = z.strictObject({
  alt: z.optional(z.nullable(limited(DESCRIPTION_LIMITS.alt))),
  caption: z.optional(z.nullable(limited(DESCRIPTION_LIMITS.caption))),
  credit: z.optional(z.nullable(limited(DESCRIPTION_LIMITS.credit))),
});
type Description = z.output<typeof DescriptionSchema>;
const DESCRIBING = new Set(["alt", "caption", "credit"]);

function badRequest(error: string, status: 400 | 413 | 415 = 400): never {
  throw new HTTPException(status, { res: Response.json({ error }, { status }) });
}

function described(fields: Record<string, string>, which: string): Description {
  const result = DescriptionSchema.safeParse(fields);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    badRequest(`Invalid ${which}: ${problems}.`);
  }
  return result.data;
}

/** The files of a multipart request, each with the alt, caption and credit fields that follow it. */
async function multipartFiles(c: Context<AppEnv>): Promise<UploadFile[]> {
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    badRequest("The multipart body could not be read.");
  }
  const files: { file: File; fields: Record<string, string> }[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") {
      files.push({ file: value, fields: {} });
      continue;
    }
    const current = files.at(-1);
    if (!DESCRIBING.has(name)) {
      badRequest(`Unknown field "${name}": send files, each followed by its alt, caption and credit fields.`);
    }
    if (!current) badRequest(`The field "${name}" comes before any file: put each file's fields after it.`);
    if (name in current.fields) badRequest(`The file "${current.file.name}" has two "${name}" fields.`);
    current.fields[name] = value;
  }
  if (files.length === 0) badRequest("The request has no file.");
  if (files.length > MEDIA_LIMITS.files) {
    badRequest(`The request has ${files.length} files: at most ${MEDIA_LIMITS.files} are taken at once.`, 413);
  }
  return Promise.all(
    files.map(async ({ file, fields }, i) => ({
      bytes: new Uint8Array(await file.arrayBuffer()),
      ...described(fields, `fields of file ${i + 1} ("${file.name}")`),
    })),
  );
}

/** One photo as the API shows it. */
function shown(m: Media, siteUrl: string) {
  return {
    hash: m.hash,
    url: `${siteUrl}${mediaPath(m.hash, m.type)}`,
    type: m.type,
    width: m.width,
    height: m.height,
    bytes: m.bytes,
    alt: m.alt,
    caption: m.caption,
    credit: m.credit,
  };
}

const uploadedShown = (m: Uploaded, siteUrl: string) => ({ ...shown(m, siteUrl), created: m.created });

/** The posts that use a photo, as the API names them. */
const postsShown = (uses: MediaUse[], siteUrl: string) =>
  uses.map((u) => ({ slug: u.slug, title: u.title, url: `${siteUrl}/posts/${u.slug}` }));

/** The upload API, mounted inside the admin app (routes/admin.ts), behind its token check. */
export const mediaAdmin = new Hono<AppEnv>();

/**
 * Stores photos: multipart/form-data (several files, each followed by its optional alt, caption and
 * credit fields), or one image as the body with them as query parameters. 201 with each photo; a
 * refused file refuses the whole request, and nothing is stored.
 */
mediaAdmin.post("/admin/media", async (c) => {
  const contentType = (c.req.header("Content-Type") ?? "").toLowerCase();
  let files: UploadFile[];
  if (contentType.startsWith("multipart/form-data")) files = await multipartFiles(c);
  else if (contentType.startsWith("image/") || contentType.startsWith("application/octet-stream")) {
    const description = described(c.req.query(), "query parameters");
    files = [{ bytes: new Uint8Array(await c.req.arrayBuffer()), ...description }];
  } else {
    badRequest(
      "Send multipart/form-data with the files, or one image as the body with Content-Type image/… (its type is read from its bytes).",
      415,
    );
  }
  const config = c.get("config");
  const result = await uploadMedia(
    {
      db: c.env.DB,
      bucket: c.env.MEDIA,
      images: c.env.IMAGES as ImagesBinding | undefined,
      nowMs: Date.now(),
      timeZone: config.timeZone,
      uploadedBy: "admin-api",
      who: auditWho(c),
    },
    files,
  );
  if (!result.ok) {
    const which = files.length > 1 ? `File ${result.index + 1}: ` : "";
    const none = files.length > 1 ? " Nothing was stored." : "";
    return c.json({ error: `${which}${result.message}${none}`, file: result.index + 1 }, result.status);
  }
  return c.json(
    { media: result.media.map((m) => uploadedShown(m, config.siteUrl)) },
    result.media.some((m) => m.created) ? 201 : 200,
  );
});

/** Photos per page of GET /admin/media (and of the console's library). */
export const LIBRARY_PAGE = 60;

/** The library, newest first, a page at a time (`?page=2`), each photo with the posts that use it. */
mediaAdmin.get("/admin/media", async (c) => {
  const total = await countMedia(c.env.DB);
  const pages = Math.max(1, Math.ceil(total / LIBRARY_PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
  const photos = await withUses(c.env.DB, await listMedia(c.env.DB, LIBRARY_PAGE, (page - 1) * LIBRARY_PAGE));
  const siteUrl = c.get("config").siteUrl;
  return c.json({
    media: photos.map((p) => ({
      ...shown(p.media, siteUrl),
      uploaded_at: p.media.uploadedAt,
      uploaded_by: p.media.uploadedBy,
      used_by: postsShown(p.uses, siteUrl),
    })),
    page,
    pages,
    total,
  });
});

const hashOf = (c: Context<AppEnv>): string => {
  const hash = c.req.param("hash") ?? "";
  if (!MEDIA_HASH.test(hash))
    throw new HTTPException(404, { res: Response.json({ error: "No such photo." }, { status: 404 }) });
  return hash;
};

/** Rewrites a photo's alt text, caption or credit (JSON; a field left out stays, null clears it). */
mediaAdmin.patch("/admin/media/:hash", async (c) => {
  const hash = hashOf(c);
  const body: unknown = await c.req.json().catch(() => badRequest("The body must be a JSON object."));
  const edit = EditSchema.safeParse(body);
  if (!edit.success) {
    badRequest(`Invalid fields: ${edit.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.`);
  }
  const found = await findMedia(c.env.DB, hash);
  if (!found) return c.json({ error: "No such photo." }, 404);
  const next = {
    alt: edit.data.alt === undefined ? found.alt : edit.data.alt,
    caption: edit.data.caption === undefined ? found.caption : edit.data.caption,
    credit: edit.data.credit === undefined ? found.credit : edit.data.credit,
  };
  if (!(await redescribeMedia(c.env.DB, found, next, { who: auditWho(c), nowMs: Date.now() }))) {
    return c.json({ error: "No such photo." }, 404);
  }
  return c.json({ media: shown({ ...found, ...next }, c.get("config").siteUrl) });
});

/** Deletes a photo no post uses (its original, its variants, its row); 409 naming the posts otherwise. */
mediaAdmin.delete("/admin/media/:hash", async (c) => {
  const result = await deleteMedia(c.env.DB, c.env.MEDIA, hashOf(c), { who: auditWho(c), nowMs: Date.now() });
  const siteUrl = c.get("config").siteUrl;
  switch (result.status) {
    case "deleted":
      return c.body(null, 204);
    case "not-found":
      return c.json({ error: "No such photo." }, 404);
    case "used":
      return c.json(
        {
          error: `The photo is used by ${result.uses.length === 1 ? "a post" : `${result.uses.length} posts`} (${result.uses.map((u) => `"${u.title}"`).join(", ")}): remove it from them first.`,
          posts: postsShown(result.uses, siteUrl),
        },
        409,
      );
  }
});

/**
 * The photo stored from a file with this SHA-256 (of the bytes as sent, or as stored), or a 404: lets
 * a script (npm run publish) skip sending a photo the library already holds.
 */
mediaAdmin.get("/admin/media/uploads/:sha256", async (c) => {
  const hash = c.req.param("sha256").toLowerCase();
  if (!MEDIA_HASH.test(hash)) badRequest("Name the file by the hex SHA-256 of its bytes (64 characters).");
  const found = await findMediaByUpload(c.env.DB, hash);
  if (!found) return c.json({ error: "No photo was uploaded from a file with this SHA-256." }, 404);
  return c.json(shown(found, c.get("config").siteUrl));
});

/** Stored photos: immutable, content-addressed answers. */
export const media = new Hono<AppEnv>();

const IMMUTABLE = "public, max-age=31536000, immutable";

/** A 404 in the site's words: no such photo, or (with a message) no such size of it. */
function notFound(c: Context<AppEnv>, message = siteText(c.get("config")).t("media.notFound")): Response {
  return c.text(message, 404, { "Cache-Control": "public, max-age=60" });
}

/**
 * Whether a GET should read the object's body with its head: not for a HEAD, nor for a request that
 * may be answered 304 (its body is read afterwards if it is not).
 */
const readsBody = (c: Context<AppEnv>) => c.req.method !== "HEAD" && !c.req.header("If-None-Match");

/** A 200 (or 304) for a stored object: its exact type, length and strong ETag. */
async function objectResponse(
  c: Context<AppEnv>,
  key: string,
  object: R2Object | R2ObjectBody,
  etag: string,
  extra: Record<string, string>,
  made?: Uint8Array,
): Promise<Response> {
  const headers: Record<string, string> = {
    ETag: etag,
    "Cache-Control": IMMUTABLE,
    "X-Content-Type-Options": "nosniff",
    ...extra,
  };
  if (etagMatches(c.req.header("If-None-Match") ?? "", etag)) return c.body(null, 304, headers);
  let served: R2Object | R2ObjectBody = object;
  let body: Uint8Array | ReadableStream | undefined = made ?? ("body" in object ? object.body : undefined);
  if (!body && c.req.method !== "HEAD") {
    // Only the head was read (the request could have been a 304): the body now, and its length and
    // type from the same read.
    const read = await getObject(c.env.MEDIA, key, true);
    if (!read || !("body" in read)) return notFound(c);
    served = read;
    body = read.body;
  }
  headers["Content-Type"] = served.httpMetadata?.contentType ?? "application/octet-stream";
  headers["Content-Length"] = String(served.size);
  if (c.req.method === "HEAD") return c.body(null, 200, headers);
  return new Response(body, { status: 200, headers });
}

/** An original, as uploaded (upright, without metadata): /media/<sha256>.<ext>. */
media.get("/media/:file", async (c) => {
  const [hash = "", ext = "", ...rest] = c.req.param("file").split(".");
  const type = typeOfExtension(ext);
  if (!MEDIA_HASH.test(hash) || !type || rest.length > 0) return notFound(c);
  const key = originalKey(hash);
  const object = await getObject(c.env.MEDIA, key, readsBody(c));
  // The extension is the type's: another one names no photo (one URL per photo).
  if (!object || object.httpMetadata?.contentType !== type) {
    if (object && "body" in object) await object.body.cancel();
    return notFound(c);
  }
  return objectResponse(c, key, object, `"${hash}"`, {});
});

/**
 * A variant: /media/<sha256>/<width> in the format the browser takes (AVIF, WebP or JPEG by its
 * Accept header), or /media/<sha256>/<width>.jpg always JPEG (for email). Widths from a fixed list,
 * never wider than the original: a wider one is a 404 that says which widths there are.
 */
media.get("/media/:hash/:variant", async (c) => {
  const hash = c.req.param("hash");
  const match = /^([1-9][0-9]{0,4})(\.jpg)?$/.exec(c.req.param("variant"));
  const width = Number(match?.[1]);
  const widths = VARIANT_WIDTHS.join(", ");
  if (!MEDIA_HASH.test(hash)) return notFound(c);
  if (!match || !(VARIANT_WIDTHS as readonly number[]).includes(width)) {
    return c.text(siteText(c.get("config")).t("media.badWidth", { widths }), 400, {
      "Cache-Control": "public, max-age=3600",
    });
  }
  const fixedJpeg = match[2] !== undefined;
  const format = fixedJpeg ? "image/jpeg" : formatFor(c.req.header("Accept") ?? "", width);
  const vary: Record<string, string> = fixedJpeg ? {} : { Vary: "Accept" };
  const found = await findOrMakeVariant(
    c.env.MEDIA,
    c.env.IMAGES as ImagesBinding | undefined,
    hash,
    width,
    format,
    readsBody(c),
  );
  switch (found.status) {
    case "ok":
      return objectResponse(c, found.key, found.object, found.object.httpEtag, vary, found.body);
    case "no-original":
      return notFound(c);
    case "too-wide":
      return notFound(c, siteText(c.get("config")).t("media.tooWide", { width: found.originalWidth, widths }));
    case "no-images": {
      // Deployed without the Images binding: the original stands in, for now only (no long cache,
      // so the variant is made once the binding is added).
      const original = await getObject(c.env.MEDIA, originalKey(hash), false);
      const stored = original?.httpMetadata?.contentType ?? "";
      const type = (MEDIA_TYPES as readonly string[]).includes(stored) ? (stored as MediaType) : "image/jpeg";
      c.header("Cache-Control", "public, max-age=300");
      return c.redirect(`${c.get("config").siteUrl}${mediaPath(hash, type)}`, 302);
    }
  }
});
