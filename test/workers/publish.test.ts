import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getPostBySlug, listPosts } from "../../src/posts/repository.ts";
import { publish, REPORT_SLUG, REPORT_TITLE, reportInput, seedParagraphs } from "../helpers.ts";

describe("publishing posts", () => {
  it("stores the report with its sections, caption, author and Vietnam-time date", async () => {
    const res = await publish(reportInput());
    expect(res.status).toBe(201);
    const { value: post } = await getPostBySlug(env.DB, REPORT_SLUG);
    expect(post).not.toBeNull();
    if (!post) return;
    expect(post.title).toBe(REPORT_TITLE);
    expect(post.author).toBe("Phương Dung");
    expect(post.language).toBe("vi");
    expect(post.publishedAt).toBe("2021-07-13T10:00:00+07:00");
    expect(post.updatedAt).toBe("2021-07-13T10:00:00+07:00");
    expect(post.id).toMatch(/^urn:uuid:/);
    expect(post.sections.map((s) => s.heading)).toEqual([
      "Kết quả 6 tháng đầu năm 2021",
      "Nhiệm vụ trọng tâm 6 tháng cuối năm 2021",
    ]);
    expect(post.captions).toEqual(["Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn"]);
    const [headline, ...rest] = seedParagraphs();
    expect(headline).toBe(REPORT_TITLE);
    const paragraphs = rest.filter((p) => p !== "PHƯƠNG DUNG" && p !== post.captions[0]);
    // Two lead paragraphs, four in each section: every paragraph of the seed, verbatim.
    expect([...post.lead, ...post.sections.flatMap((s) => s.paragraphs)]).toEqual(paragraphs);
    expect(post.sections.map((s) => s.paragraphs.length)).toEqual([4, 4]);
  });

  it("changes nothing when the same post is published again", async () => {
    const before = await listPosts(env.DB, 10);
    const res = await publish(reportInput());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("unchanged");
    const after = await listPosts(env.DB, 10);
    expect(after.version).toBe(before.version);
    expect(after.value).toEqual(before.value);
  });

  it("keeps the permanent id when the title and slug are edited", async () => {
    const original = (await getPostBySlug(env.DB, REPORT_SLUG)).value;
    const edited = { ...reportInput(), title: "Sơ kết công tác dân vận (cập nhật)", slug: "so-ket-cap-nhat" };
    const res = await publish(edited);
    expect(res.status).toBe(200);
    const moved = (await getPostBySlug(env.DB, "so-ket-cap-nhat")).value;
    expect(moved?.id).toBe(original?.id);
    expect(moved?.updatedMs).toBeGreaterThan(original?.updatedMs ?? 0);
    expect(moved?.publishedAt).toBe("2021-07-13T10:00:00+07:00");
    expect((await getPostBySlug(env.DB, REPORT_SLUG)).value).toBeNull();
    expect((await publish(reportInput())).status).toBe(200);
  });

  it("refuses a slug that belongs to another post, and changes nothing", async () => {
    const before = await listPosts(env.DB, 10);
    const other = { ...reportInput(), id: "urn:uuid:00000000-0000-4000-8000-000000000001", title: "Bài khác" };
    const res = await publish(other);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toContain("already belongs to another post");
    expect(await listPosts(env.DB, 10)).toEqual(before);
  });

  it("answers bad input with a 400 naming each field, and stores nothing", async () => {
    const before = await listPosts(env.DB, 10);
    const res = await publish({ title: "", author: "X", published: "13/07/2021", markdown: "Body", slug: "Sơ kết" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fields: { field: string }[] };
    expect(body.fields.map((f) => f.field).sort()).toEqual(["published", "slug", "title"]);
    expect(body.error).toContain("published must be an ISO 8601 date-time with its UTC offset");
    const notJson = await publish("not json" as unknown as Record<string, unknown>);
    expect(notJson.status).toBe(400);
    expect(await listPosts(env.DB, 10)).toEqual(before);
  });

  it("requires the admin token", async () => {
    const { request } = await import("../helpers.ts");
    const none = await request("/admin/posts", { method: "POST", body: "{}" });
    expect(none.status).toBe(401);
    const wrong = await request("/admin/posts", {
      method: "POST",
      body: "{}",
      headers: { Authorization: "Bearer nope" },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("neither this Worker's ADMIN_TOKEN nor a live personal API token");
  });
});
