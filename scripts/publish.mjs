// npm run publish: sends content/posts/*.md to a running bantin through its admin API, or withdraws posts.
// Photos beside the posts (![alt](images/x.jpg), front matter image: images/x.jpg) go to the media library.
// Usage: SITE_URL=https://news.example.org ADMIN_TOKEN=… npm run publish [-- folder]
//        SITE_URL=… ADMIN_TOKEN=… npm run publish -- --delete SLUG [--delete SLUG…]
import { createHash } from "node:crypto";
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MEDIA_LIMITS } from "../src/media/sniff.ts";
import { lineError, localImages, readPostSources, readPosts, withSitePaths } from "./content.mjs";

export const CONTENT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "content", "posts");

/**
 * One admin API request: JSON, or raw bytes (`body` a Uint8Array). `send` is fetch, or what a test
 * hands in to count the requests.
 */
async function call(baseUrl, token, method, urlPath, body, send = fetch) {
  const raw = body instanceof Uint8Array;
  try {
    const res = await send(`${baseUrl}${urlPath}`, {
      method,
      headers: {
        "Content-Type": raw ? "application/octet-stream" : "application/json",
        Authorization: `Bearer ${token}`,
      },
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    });
    const json = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    return { ok: res.ok, status: res.status, json };
  } catch (err) {
    return { ok: false, json: { error: `${baseUrl} could not be reached: ${err.cause?.message ?? err.message}` } };
  }
}

/** The folder as a message names it: relative to the current folder when it is below it. */
function shownPath(p) {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : p;
}

/**
 * The file a post's image names, checked: it exists, is a file inside `dir` (symbolic links
 * followed), and is within the upload limit. Throws an Error whose message says what is wrong.
 */
async function imageFile(dir, href) {
  const candidates = [href];
  if (href.includes("%")) {
    try {
      candidates.push(decodeURIComponent(href));
    } catch {}
  }
  const root = await realpath(dir);
  for (const candidate of candidates) {
    const named = path.resolve(dir, candidate);
    const inside = (p, base) => p.startsWith(base + path.sep);
    if (!inside(named, path.resolve(dir))) {
      throw new Error(
        `${href} is outside ${shownPath(dir)}: put the photos a post uses in its folder (${shownPath(path.join(dir, "images"))}/)`,
      );
    }
    const real = await realpath(named).catch(() => null);
    if (real === null) continue;
    if (!inside(real, root)) throw new Error(`${href} leads outside ${shownPath(dir)} (a link to ${real})`);
    const facts = await stat(real);
    if (!facts.isFile()) throw new Error(`${href} is not a file`);
    if (facts.size > MEDIA_LIMITS.bytes) {
      throw new Error(
        `${href} is ${(facts.size / 1048576).toFixed(1)} MB: a photo may be at most ${MEDIA_LIMITS.bytes / 1048576} MB; export it smaller`,
      );
    }
    return real;
  }
  throw new Error(`${href} does not exist (looked for ${shownPath(path.resolve(dir, href))})`);
}

/**
 * Puts one image file into the media library, unless it is there already: asked for by the SHA-256 of
 * its bytes first (GET /admin/media/uploads/<sha256>), sent only when the library has no photo made
 * from them. Resolves to { path, sent } or throws with the API's message.
 */
async function libraryPhoto(api, file, alt) {
  const bytes = new Uint8Array(await readFile(file));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const known = await api("GET", `/admin/media/uploads/${sha256}`);
  if (known.ok && typeof known.json.url === "string") return { path: new URL(known.json.url).pathname, sent: false };
  if (known.status !== 404) throw new Error(`the media library could not be asked about it: ${known.json.error}`);
  const query = alt ? `?${new URLSearchParams({ alt })}` : "";
  const upload = await api("POST", `/admin/media${query}`, bytes);
  const url = upload.json.media?.[0]?.url;
  if (!upload.ok || typeof url !== "string") throw new Error(`it was refused: ${upload.json.error ?? "failed"}`);
  return { path: new URL(url).pathname, sent: true };
}

/**
 * A post's input ready to send, its local images uploaded and their references rewritten to the
 * photos' site paths, with what became of each image; or throws with what is wrong (and its `line`).
 * `photos` keeps each file's upload for the whole run, so a photo two posts use is sent once.
 */
async function withLibraryPhotos(dir, post, api, photos) {
  const images = localImages(post.text, post.file);
  const files = [];
  for (const image of images) {
    try {
      files.push(await imageFile(dir, image.href));
    } catch (err) {
      throw lineError(image.line, err.message);
    }
  }
  const paths = new Map();
  const shown = [];
  for (const [i, image] of images.entries()) {
    const file = files[i];
    // Sent for the first post that names it; the others find it in the library.
    const first = !photos.has(file);
    if (first) photos.set(file, libraryPhoto(api, file, image.alt));
    try {
      const photo = await photos.get(file);
      paths.set(image.href, photo.path);
      if (!shown.some((s) => s.file === file))
        shown.push({ file, href: image.href, ...photo, sent: first && photo.sent });
    } catch (err) {
      throw lineError(image.line, `${image.href}: ${err.message}`);
    }
  }
  if (images.length === 0) return { input: post.input, photos: [] };
  return { input: withSitePaths(post.input, images, (href) => paths.get(href)), photos: shown };
}

