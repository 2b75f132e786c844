// Sending honours readers' choices (issue 20, part 2): per-post emails after the grace delay, the
// weekly digest per reader, each post once per reader across a change of frequency. Driven through
// the Worker's own handlers (the cron, the queue consumer) with the harness's Email Service stand-in,
// which records every message the consumer hands over; what each address received is read back from
// those messages (the links to posts in their text), never from D1.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { MAINTENANCE_CRON } from "../../src/delivery/maintain.ts";
import { runCron } from "../../src/scheduled.ts";
import { setChoices } from "../../src/subscribers/repository.ts";
import { ADMIN, publish, reportInput, request } from "../helpers.ts";
import { deliveryHarness, type Sent } from "./harness.ts";

const GRACE_S = 600;
const h = deliveryHarness({ WINDOW_SIZE: "20", SMTP_CONNECTIONS: "6", POST_EMAIL_GRACE_SECONDS: String(GRACE_S) });
const { sent, runQueue, takeEnqueued, testEnv } = h;

const TAGS = ["Lạng Sơn", "Dân vận", "Kinh tế", "Văn hóa"] as const;
const SLUGS: Record<(typeof TAGS)[number], string> = {
  "Lạng Sơn": "lang-son",
  "Dân vận": "dan-van",
  "Kinh tế": "kinh-te",
  "Văn hóa": "van-hoa",
};
const READERS = 300;

type Choice = { topics: "all" | string[]; frequency: "weekly" | "each-post" };

/** Reader i's first choice: everything for one in five, else one or two tags; each post for the even ones. */
function firstChoice(i: number): Choice {
  const frequency = i % 2 === 0 ? "each-post" : "weekly";
  if (i % 5 === 0) return { topics: "all", frequency };
  const a = SLUGS[TAGS[i % 4] as (typeof TAGS)[number]];
  const b = SLUGS[TAGS[Math.floor(i / 4) % 4] as (typeof TAGS)[number]];
  return { topics: i % 3 === 0 ? [...new Set([a, b])].sort() : [a], frequency };
}

const address = (i: number) => `reader${i}@example.org`;
const ids: number[] = [];
const choices: Choice[] = [];

let clock = Date.now();
const later = (seconds: number) => {
  clock += seconds * 1000;
  return clock;
};

/** Hands the queue's messages to the consumer until none are left. */
async function drain() {
  for (let i = 0; i < 200; i++) {
    const messages = takeEnqueued();
    if (messages.length === 0) return;
    for (let at = 0; at < messages.length; at += 10) await runQueue(messages.slice(at, at + 10));
  }
  throw new Error("the queue never emptied");
}

/** The maintenance cron as it runs `seconds` after the last one (the grace delay is measured on this clock). */
async function maintenance(seconds: number) {
  return runCron(MAINTENANCE_CRON, testEnv, later(seconds));
}

/** The slugs of the posts a message links to (its text part: one link per post, and the footer's). */
const postsIn = (m: Sent) => [...new Set([...m.text.matchAll(/\/posts\/([a-z0-9-]+)/g)].map((x) => x[1] ?? ""))];

/** What each address received: post slug → how many messages carried it. */
function receivedTable(messages: readonly Sent[]): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const m of messages) {
    const row = table.get(m.to) ?? new Map<string, number>();
    for (const slug of postsIn(m)) row.set(slug, (row.get(slug) ?? 0) + 1);
    table.set(m.to, row);
  }
  return table;
}

/** An hour ago, with its offset. */
const PUBLISHED = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "+00:00");
let n = 0;
const postIds = new Map<string, string>();
/** Publishes a post of these tags (again, under the same id, when its slug was published before). */
async function publishTagged(slug: string, tags: string[], over: Record<string, unknown> = {}) {
  const id = postIds.get(slug) ?? `urn:uuid:00000000-0000-4000-9000-${String(++n).padStart(12, "0")}`;
  postIds.set(slug, id);
  const res = await publish({
    ...reportInput(),
    id,
    slug,
    title: `Tin ${slug}`,
    tags,
    published: PUBLISHED,
    ...over,
  });
  expect([200, 201], await res.clone().text()).toContain(res.status);
}

const matches = (c: Choice, postTags: string[]) =>
  c.topics === "all" || postTags.some((t) => (c.topics as string[]).includes(SLUGS[t as (typeof TAGS)[number]]));

