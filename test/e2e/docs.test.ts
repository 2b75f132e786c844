// The README and the pages under docs/, read as GitHub shows them: every relative link and picture
// leads to a file that exists (and every #anchor to a heading of that page), every page is reachable
// from the README, every picture in docs/ is shown somewhere, and the README stays short enough for
// a newcomer. Plain file reads: it starts no server.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const docsDir = path.join(root, "docs");
const docsPages = readdirSync(docsDir)
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);
const pages = ["README.md", ...docsPages];

const read = (page: string) => readFileSync(path.join(root, page), "utf8");

/** The text GitHub renders as prose: fenced code blocks and code spans say nothing about links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const withoutFences = markdown.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, "");
  for (const [, heading = ""] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*]/g, "");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every link and picture target on a page: Markdown `[…](target)` and HTML `src`/`href`. */
function targetsOf(markdown: string): string[] {
  const text = prose(markdown);
  const markdownTargets = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? "");
  const htmlTargets = [...text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
  return [...markdownTargets, ...htmlTargets];
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** The file part of a link target, without its #anchor. */
const fileOf = (target: string) => target.replace(/#.*$/, "");

describe("the README and docs/", () => {
  it("link only to files that exist, and to headings that exist on them", () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const target of targetsOf(read(page))) {
        if (isExternal(target)) continue;
        const file = fileOf(target);
        const anchor = target.slice(file.length + 1);
        const resolved = file ? path.normalize(path.join(path.dirname(page), decodeURI(file))) : page;
        if (!existsSync(path.join(root, resolved))) {
          broken.push(`${page}: ${target} (no file ${resolved})`);
          continue;
        }
        if (anchor && resolved.endsWith(".md") && !anchorsOf(read(resolved)).has(decodeURIComponent(anchor))) {
          broken.push(`${page}: ${target} (no heading #${anchor} in ${resolved})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("link every page under docs/ from the README", () => {
    const linked = new Set(
      targetsOf(read("README.md"))
        .filter((t) => !isExternal(t))
        .map((t) => path.normalize(fileOf(t))),
    );
    expect(docsPages.filter((page) => !linked.has(page))).toEqual([]);
  });

  it("show every picture kept in docs/ on some page", () => {
    const shown = new Set<string>();
    for (const page of pages) {
      for (const target of targetsOf(read(page))) {
        if (!isExternal(target)) shown.add(path.normalize(path.join(path.dirname(page), fileOf(target))));
      }
    }
    const pictures = readdirSync(docsDir)
      .filter((f) => /\.(png|svg|jpe?g|gif|webp)$/i.test(f))
      .map((f) => `docs/${f}`);
    expect(pictures.filter((picture) => !shown.has(picture))).toEqual([]);
  });

  it("keep the README under 250 lines", () => {
    const lines = read("README.md").replace(/\n$/, "").split("\n").length;
    expect(lines, `README.md has ${lines} lines; move detail into a page under docs/`).toBeLessThan(250);
  });
});
