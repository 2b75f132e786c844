// The editor's source: Markdown files with YAML front matter in content/posts/.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Splits one Markdown file into the JSON that POST /admin/posts takes. */
export function parsePostFile(text, file = "post") {
  const m = FRONT_MATTER.exec(text);
  if (!m) throw new Error(`${file}: no YAML front matter (the file must start with a line "---")`);
  let meta;
  try {
    meta = parse(m[1]) ?? {};
  } catch (err) {
    throw new Error(`${file}: the front matter is not valid YAML: ${err.message}`);
  }
  if (typeof meta !== "object" || Array.isArray(meta))
    throw new Error(`${file}: the front matter must be a YAML mapping`);
  return { ...meta, markdown: text.slice(m[0].length) };
}

/** Reads every post in a folder, sorted by file name. */
export async function readPosts(dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (f) => ({ file: f, input: parsePostFile(await readFile(path.join(dir, f), "utf8"), f) })),
  );
}
