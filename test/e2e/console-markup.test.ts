// Every console page (console-fixture.ts): valid HTML (html-validate), a label for every control, fit
// for a 360 px screen, and, in Debian's Chromium, a visible focus for every control reached with Tab.
// Beside console.test.ts and console-contrast.test.ts.
// Expected duration: 40 s (test/sequencer.ts starts the longest files first).
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { everyConsolePage } from "./console-fixture.ts";
import { signInOverHttp } from "./console-pages.ts";
import { lacks } from "./consumers.ts";

describe.skipIf(lacks("chromium"))("the console in Chromium", () => {
  describe("every console page", () => {
    const pages = everyConsolePage();

    it("serves valid HTML, a label for every control, and a visible focus for every control reached with Tab", async () => {
      const validator = new HtmlValidate({
        extends: ["html-validate:recommended"],
        rules: { "doctype-style": "off", "void-style": "off", "attribute-boolean-style": "off" },
      });
      const session = await signInOverHttp(pages.server());
      for (const d of pages.docs()) {
        const html = "html" in d ? d.html : await (await session.fetch(d.path)).text();
        const report = await validator.validateString(html, `${d.name}.html`);
        const errors = report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2));
        expect(errors.map((e) => `${d.name}: ${e.ruleId}: ${e.message} (line ${e.line})`)).toEqual([]);

        const opened = await pages.browsers().open("light", 360, pages.source(d), undefined, [pages.cookie()]);
        try {
          const page = opened.page;
          const head = (await page.evaluate(`(() => ({
            lang: document.documentElement.lang,
            title: document.title,
            viewport: document.querySelector('meta[name="viewport"]')?.getAttribute("content") ?? null,
            scripts: document.querySelectorAll("script").length,
            unlabelled: [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
              .filter((e) => e.labels.length === 0 && !e.getAttribute("aria-label")).map((e) => e.outerHTML.slice(0, 80)),
            wide: document.documentElement.scrollWidth > innerWidth,
          }))()`)) as {
            lang: string;
            title: string;
            viewport: string | null;
            scripts: number;
            unlabelled: string[];
            wide: boolean;
          };
          expect(head.lang, d.name).toBe("vi");
          expect(head.title.length, d.name).toBeGreaterThan(5);
          expect(head.viewport, d.name).toBe("width=device-width, initial-scale=1");
          expect(head.scripts, d.name).toBe(0);
          expect(head.unlabelled, d.name).toEqual([]);
          expect(head.wide, `${d.name}: wider than a 360 px screen`).toBe(false);
          // Keyboard only: every control Tab reaches shows a focus ring of at least 2 px. Tab goes
          // on into a preview frame (the framed email or page has focus then, with its own ring).
          const seen = new Set<string>();
          for (let i = 0; i < 150; i++) {
            await page.keyboard.press("Tab");
            const focus = (await page.evaluate(`(() => {
              const e = document.activeElement;
              if (!e || e === document.body) return null;
              const st = getComputedStyle(e);
              return { what: e.tagName + ":" + (e.getAttribute("name") ?? e.textContent?.trim().slice(0, 30) ?? ""), frame: e.tagName === "IFRAME", outline: st.outlineStyle, width: parseFloat(st.outlineWidth) };
            })()`)) as { what: string; frame: boolean; outline: string; width: number } | null;
            if (!focus) break;
            if (focus.frame) continue;
            if (seen.has(focus.what)) break;
            seen.add(focus.what);
            expect(focus.outline, `${d.name}: ${focus.what}`).not.toBe("none");
            expect(focus.width, `${d.name}: ${focus.what}`).toBeGreaterThanOrEqual(2);
          }
          expect(seen.size, d.name).toBeGreaterThan(0);
        } finally {
          await opened.close();
        }
      }
    });
  });
});
