import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { composeDigest, digestLead, firstSentence, WHOLE_LEAD_MAX_CHARS } from "../../src/digest/compose.ts";
import { RECIPIENT_UNSUBSCRIBE_URL, renderDigestEmail, renderDigestWeb } from "../../src/digest/render.ts";
import { fillTemplate } from "../../src/mail/mailer.ts";
import { digestTemplate } from "../../src/mail/messages.ts";
import { listPosts } from "../../src/posts/repository.ts";
import { publish, reportInput } from "../helpers.ts";

const config = parseConfig(env);

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
});

async function reportDigest() {
  const { value: posts } = await listPosts(env.DB, 10);
  const content = composeDigest(1, posts, config);
  if (!content) throw new Error("no digest composed");
  return content;
}

describe("digest of the report", () => {
  it("covers the review and the late-2021 priorities with the editor's key points", async () => {
    const content = await reportDigest();
    expect(content.subject).toBe("Bản tin Dân vận số 1: Sơ kết công tác dân vận 6 tháng đầu năm");
    expect(content.period).toBe("Ngày 13/07/2021");
    const [post] = content.posts;
    expect(post?.date).toBe("Thứ Ba, 13/07/2021");
    expect(post?.url).toBe("https://bantin.example/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam");
    // The whole lead is short (369 characters), so the Lạng Sơn paragraph comes along.
    expect(post?.lead).toHaveLength(2);
    expect(post?.lead[0]?.startsWith("– Sáng nay (13/7), Ban Dân vận Trung ương")).toBe(true);
    expect(post?.lead[1]).toBe(
      "Tại điểm cầu tỉnh Lạng Sơn, dự hội nghị có các đồng chí lãnh đạo Ban Dân vận Tỉnh ủy; lãnh đạo Văn phòng Tỉnh ủy.",
    );
    expect(post?.sections.map((s) => s.heading)).toEqual([
      "Kết quả 6 tháng đầu năm 2021",
      "Nhiệm vụ trọng tâm 6 tháng cuối năm 2021",
    ]);
    expect(post?.sections.map((s) => s.points.length)).toEqual([4, 4]);
  });

  it("shows the whole lead up to 600 characters, else only its first paragraph", () => {
    const long = "Đoạn mở đầu dài. ".repeat(40).trim();
    expect(long.length).toBeGreaterThan(WHOLE_LEAD_MAX_CHARS);
    expect(digestLead({ lead: ["Một.", "Hai."], summary: "Tóm tắt" })).toEqual(["Một.", "Hai."]);
    expect(digestLead({ lead: ["Một.", long], summary: "Tóm tắt" })).toEqual(["Một."]);
    expect(digestLead({ lead: [], summary: "Tóm tắt" })).toEqual(["Tóm tắt"]);
    // The boundary, counted in characters of the paragraphs joined by a space.
    const [a, b] = ["ạ".repeat(299), "ệ".repeat(300)];
    expect(digestLead({ lead: [a, b], summary: "" })).toEqual([a, b]);
    expect(digestLead({ lead: [a, `${b}ệ`], summary: "" })).toEqual([a]);
  });

  it("is not composed when there are no new posts", () => {
    expect(composeDigest(2, [], config)).toBeNull();
  });

  it("falls back to each paragraph's first sentence when the editor wrote no key points", async () => {
    const { value: posts } = await listPosts(env.DB, 10);
    const withoutPoints = posts.map((p) => ({ ...p, keyPoints: null }));
    const content = composeDigest(1, withoutPoints, config);
    const priorities = content?.posts[0]?.sections[1]?.points ?? [];
    expect(priorities[0]).toBe(
      "Tại hội nghị, các đại biểu đã tham luận, thảo luận bổ sung, làm rõ hơn những kết quả đạt được, chia sẻ một số hạn chế còn tồn tại.",
    );
    expect(firstSentence("Một câu. Hai câu.")).toBe("Một câu.");
    expect(firstSentence("Không có dấu chấm")).toBe("Không có dấu chấm");
  });

  it("renders HTML and plain text with both sections, in Vietnamese, under Gmail's clipping size", async () => {
    const content = await reportDigest();
    const email = await renderDigestEmail(content, config);
    expect(email.html).toContain('lang="vi"');
    expect(email.html).toContain('<meta name="color-scheme" content="light dark"');
    expect(email.html).not.toMatch(/<link[^>]+stylesheet|@import|<script/i);
    expect(new TextEncoder().encode(email.html).length).toBeLessThan(102 * 1024);
    for (const post of content.posts) {
      for (const section of post.sections) {
        expect(email.html).toContain(section.heading);
        expect(email.text).toContain(section.heading);
        for (const point of section.points) {
          expect(email.html.replace(/&quot;/g, '"')).toContain(point);
          expect(email.text.replace(/\s+/g, " ")).toContain(point);
        }
      }
    }
    expect(email.text).toContain("Đọc toàn văn");
    expect(email.text).toContain(RECIPIENT_UNSUBSCRIBE_URL);
    // Diacritics survive as composed characters.
    for (const s of [email.subject, email.html, email.text]) expect(s.normalize("NFC")).toBe(s);
    expect(email.subject).toContain("Sơ kết công tác dân vận 6 tháng đầu năm");
    await expect(email.text).toMatchFileSnapshot("__snapshots__/report-digest.txt");
  });

  it("has no personal link and no email wording in the copy for the web", async () => {
    const web = await renderDigestWeb(await reportDigest(), config);
    for (const s of [web.html, web.text]) {
      expect(s).not.toContain(RECIPIENT_UNSUBSCRIBE_URL);
      expect(s).not.toContain("Đổi nội dung nhận hoặc hủy đăng ký");
      expect(s).not.toContain("Bạn nhận được thư này");
      expect(s).not.toContain("Xem bản tin trên web");
    }
    expect(web.text).toContain("Đăng ký nhận Bản tin Dân vận qua email: https://bantin.example/");
  });

  it("gives the email explicit light colours inline and the dark palette by class", async () => {
    const { html } = await renderDigestEmail(await reportDigest(), config);
    expect(html).toMatch(/<style>[^<]*@media \(prefers-color-scheme:dark\)/);
    expect(html).toContain("[data-ogsc] .bt-text{color:");
    expect(html).toContain("[data-ogsb] .bt-bg{background-color:");
    expect(html).toMatch(
      /<table[^>]+bgcolor="#ffffff"[^>]+class="bt-bg"|<table[^>]+class="bt-bg"[^>]+bgcolor="#ffffff"/,
    );
    expect(html).toMatch(/<td[^>]+style="padding:16px 16px 32px;?"/);
    // Every paragraph and heading names its colour, so no client default decides it.
    for (const tag of html.match(/<(p|h[1-3])\b[^>]*>/g) ?? []) expect(tag, tag).toMatch(/color:#/);
  });

  it("puts each recipient's unsubscribe URL in by substitution, encoded so it cannot inject markup", async () => {
    const email = await renderDigestEmail(await reportDigest(), config);
    const hostile = 'https://bantin.example/unsubscribe?token=a"><script>x</script>&b=<c>';
    const mine = fillTemplate(digestTemplate(config, email, RECIPIENT_UNSUBSCRIBE_URL), hostile);
    expect(mine.html).not.toContain("<script>x</script>");
    expect(mine.html).toContain(
      'href="https://bantin.example/unsubscribe?token=a&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;b=&lt;c&gt;"',
    );
    expect(mine.html).not.toContain(RECIPIENT_UNSUBSCRIBE_URL);
    expect(mine.text).toContain(hostile);
    // Only the placeholder changed.
    expect(
      mine.html.replaceAll(
        hostile.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
        RECIPIENT_UNSUBSCRIBE_URL,
      ),
    ).toBe(email.html);
  });
});
