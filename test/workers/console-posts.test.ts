// Posts written in the console: drafts, scheduled and withdrawn posts appear nowhere readers look
// (pages, feeds, the digest preview, digests) until published; the cron publishes scheduled posts
// when due; edits keep the permanent id; field messages come back next to each field.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { memoSize } from "../../src/cache/memo.ts";
import worker from "../../src/index.ts";
import { findBySlug } from "../../src/posts/repository.ts";
import { ADMIN, publish, reportInput, request, TEST_ADMIN_TOKEN } from "../helpers.ts";
import { type Signed, signIn } from "./console-harness.ts";

/** Every public place a post could show up. */
const PUBLIC = ["/", "/rss.xml", "/atom.xml", "/feed.json", "/digests", "/digests/1", "/digests/1.txt"];

async function publicText(): Promise<string> {
  const bodies = await Promise.all(PUBLIC.map(async (p) => `${p}\n${await (await request(p)).text()}`));
  return bodies.join("\n");
}

const localIn = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 19);

function postFields(title: string, slug: string, action: string, date = "2021-07-20T09:00:00") {
  return {
    title,
    slug,
    author: "Phương Dung",
    date,
    offset: "+07:00",
    tags: "Dân vận, Thử nghiệm",
    summary: "",
    language: "vi",
    markdown: `Đoạn mở đầu của ${title}.\r\n\r\n## Kết quả\r\n\r\nĐạt nhiều kết quả. Tiếp tục phát huy.\r\n`,
    action,
  };
}

async function runCron(cron = "* * * * *") {
  const ctx = createExecutionContext();
  await worker.scheduled({ scheduledTime: Date.now(), cron, noRetry() {} } as ScheduledController, env, ctx);
  await waitOnExecutionContext(ctx);
}

let s: Signed;
beforeAll(async () => {
  expect((await publish(reportInput())).status).toBeLessThan(300);
  s = await signIn();
});

