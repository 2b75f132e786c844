import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/posts/markdown.ts";

describe("markdown", () => {
  it("reads the lead, the sections and the captions", () => {
    const body = renderMarkdown(
      "Lead one.\n\nLead *two*.\n\n## First part\n\nA.\n\nB with [a link](https://example.org).\n\n::: figure\nA caption\n:::\n\n## Second part\n\nC.\n",
    );
    expect(body.lead).toEqual(["Lead one.", "Lead two."]);
    expect(body.sections).toEqual([
      { heading: "First part", anchor: "first-part", paragraphs: ["A.", "B with a link."] },
      { heading: "Second part", anchor: "second-part", paragraphs: ["C."] },
    ]);
    expect(body.captions).toEqual(["A caption"]);
    expect(body.html).toContain('<h2 id="first-part">First part</h2>');
    expect(body.html).toContain("<figure><figcaption>A caption</figcaption></figure>");
    expect(body.html).toContain('<a href="https://example.org">a link</a>');
  });

  it("shows raw HTML as text and drops unsafe link targets", () => {
    const body = renderMarkdown(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](data:text/html,1) ]]> ]]>\n",
    );
    expect(body.html).not.toMatch(/<script|<img|javascript:|data:/i);
    expect(body.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(body.html).toContain("]]&gt; ]]&gt;");
  });
});
