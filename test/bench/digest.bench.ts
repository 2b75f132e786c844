// npm run bench: the cost per recipient of the SMTP send path (render and encode once, then write
// each recipient's message around their unsubscribe URL) side by side with rendering the React
// template for every recipient. Read the ratio, not the times.
import { readFileSync } from "node:fs";
import path from "node:path";
import { bench, describe } from "vitest";
import { parsePostFile } from "../../scripts/content.mjs";
import { parseConfig } from "../../src/config.ts";
import { parseOffsetDateTime } from "../../src/dates.ts";
import { composeDigest } from "../../src/digest/compose.ts";
import { RECIPIENT_UNSUBSCRIBE_URL, renderDigestEmail } from "../../src/digest/render.ts";
import { digestTemplate } from "../../src/mail/messages.ts";
import { compileMail, messageFor } from "../../src/mail/mime.ts";
import { renderMarkdown } from "../../src/posts/markdown.ts";
import type { KeyPoints, Post } from "../../src/posts/model.ts";

const root = path.resolve(import.meta.dirname, "../..");
const config = parseConfig({ SITE_URL: "https://news.example.org", SITE_TITLE: "Bản tin Dân vận" });
const input = parsePostFile(
  readFileSync(path.join(root, "content/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam.md"), "utf8"),
) as Record<string, unknown> & { markdown: string; published: string };
const body = renderMarkdown(input.markdown);
const ms = parseOffsetDateTime(input.published)?.epochMs ?? 0;
const post: Post = {
  id: String(input.id),
  slug: String(input.slug),
  title: String(input.title),
  summary: body.lead[0] ?? "",
  author: String(input.author),
  tags: input.tags as string[],
  language: "vi",
  publishedAt: input.published,
  publishedMs: ms,
  updatedAt: input.published,
  updatedMs: ms,
  bodyMarkdown: input.markdown,
  bodyHtml: body.html,
  lead: body.lead,
  sections: body.sections,
  captions: body.captions,
  image: null,
  keyPoints: input.key_points as KeyPoints[],
};
const content = composeDigest(1, [post], config);
if (!content) throw new Error("no digest");
const template = digestTemplate(config, await renderDigestEmail(content, config), RECIPIENT_UNSUBSCRIBE_URL);
const compiled = compileMail(template);
let n = 0;

describe("one recipient's digest", () => {
  bench("render and encode once, write the recipient's message (the SMTP send path)", () => {
    const link = `https://news.example.org/unsubscribe?token=${(n++).toString(16).padStart(32, "0")}.1790000000.${"x".repeat(43)}`;
    messageFor(
      compiled,
      {
        to: { email: `r${n}@example.org` },
        value: { text: link, html: link },
        headers: { "List-Unsubscribe": `<${link}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        dateMs: Date.now(),
        offsetMinutes: 420,
        uniqueId: crypto.randomUUID(),
      },
      template.from.email,
    );
  });
  bench("render the React template for each recipient", async () => {
    await renderDigestEmail(content, config);
  });
});
