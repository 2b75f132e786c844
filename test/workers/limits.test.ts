// What cannot be stored or sent is refused at publish with a 400 that names the limit
// (limits-at-scale.test.ts shows that what is accepted fits).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { POST_LIMITS } from "../../src/posts/limits.ts";
import { listPosts } from "../../src/posts/repository.ts";
import { ADMIN, publish, reportMarkdown, request } from "../helpers.ts";

const post = (over: Record<string, unknown>) => ({
  title: "Bài kiểm tra giới hạn",
  author: "Ban Dân vận",
  published: "2021-07-20T09:00:00+07:00",
  ...over,
});
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

// Vietnamese prose with the characters that grow when escaped.
const SENTENCE = "Các cấp ủy đảng đã lãnh đạo “dân vận khéo” & kết quả <tốt> ở 100% xã, phường.";
const paragraph = (words: number) => `${SENTENCE} ${"Nội dung chi tiết của đoạn văn này. ".repeat(words)}`;

const report = (sections: number, paragraphs: number, words: number) =>
  reportMarkdown(paragraph, sections, paragraphs, words);

describe("limits at publish", () => {
  it("answers a title that gives no slug with a 400, not a conflict", async () => {
    const res = await publish(post({ title: "!!! ??? ***", markdown: "Nội dung." }));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toContain("slug is needed");
  });

  it("refuses 2,000 nested quotes with a 400 before parsing them", async () => {
    for (const markdown of [`${">".repeat(2000)} x`, `${"> - ".repeat(2000)}x`, `${"  ".repeat(2000)}- x`]) {
      const res = await publish(post({ markdown }));
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toContain(`more than ${POST_LIMITS.nesting} levels deep`);
    }
  });

  it("refuses 20,000 sections with a 400 naming the limit, and later digests still work", async () => {
    const markdown = Array.from({ length: 20_000 }, (_, i) => `## P${i}\n\nx`).join("\n\n");
    const res = await publish(post({ markdown }));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toContain("has 20,000 sections (## headings); at most 100");
    expect((await listPosts(env.DB, 50)).value).toEqual([]);
    const long = await publish(post({ markdown: `## ${"Dài ".repeat(100)}\n\nx` }));
    expect(long.status).toBe(400);
    expect(await errorOf(long)).toMatch(/section heading of 399 characters; at most 300/);
    // Nothing of them was stored, so the next digest is composed and stored as usual.
    expect((await publish(post({ slug: "binh-thuong", markdown: "## Phần một\n\nNội dung." }))).status).toBe(201);
    const started = await request("/admin/digests", { method: "POST", headers: ADMIN });
    expect(started.status).toBe(201);
    expect(((await started.json()) as { number: number }).number).toBe(1);
  });

  it("refuses a post too large for a feed entry, and key points too long for a digest", async () => {
    const big = await publish(post({ slug: "big", markdown: report(20, 5, 30) }));
    expect(big.status).toBe(400);
    expect(await errorOf(big)).toMatch(/makes an RSS feed entry of [\d,]+ KB; at most 80 KB/);
    const points = Array.from({ length: 40 }, (_, i) => ({
      section: `Phần ${i + 1}: kết quả công tác`,
      points: Array.from({ length: 12 }, () => paragraph(8)),
    }));
    const wordy = await publish(post({ slug: "wordy", markdown: report(40, 1, 5), key_points: points }));
    expect(wordy.status).toBe(400);
    expect(await errorOf(wordy)).toMatch(
      /key_points makes a digest email of [\d,]+ KB .* at most 100 KB, the size Gmail shows/,
    );
    expect((await listPosts(env.DB, 50)).value.map((p) => p.slug)).toEqual(["binh-thuong"]);
  });

  it("cuts a summary made from a long lead to the length of an editor's summary", async () => {
    const lead = "Đoạn mở đầu rất dài của bài. ".repeat(200);
    expect((await publish(post({ slug: "mo-dau-dai", markdown: `${lead}\n\n## Phần một\n\nNội dung.` }))).status).toBe(
      201,
    );
    const feed = (await (await request("/feed.json")).json()) as { items: { id: string; summary: string }[] };
    const summary = feed.items.find((i) => i.summary.startsWith("Đoạn mở đầu"))?.summary ?? "";
    expect(summary.length).toBeLessThanOrEqual(2000);
    expect(summary.length).toBeGreaterThan(1900);
    expect(summary.endsWith("…")).toBe(true);
    expect(lead.startsWith(summary.slice(0, -1))).toBe(true);
  });

  it("accepts a long real report: 30 sections of three paragraphs, with key points", async () => {
    const keyPoints = Array.from({ length: 30 }, (_, i) => ({
      section: `Phần ${i + 1}: kết quả công tác`,
      points: [SENTENCE, "Tiếp tục đổi mới nội dung, phương thức công tác dân vận."],
    }));
    const res = await publish(post({ slug: "bao-cao-dai", markdown: report(30, 3, 12), key_points: keyPoints }));
    expect(res.status).toBe(201);
    // The same report without key points: the first sentence of each of its 90 paragraphs.
    const derived = await publish(post({ slug: "bao-cao-dai-2", markdown: report(30, 3, 12) }));
    expect(derived.status, await derived.clone().text()).toBe(201);
  });
});
