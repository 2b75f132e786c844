// Every email as delivered and every page as served, rendered in Debian's Chromium at 360 px and
// 1200 px, in light, dark (prefers-color-scheme), Outlook.com's dark mode (emails), Chromium's
// algorithmic forced dark and a full inversion: every visible text reaches WCAG AA contrast
// against what it is painted on, nothing touches the screen edge on a phone, no text is under
// 12 px, and the pages are valid HTML with what link previews and phones need. What is measured, and
// how the modes are split over this file and two others that run beside it: rendering.ts.
// Expected duration: 35 s (test/sequencer.ts starts the longest files first).
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { lacks } from "./consumers.ts";
import { contrastTests, documents, MODES_OF, NAMES } from "./rendering.ts";

describe.skipIf(lacks("chromium"))("emails and pages in Chromium", () => {
  const d = documents();
  const { docs } = d;
  // Forced dark and inverted: rendering-forced-dark.test.ts and rendering-inverted.test.ts.
  contrastTests(d, MODES_OF["rendering.test.ts"]);

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
      const res = await fetch(`${d.server().url}${doc.path}`);
      const html = await res.text();
      const report = await validator.validateString(html, `${name}.html`);
      const errors = report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2));
      expect(
        errors.map((e) => `${name}: ${e.ruleId}: ${e.message} (line ${e.line})`),
        name,
      ).toEqual([]);
      const opened = await d.browsers().open("light", 360, { url: `${d.server().url}${doc.path}` });
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
