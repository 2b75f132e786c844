// A date to come through the admin API (and `npm run publish`) schedules the post, as the console's
// "Lên lịch" does: it is nowhere readers look until the cron run after its time. A post readers
// have seen cannot be moved into the future.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { findBySlug } from "../../src/posts/repository.ts";
import { publish, REPORT_SLUG, reportInput, request } from "../helpers.ts";
import { addSubscriber } from "./harness.ts";

/** Every public place a post could show up, the next digest's preview included. */
const PUBLIC = ["/", "/rss.xml", "/atom.xml", "/feed.json", "/sitemap.xml", "/digests/1", "/digests/1.txt"];

async function publicText(): Promise<string> {
  const bodies = await Promise.all(PUBLIC.map(async (p) => `${p}\n${await (await request(p)).text()}`));
  return bodies.join("\n");
}

async function runCron(cron = "* * * * *") {
  const ctx = createExecutionContext();
  const controller = { scheduledTime: Date.now(), cron, noRetry() {} } as ScheduledController;
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

const FUTURE_TITLE = "Thông báo lịch tiếp công dân năm 2099";

function futurePost(published = "2099-01-05T08:00:00+07:00"): Record<string, unknown> {
  return {
    title: FUTURE_TITLE,
    slug: "lich-tiep-cong-dan-2099",
    author: "Văn phòng",
    published,
    markdown: "Lịch tiếp công dân định kỳ năm 2099.\n\n## Thời gian\n\nNgày 15 hằng tháng.\n",
  };
}

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
});

describe("a post dated in the future, through the admin API", () => {
  it("is scheduled, says so in the answer, and is nowhere readers look", async () => {
    const res = await publish(futurePost());
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "created", state: "scheduled", published: "2099-01-05T08:00:00+07:00" });
    expect((await findBySlug(env.DB, "lich-tiep-cong-dan-2099"))?.state).toBe("scheduled");
    expect((await request("/posts/lich-tiep-cong-dan-2099")).status).toBe(404);
    const text = await publicText();
    expect(text).not.toContain(FUTURE_TITLE);
    // The next digest is still about the report, not about the post of 2099.
    expect(text).toContain("Sơ kết công tác dân vận");
  });

  it("stays scheduled when sent again unchanged, and through cron runs before its time", async () => {
    const again = await publish(futurePost());
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "unchanged", state: "scheduled" });
    await runCron();
    expect((await findBySlug(env.DB, "lich-tiep-cong-dan-2099"))?.state).toBe("scheduled");
    expect(await publicText()).not.toContain(FUTURE_TITLE);
  });

  it("is published by the first cron run after its time", async () => {
    await env.DB.prepare("UPDATE posts SET published_ms = ? WHERE slug = 'lich-tiep-cong-dan-2099'")
      .bind(Date.now() - 1000)
      .run();
    await runCron();
    expect((await findBySlug(env.DB, "lich-tiep-cong-dan-2099"))?.state).toBe("published");
    expect((await request("/posts/lich-tiep-cong-dan-2099")).status).toBe(200);
    expect(await (await request("/rss.xml")).text()).toContain(FUTURE_TITLE);
  });

  it("publishes at once a date within the next minute (a clock a little ahead)", async () => {
    const soon = new Date(Date.now() + 30_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const res = await publish({ ...futurePost(soon), title: "Tin vừa viết", slug: "tin-vua-viet" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ state: "published" });
  });

  it("refuses with a 400 to move a post readers have seen into the future, and changes nothing", async () => {
    const before = await findBySlug(env.DB, REPORT_SLUG);
    const res = await publish({ ...reportInput(), published: "2099-07-13T10:00:00+07:00" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fields: { field: string; message: string }[] };
    expect(body.fields.map((f) => f.field)).toEqual(["published"]);
    expect(body.error).toContain("readers have seen this post, so it cannot be scheduled again");
    expect(await findBySlug(env.DB, REPORT_SLUG)).toEqual(before);
    expect((await request(`/posts/${REPORT_SLUG}`)).status).toBe(200);
  });
});

describe("the digest cron", () => {
  it("publishes a post whose time has come and carries it in the digest it starts, in the same run", async () => {
    await addSubscriber("doc-gia@example.org", "confirmed");
    const late = { ...futurePost(), title: "Lịch họp giao ban tháng Tám", slug: "lich-hop-giao-ban" };
    expect((await publish(late)).status).toBe(201);
    await env.DB.prepare("UPDATE posts SET published_ms = ? WHERE slug = 'lich-hop-giao-ban'")
      .bind(Date.now() - 1000)
      .run();
    await runCron("0 1 * * 1");
    expect((await findBySlug(env.DB, "lich-hop-giao-ban"))?.state).toBe("published");
    // The digest's state is read with the due posts in one round trip: publishing one reads it again.
    const covered = await env.DB.prepare(
      "SELECT p.slug FROM digest_posts d JOIN posts p ON p.id = d.post_id WHERE d.digest_number = 1 ORDER BY p.slug",
    ).all<{ slug: string }>();
    expect(covered.results.map((r) => r.slug)).toContain("lich-hop-giao-ban");
  });
});
