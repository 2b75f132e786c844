// Every console page (console-fixture.ts) in Debian's Chromium: every visible text reaches WCAG AA
// contrast in light and dark at 360 px and 1200 px, and in Chromium's forced dark at 360 px, and
// nothing touches the edge of a phone's screen. Beside console.test.ts and console-markup.test.ts.
// Expected duration: 95 s (test/sequencer.ts starts the longest files first).
import { describe, expect, it } from "vitest";
import { everyConsolePage } from "./console-fixture.ts";
import { lacks } from "./consumers.ts";

describe.skipIf(lacks("chromium"))("the console in Chromium", () => {
  describe("every console page", () => {
    const pages = everyConsolePage();

    // Forced dark is measured on the painted pixels, at 360 px only, which keeps this test to about a minute.
    it("reaches WCAG AA contrast in light and dark at 360 px and 1200 px, and forced dark at 360 px, clear of a phone's edges", async () => {
      const worst: string[] = [];
      for (const d of pages.docs()) {
        // No "inverted": inverting the whole page is what email apps do to a message (Gmail on iOS,
        // Outlook's apps), and the console is never read in one; forced dark is Chromium's own.
        for (const mode of ["light", "dark", "forced-dark"] as const) {
          // Loaded once at 360 px; light and dark are measured again at 1200 px on the same document,
          // widened (its media queries apply as on a page opened at that width).
          const opened = await pages.browsers().open(mode, 360, pages.source(d), undefined, [pages.cookie()]);
          try {
            for (const width of mode === "light" || mode === "dark" ? [360, 1200] : [360]) {
              if (width !== 360) await opened.page.setViewportSize({ width, height: 900 });
              const m = await opened.measure();
              expect(m.texts.length, d.name).toBeGreaterThan(0);
              expect(
                m.texts.filter((t) => t.ratio < t.required),
                `${d.name} ${mode} ${width}`,
              ).toEqual([]);
              expect(m.tiny, `${d.name} ${mode} ${width}`).toEqual([]);
              if (width === 360) expect(m.atEdge, `${d.name} ${mode} 360`).toEqual([]);
              worst.push(`${d.name} · ${mode} · ${width}px: min ${m.min}`);
            }
          } finally {
            await opened.close();
          }
        }
      }
      console.log(`console contrast:\n${worst.join("\n")}`);
      // About a minute on a quiet machine; several times that beside other files on a busy one.
    }, 900_000);
  });
});
