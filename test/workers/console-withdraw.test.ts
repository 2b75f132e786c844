// Withdrawing a post from the console is confirmed first (as erasing and sending are), and the
// notices after saving or withdrawing say what the digest really does with the post.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { nextDigest } from "../../src/digest/next.ts";
import { findBySlug } from "../../src/posts/repository.ts";
import { ADMIN, request } from "../helpers.ts";
import { hidden, type Signed, signIn } from "./console-harness.ts";

const config = parseConfig(env);
let s: Signed;

function postFields(title: string, slug: string, markdown = `Mở đầu của ${title}.\r\n\r\n## Kết quả\r\n\r\nĐạt.\r\n`) {
  return {
    title,
    slug,
    author: "Phương Dung",
    date: "2026-11-20T09:00:00",
    offset: "+07:00",
    tags: "Dân vận",
    summary: "",
    language: "vi",
    markdown,
    action: "publish",
  };
}

/** Saves the form and returns the notice of the page it leads to. */
async function save(path: string, fields: Record<string, string>): Promise<string> {
  const res = await s.post(path, fields);
  expect(res.status).toBe(303);
  const page = await (
    await s.get(new URL(res.headers.get("Location") ?? "").pathname + new URL(res.headers.get("Location") ?? "").search)
  ).text();
  return /<p class="notice" role="status">([^<]*)<\/p>/.exec(page)?.[1] ?? "";
}

const nextTitles = async () => (await nextDigest(env.DB, config))?.content.posts.map((p) => p.title) ?? [];

beforeAll(async () => {
  s = await signIn();
  expect(await save("/console/posts/new", postFields("Bài đã gửi", "bai-da-gui"))).toContain("Đã đăng.");
  const started = await request("/admin/digests", { method: "POST", headers: ADMIN });
  expect(started.status).toBe(201);
  expect(await save("/console/posts/new", postFields("Bài chưa gửi", "bai-chua-gui"))).toContain("Đã đăng.");
});

describe("withdrawing a post in the console", () => {
  it("asks first: the post's page links to a confirmation, which changes nothing", async () => {
    const form = await (await s.get("/console/posts/bai-chua-gui")).text();
    expect(form).not.toMatch(/<form[^>]+action="[^"]*\/withdraw"/);
    expect(form).toContain('href="https://bantin.example/console/posts/bai-chua-gui/withdraw"');
    const confirm = await s.get("/console/posts/bai-chua-gui/withdraw");
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain("<h1>Gỡ bài “Bài chưa gửi”?</h1>");
    expect(html).toContain("Bài chưa được gửi trong bản tin nào, và sẽ không có trong bản tin tiếp theo.");
    expect(html).toMatch(
      /<form method="post" action="https:\/\/bantin.example\/console\/posts\/bai-chua-gui\/withdraw"/,
    );
    expect(hidden(html, "_csrf")).toBe(s.csrf);
    expect(html).toContain('href="https://bantin.example/console/posts/bai-chua-gui">Thôi, quay lại</a>');
    expect((await findBySlug(env.DB, "bai-chua-gui"))?.state).toBe("published");
    expect((await request("/posts/bai-chua-gui")).status).toBe(200);
  });

  it("says on the confirmation that a digest already carried the post, and withdraws on the confirmed POST", async () => {
    const html = await (await s.get("/console/posts/bai-da-gui/withdraw")).text();
    expect(html).toMatch(
      /Bài đã được gửi trong bản tin số 1 lúc .+?, \d{2}\/\d{2}\/\d{4}: thư đã gửi không thể thu hồi/,
    );
    const res = await s.post("/console/posts/bai-da-gui/withdraw", {});
    expect(res.status).toBe(303);
    expect((await request("/posts/bai-da-gui")).status).toBe(410);
    // Nothing to withdraw any more: the confirmation leads back to the post.
    const again = await s.get("/console/posts/bai-da-gui/withdraw");
    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe("https://bantin.example/console/posts/bai-da-gui");
  });
});

describe("the notice after saving a published post", () => {
  it("says a post a digest carried is not sent again, and the next digest indeed leaves it out", async () => {
    const restored = await save("/console/posts/bai-da-gui", postFields("Bài đã gửi", "bai-da-gui"));
    expect(restored).toMatch(
      /^Đã đăng lại\. .*Bài đã được gửi trong bản tin số 1 lúc .*, nên các bản tin sau không gửi lại bài\.$/,
    );
    const updated = await save(
      "/console/posts/bai-da-gui",
      postFields("Bài đã gửi (đính chính)", "bai-da-gui", "Mở đầu đã sửa.\r\n\r\n## Kết quả\r\n\r\nĐạt hơn.\r\n"),
    );
    expect(updated).toContain("Đã cập nhật.");
    expect(updated).toMatch(
      /Bài đã được gửi trong bản tin số 1 lúc .*: thư đã gửi không đổi và các bản tin sau không gửi lại bài/,
    );
    expect(updated).not.toContain("sẽ có trong bản tin tiếp theo");
    expect(await nextTitles()).not.toContain("Bài đã gửi (đính chính)");
  });

  it("says a post no digest carried yet goes out in the next one with its new text, as it does", async () => {
    const updated = await save("/console/posts/bai-chua-gui", postFields("Bài chưa gửi (đã sửa)", "bai-chua-gui"));
    expect(updated).toBe(
      "Đã cập nhật. Trang của bài và các nguồn tin đã có nội dung mới. Bài chưa được gửi trong bản tin nào: bản tin tiếp theo sẽ có bài, với nội dung mới này.",
    );
    expect(await nextTitles()).toContain("Bài chưa gửi (đã sửa)");
  });
});