/**
 * Publishes every post in `dir` to the Worker at `baseUrl`, idempotently by id and slug. One result per
 * file: created, updated, unchanged, restored (a withdrawn post published again), scheduled (created or
 * changed with a date to come: the Worker publishes it then) or failed (with the error). Images a post
 * names by a relative path (images/x.jpg beside it) go to the media library first, each file once, and
 * the post is sent naming their site paths; the files are never changed. A post with an image that is
 * missing, outside `dir` or refused by the API is not sent. `options.fetch` replaces fetch (tests).
 */
export async function publishAll(baseUrl, token, dir = CONTENT_DIR, options = {}) {
  const api = (method, urlPath, body) => call(baseUrl, token, method, urlPath, body, options.fetch);
  const results = [];
  let posts;
  try {
    posts = await readPostSources(dir);
  } catch (err) {
    return [{ file: dir, status: "failed", error: err.message }];
  }
  const photos = new Map();
  for (const post of posts) {
    const { file } = post;
    let prepared;
    try {
      prepared = await withLibraryPhotos(dir, post, api, photos);
    } catch (err) {
      results.push({ file, status: "failed", error: err.message, ...(err.line ? { line: err.line } : {}) });
      continue;
    }
    const { ok, json } = await api("POST", "/admin/posts", prepared.input);
    const photosOf = prepared.photos.length > 0 ? { photos: prepared.photos } : {};
    if (!ok) results.push({ file, status: "failed", error: json.error ?? "failed", ...photosOf });
    else if (json.state === "scheduled") {
      results.push({
        file,
        ...json,
        status: json.status === "unchanged" ? "unchanged" : "scheduled",
        note: `scheduled for ${json.published}: not on the site, in the feeds or in a digest until then`,
        ...photosOf,
      });
    } else results.push({ file, ...json, ...photosOf });
  }
  return results;
}

/** Withdraws posts by slug: their pages answer 410 Gone and they leave every feed, tag, archive and the sitemap. */
export async function deleteAll(baseUrl, token, slugs, dir = CONTENT_DIR) {
  const files = await readPosts(dir).catch(() => []);
  const results = [];
  for (const slug of slugs) {
    const { ok, json } = await call(baseUrl, token, "DELETE", `/admin/posts/${encodeURIComponent(slug)}`);
    if (!ok) {
      results.push({ file: slug, status: "failed", error: json.error ?? "failed" });
      continue;
    }
    const source = files.find((f) => f.input.slug === json.slug || f.input.id === json.id);
    results.push({
      file: slug,
      ...json,
      status: "deleted",
      // Publishing the file again would publish the post again.
      warning: source
        ? `content/posts/${source.file} still holds this post: remove it, or the next npm run publish publishes it again`
        : undefined,
    });
  }
  return results;
}

/** A result's file, and the line of the file a failure is about: hoi-nghi.md:7. */
export const where = (r) => (r.line ? `${r.file}:${r.line}` : r.file);

/** One line per post (and one per photo it uses) and a summary; true when nothing failed. */
export function report(results, log = console.log) {
  const photos = new Map();
  for (const r of results) {
    const lines = (r.photos ?? []).map(
      (p) => `\n          photo ${p.href} → ${p.path}  (${p.sent ? "uploaded" : "already in the library: not sent"})`,
    );
    for (const p of r.photos ?? []) photos.set(p.file, photos.get(p.file) || p.sent);
    if (r.status === "failed") log(`failed    ${where(r)}: ${r.error}${lines.join("")}`);
    else {
      const notes = [r.note, r.warning].filter(Boolean).map((n) => `\n          ${n}`);
      log(`${r.status.padEnd(9)} ${r.url}  (${r.file})${lines.join("")}${notes.join("")}`);
    }
  }
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const order = ["created", "updated", "scheduled", "unchanged", "restored", "deleted", "failed"];
  const parts = order.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  const sent = [...photos.values()].filter(Boolean).length;
  const photoParts =
    photos.size === 0
      ? ""
      : `; ${photos.size} photo${photos.size === 1 ? "" : "s"}: ${sent} uploaded, ${photos.size - sent} already in the library`;
  log(`${results.length} post${results.length === 1 ? "" : "s"}: ${parts.join(", ") || "nothing to do"}${photoParts}`);
  return !counts.failed;
}

/** Reads `[folder] [--delete SLUG]…`. */
export function parseArgs(argv) {
  const deletes = [];
  let folder;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--delete") {
      const slug = argv[++i];
      if (!slug || slug.startsWith("--")) throw new Error("--delete needs the slug of the post to withdraw");
      deletes.push(slug);
    } else if (arg.startsWith("--delete=")) deletes.push(arg.slice("--delete=".length));
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else folder = arg;
  }
  return { folder, deletes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const baseUrl = (process.env.SITE_URL || `http://localhost:${process.env.PORT || 8787}`).replace(/\/+$/, "");
  const token = process.env.ADMIN_TOKEN;
  if (!token) {
    console.error("Set ADMIN_TOKEN to the Worker's admin token (npm start prints the development one).");
    process.exit(2);
  }
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\nUsage: npm run publish [-- folder]   or   npm run publish -- --delete SLUG`);
    process.exit(2);
  }
  const results =
    args.deletes.length > 0
      ? await deleteAll(baseUrl, token, args.deletes, args.folder ?? CONTENT_DIR)
      : await publishAll(baseUrl, token, args.folder ?? CONTENT_DIR);
  process.exit(report(results) ? 0 : 1);
}