beforeAll(async () => {
  for (let i = 0; i < READERS; i++) {
    const c = firstChoice(i);
    const row = await env.DB.prepare(
      `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, topics, frequency)
       VALUES (?1, ?1, 'confirmed', '2026-11-01T00:00:00+07:00', '2026-11-01T00:05:00+07:00', ?2, ?3) RETURNING id`,
    )
      .bind(address(i), c.topics === "all" ? "*" : JSON.stringify(c.topics), c.frequency)
      .first<number>("id");
    ids.push(row ?? 0);
    choices.push(c);
  }
});

describe("300 readers, mixed topics and frequencies, a change of frequency in the middle", () => {
  const posts: { slug: string; tags: string[] }[] = [];
  /** Per reader, which posts they should have by the end: every post their topics take, once. */
  const expected = () => {
    const table = new Map<string, Map<string, number>>();
    choices.forEach((c, i) => {
      const row = new Map<string, number>();
      for (const p of posts) if (matches(c, p.tags)) row.set(p.slug, 1);
      if (row.size > 0) table.set(address(i), row);
    });
    return table;
  };

  it("mails each post to the each-post readers it matches after the grace delay, and nobody else", async () => {
    for (const [slug, tags] of [
      ["tin-lang-son-1", ["Lạng Sơn"]],
      ["tin-dan-van-kinh-te", ["Dân vận", "Kinh tế"]],
      ["tin-van-hoa-1", ["Văn hóa"]],
    ] as [string, string[]][]) {
      await publishTagged(slug, tags);
      posts.push({ slug, tags });
    }
    // Within the grace delay: nothing starts.
    expect((await maintenance(GRACE_S - 60)).postEmails).toEqual([]);
    await drain();
    expect(sent).toHaveLength(0);
    const started = (await maintenance(120)).postEmails;
    expect(started.map((s) => s.number)).toEqual([-1, -2, -3]);
    await drain();
    for (const m of sent) {
      const i = Number(/reader(\d+)@/.exec(m.to)?.[1]);
      expect(choices[i]?.frequency, m.to).toBe("each-post");
      expect(postsIn(m)).toHaveLength(1);
    }
    const perPost = receivedTable(sent);
    choices.forEach((c, i) => {
      for (const p of posts) {
        const want = c.frequency === "each-post" && matches(c, p.tags) ? 1 : undefined;
        expect(perPost.get(address(i))?.get(p.slug), `${address(i)} ${p.slug}`).toBe(want);
      }
    });
  });

  it("sends the digest per reader: the matching posts no email of their own brought, one rendering per set", async () => {
    const before = sent.length;
    await h.runScheduled();
    await drain();
    const digests = sent.slice(before);
    const status = (await (await request("/admin/digests/1", { headers: ADMIN })).json()) as {
      renders: number;
      nothingFor: number;
      counts: Record<string, number>;
    };
    const sets = new Set(digests.map((m) => postsIn(m).sort().join(" ")));
    expect(status.renders).toBe(sets.size);
    expect(sets.size).toBeGreaterThan(3);
    expect(status.counts.sent).toBe(digests.length);
    // Weekly readers are the ones with a digest; every each-post reader had all of theirs by email.
    const weekly = choices.filter((c) => c.frequency === "weekly").length;
    expect(digests.length).toBe(weekly);
    expect(status.nothingFor).toBe(READERS - weekly);
  });

  it("after readers change frequency, gives each reader every post their topics take exactly once", async () => {
    const publishAndMail = async (batch: [string, string[]][]) => {
      for (const [slug, tags] of batch) {
        await publishTagged(slug, tags);
        posts.push({ slug, tags });
      }
      expect((await maintenance(GRACE_S + 60)).postEmails).toHaveLength(batch.length);
      await drain();
    };
    // Mailed to the each-post readers of the moment, then half of the readers change frequency
    // (those with i % 4 < 2: each-post ↔ weekly) before the digest that carries these posts.
    await publishAndMail([
      ["tin-lang-son-2", ["Lạng Sơn"]],
      ["tin-kinh-te-2", ["Kinh tế", "Lạng Sơn"]],
    ]);
    // A minute on the crons' clock; the change itself is stamped with the real time, as the posts'
    // publishing is (a reader's each-post emails are those of posts published after they chose).
    later(60);
    const nowIso = new Date().toISOString();
    for (let i = 0; i < READERS; i++) {
      if (i % 4 >= 2) continue;
      const from = choices[i] as Choice;
      const to: Choice = { ...from, frequency: from.frequency === "weekly" ? "each-post" : "weekly" };
      expect(await setChoices(env.DB, ids[i] ?? 0, from, to, nowIso, false)).toBe(true);
      choices[i] = to;
    }
    await publishAndMail([["tin-dan-van-2", ["Dân vận"]]]);
    // A post whose own email still waits when the digest starts: the digest carries it to its weekly
    // readers; then some of them move to each post before its email starts, which leaves them out.
    await publishTagged("tin-van-hoa-3", ["Văn hóa", "Dân vận"]);
    posts.push({ slug: "tin-van-hoa-3", tags: ["Văn hóa", "Dân vận"] });
    const before = sent.length;
    await h.runScheduled();
    await drain();
    later(60);
    const movedIso = new Date().toISOString();
    for (let i = 3; i < READERS; i += 4) {
      const from = choices[i] as Choice;
      if (from.frequency !== "weekly") continue;
      const to: Choice = { ...from, frequency: "each-post" };
      expect(await setChoices(env.DB, ids[i] ?? 0, from, to, movedIso, false)).toBe(true);
      choices[i] = to;
    }
    expect(choices.filter((c, i) => i % 4 === 3 && c.frequency === "each-post").length).toBeGreaterThan(50);
    expect((await maintenance(GRACE_S + 60)).postEmails).toHaveLength(1);
    await drain();
    // Readers who moved to the weekly digest got in it none of the posts mailed to them before.
    const switchedToWeekly = new Set(
      choices.flatMap((c, i) => (i % 4 < 2 && c.frequency === "weekly" ? [address(i)] : [])),
    );
    const digest2 = sent.slice(before);
    expect(digest2.some((m) => switchedToWeekly.has(m.to))).toBe(true);
    // Everything sent, from the first per-post email on: each post their topics take, once.
    expect(receivedTable(sent)).toEqual(expected());
  });
});

