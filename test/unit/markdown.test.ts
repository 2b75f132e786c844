import { describe, expect, it } from "vitest";
import { MAX_NESTING, nestingDepth, renderMarkdown, safeHref } from "../../src/posts/markdown.ts";

describe("markdown", () => {
  it("reads the lead, the sections and the captions", () => {
    const body = renderMarkdown(
      "Lead one.\n\nLead *two*.\n\n## First part\n\nA.\n\nB with [a link](https://example.org).\n\n::: figure\nA caption\n:::\n\n## Second part\n\nC.\n",
    );
    expect(body.lead).toEqual(["Lead one.", "Lead two."]);
    expect(body.sections).toEqual([
      {
        heading: "First part",
        anchor: "first-part",
        paragraphs: ["A.", "B with a link."],
        blocks: ["A.", "B with a link."],
      },
      { heading: "Second part", anchor: "second-part", paragraphs: ["C."], blocks: ["C."] },
    ]);
    expect(body.captions).toEqual(["A caption"]);
    expect(body.html).toContain('<h2 id="first-part">First part</h2>');
    expect(body.html).toContain("<figure><figcaption>A caption</figcaption></figure>");
    expect(body.html).toContain('<a href="https://example.org">a link</a>');
  });

  it("reads each list item of a section, in order with its paragraphs, without the lists nested in it", () => {
    const body = renderMarkdown(
      "- Not a section's.\n\n## Results\n\nIntro.\n\n- One **bold**.\n- Two.\n  - Nested detail.\n\n1. Three.\n\n   Its second paragraph.\n2. Four.\n",
    );
    expect(body.lead).toEqual([]);
    expect(body.sections).toEqual([
      {
        heading: "Results",
        anchor: "results",
        paragraphs: ["Intro."],
        blocks: ["Intro.", "One bold.", "Two.", "Three. Its second paragraph.", "Four."],
      },
    ]);
  });

  it("shows raw HTML as text and drops unsafe link targets", () => {
    const body = renderMarkdown(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](data:text/html,1) ]]> ]]>\n",
    );
    expect(body.html).not.toMatch(/<script|<img|javascript:|data:/i);
    expect(body.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(body.html).toContain("]]&gt; ]]&gt;");
  });

  it("escapes text after an inline <script>, <pre> or <style> tag, in paragraphs and tables", () => {
    for (const md of [
      "text <script> <svg/onload=alert(1)// x",
      "text <pre> <img src=x onerror=alert(1)// y",
      "| a |\n|---|\n| <style> <svg/onload=alert(1)// |",
      "| a |\n|---|\n| <script>alert(1)</sc |",
    ]) {
      const { html } = renderMarkdown(md);
      expect(html, md).not.toMatch(/<(svg|img|script|style|pre|\/sc)/);
      expect(html, md).toMatch(/&lt;(svg|img|script)/);
    }
    expect(renderMarkdown("a &amp; b &lt;c&gt; &#x1F; `<x>`").html).toBe(
      "<p>a &amp; b &lt;c&gt;  <code>&lt;x&gt;</code></p>\n",
    );
  });

  it("keeps only links that stay http(s), mailto or on the site, as a browser would resolve them", () => {
    for (const kept of [
      "https://example.org/a",
      "HTTP://example.org",
      "mailto:ban@example.org",
      "/posts/x",
      "#section",
      "./x",
      "../x",
      "x/y",
      "?page=2",
      "/a//b",
    ]) {
      expect(safeHref(kept), kept).toBe(kept);
    }
    for (const refused of [
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      " //evil.example",
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,1",
      "vbscript:x",
      "file:///etc/passwd",
      "java\tscript:alert(1)",
    ]) {
      expect(safeHref(refused), JSON.stringify(refused)).toBeNull();
    }
    const body = renderMarkdown("[a](//evil.example/x) [b](</\\evil.example>) [c](/\\/evil.example) [d](/ok)");
    expect(body.html).not.toContain("evil");
    expect(body.html).toContain('<a href="/ok">d</a>');
  });

  it("measures how deeply quotes and lists nest before anything is parsed", () => {
    expect(nestingDepth("Plain text.\n\n## Heading\n\nMore.")).toBe(0);
    expect(nestingDepth("> quote\n> > nested")).toBe(2);
    expect(nestingDepth("- a\n  - b\n    - c")).toBe(3);
    expect(nestingDepth(`${">".repeat(2000)} x`)).toBe(2000);
    expect(nestingDepth(`${"> - ".repeat(30)}x`)).toBeGreaterThan(MAX_NESTING);
    expect(nestingDepth(Array.from({ length: 30 }, (_, i) => `${"  ".repeat(i)}- x`).join("\n"))).toBeGreaterThan(
      MAX_NESTING,
    );
    // Indented code inside a fence is not nesting.
    expect(nestingDepth(`\`\`\`\n${" ".repeat(80)}code\n\`\`\``)).toBe(0);
  });
});
