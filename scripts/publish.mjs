// npm run publish: sends content/posts/*.md to a running bantin through its admin API, or withdraws posts.
// Usage: SITE_URL=https://news.example.org ADMIN_TOKEN=… npm run publish [-- folder]
//        SITE_URL=… ADMIN_TOKEN=… npm run publish -- --delete SLUG [--delete SLUG…]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readPosts } from "./content.mjs";

export const CONTENT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "content", "posts");

async function call(baseUrl, token, method, urlPath, body) {
  try {
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    return { ok: res.ok, json };
  } catch (err) {
    return { ok: false, json: { error: `${baseUrl} could not be reached: ${err.cause?.message ?? err.message}` } };
  }
}

/**
 * Publishes every post in `dir` to the Worker at `baseUrl`, idempotently by id and slug. One result per
 * file: created, updated, unchanged, restored (a withdrawn post published again), scheduled (created or
 * changed with a date to come: the Worker publishes it then) or failed (with the error).
 */
export async function publishAll(baseUrl, token, dir = CONTENT_DIR) {
  const results = [];
  let posts;
  try {
    posts = await readPosts(dir);
  } catch (err) {
    return [{ file: dir, status: "failed", error: err.message }];
  }
  for (const { file, input } of posts) {
    const { ok, json } = await call(baseUrl, token, "POST", "/admin/posts", input);
    if (!ok) results.push({ file, status: "failed", error: json.error ?? "failed" });
    else if (json.state === "scheduled") {
      results.push({
        file,
        ...json,
        status: json.status === "unchanged" ? "unchanged" : "scheduled",
        note: `scheduled for ${json.published}: not on the site, in the feeds or in a digest until then`,
      });
    } else results.push({ file, ...json });
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

/** One line per post and a summary; true when nothing failed. */
export function report(results, log = console.log) {
  for (const r of results) {
    if (r.status === "failed") log(`failed    ${r.file}: ${r.error}`);
    else {
      const notes = [r.note, r.warning].filter(Boolean).map((n) => `\n          ${n}`);
      log(`${r.status.padEnd(9)} ${r.url}  (${r.file})${notes.join("")}`);
    }
  }
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const order = ["created", "updated", "scheduled", "unchanged", "restored", "deleted", "failed"];
  const parts = order.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  log(`${results.length} post${results.length === 1 ? "" : "s"}: ${parts.join(", ") || "nothing to do"}`);
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
  const baseUrl = (process.env.SITE_URL || `http://127.0.0.1:${process.env.PORT || 8787}`).replace(/\/+$/, "");
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
