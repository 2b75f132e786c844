// npm run publish: sends content/posts/*.md to a running bantin through its admin API.
// Usage: SITE_URL=https://news.example.org ADMIN_TOKEN=… npm run publish [folder]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readPosts } from "./content.mjs";

export const CONTENT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "content", "posts");

/** Publishes every post in `dir` to the Worker at `baseUrl`; idempotent by slug and id. */
export async function publishAll(baseUrl, token, dir = CONTENT_DIR) {
  const results = [];
  for (const { file, input } of await readPosts(dir)) {
    const res = await fetch(`${baseUrl}/admin/posts`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const body = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    if (!res.ok) throw new Error(`${file}: ${body.error ?? `HTTP ${res.status}`}`);
    results.push({ file, ...body });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const baseUrl = (process.env.SITE_URL || `http://127.0.0.1:${process.env.PORT || 8787}`).replace(/\/+$/, "");
  const token = process.env.ADMIN_TOKEN;
  if (!token) {
    console.error("Set ADMIN_TOKEN to the Worker's admin token (npm start prints the development one).");
    process.exit(2);
  }
  try {
    for (const r of await publishAll(baseUrl, token, process.argv[2] ?? CONTENT_DIR)) {
      console.log(`${r.status.padEnd(9)} ${r.url}  (${r.file})`);
    }
  } catch (err) {
    console.error(`publish failed: ${err.message}`);
    process.exit(1);
  }
}
