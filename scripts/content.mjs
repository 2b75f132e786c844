// The editor's source: Markdown files with YAML front matter in content/posts/.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Marked } from "marked";
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

/** Reads every post in a folder, sorted by file name, with the text of its file. */
export async function readPostSources(dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (f) => {
      const text = await readFile(path.join(dir, f), "utf8");
      return { file: f, text, input: parsePostFile(text, f) };
    }),
  );
}

/** Reads every post in a folder, sorted by file name. */
export async function readPosts(dir) {
  return (await readPostSources(dir)).map(({ file, input }) => ({ file, input }));
}

/**
 * Whether an image reference names a file beside the post (images/x.jpg, ./images/x.jpg, ../x.jpg)
 * rather than a URL (https:…, data:…), a path on the site (/media/…) or a fragment.
 */
export function isLocalReference(href) {
  const ref = href.trim();
  return ref !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^[/\\#?]/.test(ref);
}

const lexer = new Marked();

/** Every image and code text of a Markdown body, in order: what rewriting references must keep. */
function bodyFacts(markdown) {
  const images = [];
  const code = [];
  lexer.walkTokens(lexer.lexer(markdown), (token) => {
    if (token.type === "image") images.push(token);
    else if (token.type === "code" || token.type === "codespan") code.push(token.text);
  });
  return { images, code };
}

/** Where `href` starts in an inline image's source `![alt](href …)`, or -1 (a reference-style image). */
function hrefOffset(raw, href) {
  for (let at = raw.indexOf("]("); at >= 0; at = raw.indexOf("](", at + 1)) {
    let i = at + 2;
    while (/\s/.test(raw[i] ?? "")) i++;
    if (raw[i] === "<") i++;
    if (raw.startsWith(href, i)) return i;
  }
  return -1;
}

const lineAt = (text, offset) => text.slice(0, offset).split("\n").length;

/** An error about one line of a post file: its message does not repeat the file's name. */
export const lineError = (line, message) => Object.assign(new Error(message), { line });

/**
 * The images of a post file that name a file beside it: the front matter's `image` and the body's
 * `![alt](images/…)`, each with its line in the file, its alt text, and (body images) where its
 * reference sits in the body. Throws for a reference it could not rewrite (reference-style images).
 */
export function localImages(text, file = "post") {
  const input = parsePostFile(text, file);
  const front = FRONT_MATTER.exec(text)?.[0] ?? "";
  const found = [];
  if (typeof input.image === "string" && isLocalReference(input.image)) {
    const line = front.split("\n").findIndex((l) => /^image\s*:/.test(l)) + 1;
    const alt = input.image_decorative === true ? undefined : input.image_alt;
    found.push({ href: input.image.trim(), alt: typeof alt === "string" ? alt : undefined, line, field: "image" });
  }
  const body = input.markdown;
  const bodyLine = front.split("\n").length;
  let cursor = 0;
  for (const token of bodyFacts(body).images) {
    const at = body.indexOf(token.raw, cursor);
    if (at < 0) {
      if (!isLocalReference(token.href)) continue;
      throw new Error(
        `the image ${token.raw} could not be found in the text: write it on one line, ![alt](${token.href})`,
      );
    }
    cursor = at + token.raw.length;
    if (!isLocalReference(token.href)) continue;
    const line = bodyLine + lineAt(body, at) - 1;
    const offset = hrefOffset(token.raw, token.href);
    if (offset < 0) {
      throw lineError(
        line,
        token.raw.includes("](")
          ? `write this image's path as it is, without backslashes: ![${token.text}](${token.href})`
          : `write this image inline, ![${token.text}](${token.href}): a photo named by a reference ([…]: ${token.href}) is not uploaded`,
      );
    }
    found.push({ href: token.href, alt: token.text, line, field: "markdown", start: at + offset });
  }
  return found;
}

/**
 * The post's input with its local images' references replaced by the site paths `pathOf` gives,
 * checked: the body's other images and its code are exactly as written.
 */
export function withSitePaths(input, images, pathOf) {
  let markdown = input.markdown;
  const body = images.filter((i) => i.field === "markdown").sort((a, b) => b.start - a.start);
  for (const image of body) {
    markdown = markdown.slice(0, image.start) + pathOf(image.href) + markdown.slice(image.start + image.href.length);
  }
  const before = bodyFacts(input.markdown);
  const after = bodyFacts(markdown);
  const expected = before.images.map((t) => (isLocalReference(t.href) ? pathOf(t.href) : t.href));
  if (
    JSON.stringify(after.images.map((t) => t.href)) !== JSON.stringify(expected) ||
    JSON.stringify(after.code) !== JSON.stringify(before.code)
  ) {
    throw new Error("its images could not be rewritten to their site paths without changing other text");
  }
  const lead = images.find((i) => i.field === "image");
  return { ...input, markdown, ...(lead ? { image: pathOf(lead.href) } : {}) };
}
