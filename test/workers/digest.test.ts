import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { composeDigest, firstSentence } from "../../src/digest/compose.ts";
import { personalize, RECIPIENT_UNSUBSCRIBE_URL, renderDigestEmail, renderDigestWeb } from "../../src/digest/render.ts";
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
    expect(post?.lead.startsWith("– Sáng nay (13/7), Ban Dân vận Trung ương")).toBe(true);
    expect(post?.sections.map((s) => s.heading)).toEqual([
      "Kết quả 6 tháng đầu năm 2021",
      "Nhiệm vụ trọng tâm 6 tháng cuối năm 2021",
    ]);
    expect(post?.sections.map((s) => s.points.length)).toEqual([4, 4]);
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

  it("has no personal link in the web view", async () => {
    const web = await renderDigestWeb(await reportDigest(), config);
    expect(web.html).not.toContain(RECIPIENT_UNSUBSCRIBE_URL);
    expect(web.html).not.toContain("Hủy đăng ký");
    expect(web.html).toContain("https://bantin.example/digests/1");
  });

  it("puts each recipient's unsubscribe URL in by substitution, encoded so it cannot inject markup", async () => {
    const email = await renderDigestEmail(await reportDigest(), config);
    const hostile = 'https://bantin.example/unsubscribe?token=a"><script>x</script>&b=<c>';
    const mine = personalize(email, hostile);
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
