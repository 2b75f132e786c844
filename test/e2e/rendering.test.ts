// Every email as delivered and every page as served, rendered in Debian's Chromium at 360 px and
// 1200 px, in light, dark (prefers-color-scheme), Outlook.com's dark mode (emails), Chromium's
// algorithmic forced dark and a full inversion: every visible text reaches WCAG AA contrast
// against what it is painted on, nothing touches the screen edge on a phone, no text is under
// 12 px, and the pages are valid HTML with what link previews and phones need.
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browsers, type Measurement, MODES, type Mode } from "./browser.ts";
import { lacks } from "./consumers.ts";
import { receiveDigestOne, tokenLink } from "./inbox.ts";
import { type LocalServer, startServer } from "./server.ts";

const WIDTHS = [360, 1200] as const;
const READER = "doc.gia@example.org";
const POST_PATH = "/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam";

type Source = { html: string } | { path: string };

/** What is checked: both emails as delivered, and every kind of page as served. */
const NAMES = [
  "digest email",
  "confirmation email",
  "home",
  "post",
  "digest archive",
  "web edition",
  "confirm button page",
  "unsubscribe button page",
  "404 page",
  "tags",
  "tag page",
  "withdrawn post (410)",
] as const;
type Name = (typeof NAMES)[number];
const isEmail = (name: Name) => name.endsWith("email");

let server: LocalServer;
let browsers: Browsers;
const docs = new Map<Name, Source>();

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

/** Publishes a post and withdraws it, for its 410 page; returns its slug. */
async function withdrawnPost(s: LocalServer): Promise<string> {
  const auth = { Authorization: `Bearer ${s.adminToken}` };
  const post = {
    title: "Bài đã gỡ",
    author: "Phương Dung",
    published: "2021-07-01T09:00:00+07:00",
    markdown: "Nội dung.",
  };
  const created = await fetch(`${s.url}/admin/posts`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify(post),
  });
  expect(created.status).toBe(201);
  expect((await fetch(`${s.url}/admin/posts/bai-da-go`, { method: "DELETE", headers: auth })).status).toBe(200);
  return "bai-da-go";
}

describe.skipIf(lacks("chromium"))("emails and pages in Chromium", () => {
  beforeAll(async () => {
    server = await startServer();
    browsers = new Browsers();
    const { confirmation, digest } = await receiveDigestOne(server, READER);
    const sources: Record<Name, Source> = {
      "digest email": { html: digest },
      "confirmation email": { html: confirmation },
      home: { path: "/" },
      post: { path: POST_PATH },
      "digest archive": { path: "/digests" },
      "web edition": { path: "/digests/1" },
      "confirm button page": { path: pathOf(tokenLink(confirmation, "confirm")) },
      "unsubscribe button page": { path: pathOf(tokenLink(digest, "unsubscribe")) },
      "404 page": { path: "/no-such-page" },
      tags: { path: "/tags" },
      "tag page": { path: "/tags/dan-van" },
      "withdrawn post (410)": { path: `/posts/${await withdrawnPost(server)}` },
    };
    for (const name of NAMES) docs.set(name, sources[name]);
  });

  afterAll(async () => {
    await browsers?.close();
    await server?.stop();
  });

  async function measure(name: Name, mode: Mode, width: number): Promise<Measurement> {
    const doc = docs.get(name);
    if (!doc) throw new Error(`no document ${name}`);
    const opened = await browsers.open(mode, width, "html" in doc ? doc : { url: `${server.url}${doc.path}` });
    try {
      return await opened.measure();
    } finally {
      await opened.close();
    }
  }

  for (const name of NAMES) {
    for (const mode of MODES) {
      // Outlook.com's data-ogsc/ogsb marking only happens to email.
      if (mode === "outlook-dark" && !isEmail(name)) continue;
      for (const width of WIDTHS) {
        it(`${name}, ${mode}, ${width} px: every text reaches WCAG AA contrast`, async () => {
          const m = await measure(name, mode, width);
          expect(m.texts.length).toBeGreaterThan(0);
          const failing = m.texts.filter((t) => t.ratio < t.required);
          console.log(`contrast ${name} · ${mode} · ${width}px: min ${m.min}`);
          expect(failing).toEqual([]);
          expect(m.tiny).toEqual([]);
          if (width === 360) expect(m.atEdge).toEqual([]);
        });
      }
    }
  }

  it("keeps the delivered digest far under Gmail's 102 KB clipping size", () => {
    const doc = docs.get("digest email");
    const bytes = new TextEncoder().encode(doc && "html" in doc ? doc.html : "").length;
    console.log(`digest email HTML: ${bytes} bytes`);
    expect(bytes).toBeLessThan(30 * 1024);
  });

  it("serves pages that are valid HTML with what phones and link previews need", async () => {
    // Every recommended rule except three about spelling that HTML allows either way and that
    // hono/jsx writes its own way: `<!doctype html>`, `<meta …/>`, `required=""`.
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: { "doctype-style": "off", "void-style": "off", "attribute-boolean-style": "off" },
    });
    for (const name of NAMES) {
      const doc = docs.get(name);
      if (!doc || "html" in doc) continue;
      const res = await fetch(`${server.url}${doc.path}`);
      const html = await res.text();
      const report = await validator.validateString(html, `${name}.html`);
      const errors = report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2));
      expect(
        errors.map((e) => `${name}: ${e.ruleId}: ${e.message} (line ${e.line})`),
        name,
      ).toEqual([]);
      const opened = await browsers.open("light", 360, { url: `${server.url}${doc.path}` });
      try {
        const head = (await opened.page.evaluate(`(() => {
          const meta = (sel) => document.querySelector(sel)?.getAttribute("content") ?? null;
          return {
            lang: document.documentElement.lang,
            title: document.title,
            viewport: meta('meta[name="viewport"]'),
            description: meta('meta[name="description"]'),
            og: Object.fromEntries([...document.querySelectorAll('meta[property^="og:"]')].map((m) => [m.getAttribute("property"), m.getAttribute("content")])),
            feeds: document.querySelectorAll('link[rel="alternate"]').length,
            scripts: document.querySelectorAll("script").length,
            externals: [...document.querySelectorAll("link[href], img[src], iframe[src]")].filter((e) => e.rel !== "canonical" && e.rel !== "alternate").length,
          };
        })()`)) as {
          lang: string;
          title: string;
          viewport: string | null;
          description: string | null;
          og: Record<string, string>;
          feeds: number;
          scripts: number;
          externals: number;
        };
        expect(head.lang, name).toBe("vi");
        expect(head.title.length, name).toBeGreaterThan(5);
        expect(head.viewport, name).toBe("width=device-width, initial-scale=1");
        expect(head.description?.length ?? 0, name).toBeGreaterThan(20);
        // A tag's page announces its own three feeds before the site's.
        expect(head.feeds, name).toBe(name === "tag page" ? 6 : 3);
        expect(head.scripts, name).toBe(0);
        expect(head.externals, name).toBe(0);
        expect(Object.keys(head.og).sort(), name).toEqual(
          ["og:description", "og:locale", "og:site_name", "og:title", "og:type", "og:url"].sort(),
        );
        expect(head.og["og:locale"], name).toBe("vi_VN");
        expect(head.og["og:url"], name).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      } finally {
        await opened.close();
      }
    }
  });
});