describe("posts that are not published", () => {
  it("keeps a draft, a scheduled post and a withdrawn post out of pages, feeds, the digest preview and digests", async () => {
    const draft = await s.post("/console/posts/new", postFields("Bản nháp bí mật", "ban-nhap-bi-mat", "draft"));
    expect(draft.status).toBe(303);
    expect(draft.headers.get("Location")).toBe("https://bantin.example/console/posts/ban-nhap-bi-mat?done=draft");
    const future = localIn(Date.now() + 3 * 24 * 3600_000);
    const scheduled = await s.post("/console/posts/new", postFields("Bài hẹn giờ", "bai-hen-gio", "schedule", future));
    expect(scheduled.headers.get("Location")).toContain("done=scheduled");
    const published = await s.post("/console/posts/new", postFields("Bài sẽ gỡ", "bai-se-go", "publish"));
    expect(published.headers.get("Location")).toContain("done=published");
    expect(await publicText()).toContain("Bài sẽ gỡ");
    const withdrawn = await s.post("/console/posts/bai-se-go/withdraw", {});
    expect(withdrawn.headers.get("Location")).toContain("done=withdrawn");

    const text = await publicText();
    expect(text).toContain("Sơ kết công tác dân vận");
    for (const title of ["Bản nháp bí mật", "Bài hẹn giờ", "Bài sẽ gỡ"]) expect(text).not.toContain(title);
    // Not yet published: no such page; withdrawn: gone, and said so (410).
    for (const slug of ["ban-nhap-bi-mat", "bai-hen-gio"]) {
      expect((await request(`/posts/${slug}`)).status, slug).toBe(404);
    }
    expect((await request("/posts/bai-se-go")).status).toBe(410);
    // The console still shows them, each row with its own state.
    const list = await (await s.get("/console/posts")).text();
    const badgeOf = (slug: string) =>
      new RegExp(`/console/posts/${slug}"[^]*?</td>\\s*<td[^>]*>\\s*<span class="badge">([^<]*)</span>`).exec(
        list,
      )?.[1];
    expect(
      ["ban-nhap-bi-mat", "bai-hen-gio", "bai-se-go", "so-ket-cong-tac-dan-van-6-thang-dau-nam"].map(badgeOf),
    ).toEqual(["Bản nháp", "Đã lên lịch", "Đã gỡ", "Đã đăng"]);
    // Neither a draft nor a scheduled post can be withdrawn: readers never saw it.
    expect((await s.post("/console/posts/ban-nhap-bi-mat/withdraw", {})).status).toBe(409);
    expect((await findBySlug(env.DB, "ban-nhap-bi-mat"))?.state).toBe("draft");
    const adminList = (await (await request("/admin/posts", { headers: ADMIN })).json()) as {
      posts: { slug: string; state: string }[];
    };
    expect(Object.fromEntries(adminList.posts.map((p) => [p.slug, p.state]))).toMatchObject({
      "ban-nhap-bi-mat": "draft",
      "bai-hen-gio": "scheduled",
      "bai-se-go": "withdrawn",
    });

    // A digest started now carries the published report only.
    const started = await request("/admin/digests", {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(started.status).toBe(201);
    const covered = await env.DB.prepare("SELECT p.slug FROM digest_posts d JOIN posts p ON p.id = d.post_id").all<{
      slug: string;
    }>();
    expect(covered.results.map((r) => r.slug)).toEqual(["so-ket-cong-tac-dan-van-6-thang-dau-nam"]);
    expect(await (await request("/digests/1")).text()).not.toContain("Bản nháp bí mật");
  });

  it("publishes a scheduled post at the first cron run after its time, and not before", async () => {
    await runCron();
    expect(await (await request("/rss.xml")).text()).not.toContain("Bài hẹn giờ");
    // Its time comes.
    await env.DB.prepare("UPDATE posts SET published_ms = ? WHERE slug = 'bai-hen-gio'")
      .bind(Date.now() - 1000)
      .run();
    await runCron();
    expect((await findBySlug(env.DB, "bai-hen-gio"))?.state).toBe("published");
    expect(await (await request("/rss.xml")).text()).toContain("Bài hẹn giờ");
    expect((await request("/posts/bai-hen-gio")).status).toBe(200);
    expect(await (await request("/digests")).text()).toContain("Bài hẹn giờ");
  });

  it("publishes a draft from the console, keeping its permanent id through edits of title and slug", async () => {
    const before = await findBySlug(env.DB, "ban-nhap-bi-mat");
    expect(before?.state).toBe("draft");
    const res = await s.post("/console/posts/ban-nhap-bi-mat", {
      ...postFields("Bản nháp nay đã đăng", "ban-nhap-nay-da-dang", "publish"),
      id: "urn:uuid:11111111-1111-4111-8111-111111111111",
    });
    expect(res.headers.get("Location")).toBe(
      "https://bantin.example/console/posts/ban-nhap-nay-da-dang?done=published",
    );
    const after = await findBySlug(env.DB, "ban-nhap-nay-da-dang");
    expect(after?.id).toBe(before?.id);
    expect(after?.state).toBe("published");
    // Never seen by readers before: its update time is its publication time.
    expect(after?.updatedAt).toBe(after?.publishedAt);
    expect(await (await request("/atom.xml")).text()).toContain(before?.id ?? "missing");
  });

  it("saves an unchanged form as unchanged, and re-publishing through the API never republishes a withdrawn post", async () => {
    const post = await findBySlug(env.DB, "ban-nhap-nay-da-dang");
    const form = await (await s.get("/console/posts/ban-nhap-nay-da-dang")).text();
    expect(form).toContain('value="Bản nháp nay đã đăng"');
    const again = await s.post("/console/posts/ban-nhap-nay-da-dang", {
      ...postFields("Bản nháp nay đã đăng", "ban-nhap-nay-da-dang", "publish"),
    });
    expect(again.headers.get("Location")).toContain("done=unchanged");
    expect((await findBySlug(env.DB, "ban-nhap-nay-da-dang"))?.updatedAt).toBe(post?.updatedAt);

    await s.post("/console/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam/withdraw", {});
    expect((await publish(reportInput())).status).toBe(200);
    expect((await findBySlug(env.DB, "so-ket-cong-tac-dan-van-6-thang-dau-nam"))?.state).toBe("withdrawn");
    expect((await request("/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam")).status).toBe(410);
  });

  it("keeps a renamed draft's first slug unknown to readers (no redirect to a draft), and its saves rebuild nothing", async () => {
    const id = "urn:uuid:22222222-2222-4222-8222-222222222222";
    const version = () => env.DB.prepare("SELECT content_version FROM site_state").first<number>("content_version");
    const before = { version: await version(), etag: (await request("/rss.xml")).headers.get("ETag") };
    expect(
      (await s.post("/console/posts/new", { ...postFields("Nháp đổi tên", "nhap-ten-cu", "draft"), id })).status,
    ).toBe(303);
    const renamed = await s.post("/console/posts/nhap-ten-cu", {
      ...postFields("Nháp đổi tên", "nhap-ten-moi", "draft"),
      id,
    });
    expect(renamed.headers.get("Location")).toContain("/console/posts/nhap-ten-moi?done=draft");
    expect((await request("/posts/nhap-ten-cu")).status).toBe(404);
    expect((await request("/posts/nhap-ten-moi")).status).toBe(404);
    // Saving a draft changes nothing readers see: every built page and feed stays as it was, and
    // this isolate's memo of them too.
    expect(memoSize().entries).toBeGreaterThan(0);
    expect({ version: await version(), etag: (await request("/rss.xml")).headers.get("ETag") }).toEqual(before);
  });

  it("never turns a post readers have seen back into a draft or a scheduled post", async () => {
    const future = localIn(Date.now() + 3 * 24 * 3600_000);
    const seen: [string, string][] = [
      ["ban-nhap-nay-da-dang", "published"],
      ["bai-se-go", "withdrawn"],
    ];
    for (const [slug, state] of seen) {
      const form = await (await s.get(`/console/posts/${slug}`)).text();
      expect(form, slug).not.toContain('value="draft"');
      expect(form, slug).not.toContain('value="schedule"');
      const attempts: [string, string | undefined][] = [
        ["draft", undefined],
        ["schedule", future],
      ];
      for (const [action, date] of attempts) {
        const res = await s.post(`/console/posts/${slug}`, postFields("Sửa lại", slug, action, date));
        expect(res.status, `${slug} ${action}`).toBe(400);
        expect(await res.text()).toContain("không thể lưu nháp hay lên lịch lại");
        expect((await findBySlug(env.DB, slug))?.state, `${slug} ${action}`).toBe(state);
      }
    }
    expect((await request("/posts/ban-nhap-nay-da-dang")).status).toBe(200);
    expect((await request("/posts/bai-se-go")).status).toBe(410);
  });
});

describe("the post form", () => {
  it("puts each message next to its field, in Vietnamese, and keeps what was typed", async () => {
    const res = await s.post("/console/posts/new", {
      ...postFields("", "Không Hợp Lệ", "publish", "2021-02-30T09:00"),
      author: "",
      tags: "a<b",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="title"[^>]*aria-invalid="true"[^>]*aria-describedby="title-error"/);
    expect(html).toContain('<p class="error" id="title-error">Tiêu đề: không được để trống</p>');
    expect(html).toContain('id="author-error">Tác giả: không được để trống');
    expect(html).toContain('id="slug-error">Đường dẫn: chỉ gồm chữ thường không dấu');
    expect(html).toContain('id="date-error">Ngày giờ đăng: cần là ngày giờ có thật');
    expect(html).toContain('id="tags-error">Chủ đề: không được chứa &lt; hoặc &gt;');
    expect(html).toContain('value="Không Hợp Lệ"');
    expect(html).toContain("Đoạn mở đầu của .");
  });

  it("refuses to schedule a time that has passed, and to publish now a time to come", async () => {
    const past = await s.post("/console/posts/new", postFields("Hẹn giờ quá khứ", "hen-gio-qua-khu", "schedule"));
    expect(past.status).toBe(400);
    expect(await past.text()).toContain("Ngày giờ đăng: cần ở tương lai để lên lịch");
    const future = localIn(Date.now() + 24 * 3600_000);
    const early = await s.post("/console/posts/new", postFields("Đăng sớm", "dang-som", "publish", future));
    expect(early.status).toBe(400);
    expect(await early.text()).toContain("hãy bấm “Lên lịch”");
    expect(await findBySlug(env.DB, "hen-gio-qua-khu")).toBeNull();
  });

  it("refuses a slug another post holds, next to the slug", async () => {
    const res = await s.post("/console/posts/new", postFields("Trùng đường dẫn", "bai-hen-gio", "draft"));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('id="slug-error">Đường dẫn: “bai-hen-gio” đã thuộc về một bài khác');
  });

  it("offers one key-points box per section, and stores what is written there", async () => {
    const form = await (await s.get("/console/posts/bai-hen-gio")).text();
    expect(form).toContain('name="kp_section[]" value="Kết quả"');
    const res = await s.post("/console/posts/bai-hen-gio", {
      ...postFields("Bài hẹn giờ", "bai-hen-gio", "publish"),
      "kp_section[]": "Kết quả",
      "kp_points[]": "Ý thứ nhất\r\nÝ thứ hai\r\n",
    });
    expect(res.status).toBe(303);
    expect((await findBySlug(env.DB, "bai-hen-gio"))?.keyPoints).toEqual([
      { section: "Kết quả", points: ["Ý thứ nhất", "Ý thứ hai"] },
    ]);
  });

  it("asks whether to email the post until it is published: unticked, publishing schedules no email", async () => {
    const emailState = async (slug: string) =>
      ((await (await request(`/admin/posts/${slug}/email`, { headers: ADMIN })).json()) as { state: string }).state;
    const checkbox = (html: string) => /<input[^>]*name="by_email"[^>]*>/.exec(html)?.[0] ?? null;
    // A new post's form asks, ticked.
    expect(checkbox(await (await s.get("/console/posts/new")).text())).toMatch(/checked/);
    // Saved as a draft unticked: its page asks again, unticked.
    const asked = { by_email_asked: "yes" };
    await s.post("/console/posts/new", { ...postFields("Tin chỉ lên trang", "tin-chi-len-trang", "draft"), ...asked });
    const draftBox = checkbox(await (await s.get("/console/posts/tin-chi-len-trang")).text());
    expect(draftBox).not.toBeNull();
    expect(draftBox).not.toMatch(/checked/);
    expect(await emailState("tin-chi-len-trang")).toBe("not-by-email");
    // Published unticked: no email waits; published ticked: its email waits out the grace delay.
    await s.post("/console/posts/tin-chi-len-trang", {
      ...postFields("Tin chỉ lên trang", "tin-chi-len-trang", "publish"),
      ...asked,
    });
    expect(await emailState("tin-chi-len-trang")).toBe("not-by-email");
    await s.post("/console/posts/new", {
      ...postFields("Tin gửi thư", "tin-gui-thu", "publish"),
      ...asked,
      by_email: "yes",
    });
    expect(await emailState("tin-gui-thu")).toBe("pending");
    // Published, the form asks no more (the email panel changes it): a stray field changes nothing.
    const page = await (await s.get("/console/posts/tin-gui-thu")).text();
    expect(checkbox(page)).toBeNull();
    await s.post("/console/posts/tin-gui-thu", {
      ...postFields("Tin gửi thư", "tin-gui-thu", "publish"),
      ...asked,
    });
    expect(await emailState("tin-gui-thu")).toBe("pending");
  });

  it("previews the page as readers will see it, storing nothing", async () => {
    const res = await s.post("/console/frame/post", postFields("Chỉ xem trước thôi", "chi-xem-truoc", "draft"));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Chỉ xem trước thôi</h1>");
    expect(html).toContain("Đoạn mở đầu của Chỉ xem trước thôi.");
    expect(await findBySlug(env.DB, "chi-xem-truoc")).toBeNull();
  });
});