describe("the grace delay, not by email, send now", () => {
  async function emailOf(slug: string) {
    return (await (await request(`/admin/posts/${slug}/email`, { headers: ADMIN })).json()) as {
      state: string;
      send?: number;
    };
  }
  const to = (slug: string) => sent.filter((m) => postsIn(m).includes(slug));

  it("mails a post fixed within its grace delay as fixed, and one withdrawn within it not at all", async () => {
    await publishTagged("tin-sua", ["Văn hóa"], { title: "Tin có lỗi chính tả" });
    await publishTagged("tin-rut", ["Văn hóa"]);
    expect((await emailOf("tin-sua")).state).toBe("pending");
    // The fix, then the withdrawal, within the delay.
    await publishTagged("tin-sua", ["Văn hóa"], { title: "Tin đã sửa chính tả" });
    expect((await request("/admin/posts/tin-rut", { method: "DELETE", headers: ADMIN })).status).toBe(200);
    expect((await emailOf("tin-rut")).state).toBe("cancelled");
    await maintenance(GRACE_S + 60);
    await drain();
    const mailed = to("tin-sua");
    expect(mailed.length).toBeGreaterThan(0);
    for (const m of mailed) expect(m.subject).toBe("Tin đã sửa chính tả");
    expect(to("tin-rut")).toEqual([]);
    expect((await emailOf("tin-rut")).state).toBe("cancelled");
  });

  it("sends no email for a post marked not by email, and at once on send now", async () => {
    await publishTagged("tin-khong-gui", ["Văn hóa"], { by_email: false });
    expect((await emailOf("tin-khong-gui")).state).toBe("not-by-email");
    await publishTagged("tin-gui-ngay", ["Văn hóa"]);
    const res = await request(
      "/admin/posts/tin-gui-ngay/email",
      { method: "POST", headers: { ...ADMIN, "Content-Type": "application/json" }, body: '{"send_now":true}' },
      testEnv,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { state: string }).state).toBe("started");
    await drain();
    const now = to("tin-gui-ngay");
    expect(now.length).toBe(choices.filter((c) => c.frequency === "each-post" && matches(c, ["Văn hóa"])).length);
    await maintenance(GRACE_S + 60);
    await drain();
    expect(to("tin-khong-gui")).toEqual([]);
    // Send now is refused, clearly, once there is nothing waiting.
    const again = await request(
      "/admin/posts/tin-khong-gui/email",
      { method: "POST", headers: { ...ADMIN, "Content-Type": "application/json" }, body: '{"send_now":true}' },
      testEnv,
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/not by email/);
  });
});
