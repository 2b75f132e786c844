// A section written as a list gives the digest its items as key points: in the HTML email, its
// plain-text part and the web edition, never a heading with nothing under it.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { nextDigest, previewCopy } from "../../src/digest/next.ts";
import { publish, request } from "../helpers.ts";

const config = parseConfig(env);

const POST = {
  title: "Kết quả thu gom rác thải nhựa quý IV",
  slug: "ket-qua-thu-gom-rac-thai-nhua",
  author: "Phương Dung",
  published: "2026-11-20T08:00:00+07:00",
  markdown: [
    "Ban Dân vận tổng kết đợt ra quân thu gom rác thải nhựa.",
    "## Kết quả nổi bật",
    "- Thu gom 12 tấn rác thải nhựa. Phân loại tại nguồn.",
    "- 40 xã có mô hình “Chợ không túi ni lông”.\n  - Trong đó 12 xã vùng cao.",
    "## Hình ảnh",
    "::: figure\nĐoàn viên ra quân tại thị trấn\n:::",
    "## Nhiệm vụ tới",
    "Tiếp tục nhân rộng mô hình.",
    "1. Tuyên truyền trong trường học.\n2. Kiểm tra các chợ.",
  ].join("\n\n"),
};

const POINTS = [
  "Thu gom 12 tấn rác thải nhựa.",
  "40 xã có mô hình “Chợ không túi ni lông”.",
  "Tiếp tục nhân rộng mô hình.",
  "Tuyên truyền trong trường học.",
  "Kiểm tra các chợ.",
];

/** The next digest's email as a subscriber gets it, and its web edition (the preview of number 1). */
async function digestNow() {
  const next = await nextDigest(env.DB, config);
  if (!next) throw new Error("no next digest");
  const email = previewCopy(next.email, config);
  const web = await (await request("/digests/1")).text();
  const webText = await (await request("/digests/1.txt")).text();
  return { html: email.html, text: email.text, web, webText };
}

/** The text of the HTML without tags, one space between words. */
const words = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|\s+/g, " ")
    .trim();

function expectListPoints(d: Awaited<ReturnType<typeof digestNow>>) {
  // The HTML email: each item a bulleted point under its heading, in order.
  expect(words(d.html)).toContain(`Kết quả nổi bật • ${POINTS[0]} • ${POINTS[1]}`);
  expect(words(d.html)).toContain(`Nhiệm vụ tới • ${POINTS[2]} • ${POINTS[3]} • ${POINTS[4]}`);
  // The plain-text part and the web edition's text: the heading, then its points.
  for (const text of [d.text, d.webText]) {
    expect(text).toContain(`Kết quả nổi bật\n\n• ${POINTS[0]}\n\n• ${POINTS[1]}`);
    expect(text).toContain(`Nhiệm vụ tới\n\n• ${POINTS[2]}\n\n• ${POINTS[3]}\n\n• ${POINTS[4]}`);
  }
  // The web edition: a list with the items.
  expect(d.web).toContain(`<h3>Kết quả nổi bật</h3><ul class="points"><li>${POINTS[0]}</li><li>${POINTS[1]}</li></ul>`);
  expect(d.web).not.toMatch(/<ul class="points">\s*<\/ul>/);
  // Nested items are details, not key points; a section of only a figure has none and is left out.
  for (const doc of [d.html, d.text, d.web, d.webText]) {
    expect(doc).not.toContain("Trong đó 12 xã vùng cao");
    expect(doc).not.toContain("Hình ảnh");
  }
}

describe("a section that holds a list", () => {
  it("gives the digest its items as key points in the email, its text part and the web edition", async () => {
    expect((await publish(POST)).status).toBe(201);
    expectListPoints(await digestNow());
  });

  it("does so for a post stored before sections recorded their lists", async () => {
    const row = await env.DB.prepare("SELECT sections FROM posts WHERE slug = ?")
      .bind(POST.slug)
      .first<{ sections: string }>();
    const older = (JSON.parse(row?.sections ?? "[]") as Record<string, unknown>[]).map(
      ({ blocks: _blocks, ...rest }) => rest,
    );
    expect(older).toHaveLength(3);
    await env.DB.prepare("UPDATE posts SET sections = ? WHERE slug = ?").bind(JSON.stringify(older), POST.slug).run();
    // A new content version, as any stored change makes, so no page built before is reused.
    await env.DB.prepare("UPDATE site_state SET content_version = content_version + 1").run();
    expectListPoints(await digestNow());
  });
});
