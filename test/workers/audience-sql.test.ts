// The weekly digest's audience is worked out in D1 (AUDIENCE in src/delivery/sends-repository.ts),
// so that no reader crosses into the Worker. Here it is held to the rules' model
// (test/audience-model.ts) on 400 readers of every kind: each topic choice (everything, tags, and
// columns that are not a list of slugs), each frequency with and without a switch on record, readers
// not confirmed, and two posts whose own emails reached some readers and not others (skipped,
// refused, outcome unknown). The sets, their order, who gets none, and every window must match.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { zonedIso } from "../../src/dates.ts";
import {
  type AudiencePost,
  audienceSets,
  createEditionedDigest,
  getPostEmail,
  startPostEmail,
} from "../../src/delivery/sends-repository.ts";
import type { DigestContent } from "../../src/digest/compose.ts";
import { type Frequency, topicsFromColumn } from "../../src/subscribers/choices.ts";
import { type AudienceReader, editionsOf, editionWindows } from "../audience-model.ts";
import { publish, reportInput } from "../helpers.ts";

const T = Date.now() - 3_600_000;
// "son" is part of "lang-son": a tag must match whole.
const TAGS = ["dan-van", "lang-son", "son", "cao-bang", "kinh-te", "y-te"];
const READERS = 400;
const WINDOW = 7;
/** The same readers every run: a small linear congruential generator. */
let seed = 20_261_207;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;

const posts: AudiencePost[] = Array.from({ length: 6 }, (_, i) => ({
  id: `urn:uuid:00000000-0000-4000-8000-${String(900 + i).padStart(12, "0")}`,
  tags: [...new Set([pick(TAGS), ...(random() < 0.5 ? [pick(TAGS)] : [])])].sort(),
  publishedMs: T + i * 60_000,
}));
const email = { subject: "s", preheader: "p", html: "<p>x</p>", text: "x" };
const content = (number: number, postIds: string[]): DigestContent => ({
  number,
  subject: "s",
  preheader: "p",
  period: "d",
  posts: [],
  postIds,
  lastModifiedMs: T,
});

beforeAll(async () => {
  for (const [i, p] of posts.entries()) {
    const res = await publish({
      ...reportInput(),
      id: p.id,
      slug: `bai-${i}`,
      title: `Bài ${i}`,
      tags: p.tags,
      published: zonedIso(p.publishedMs, "Asia/Ho_Chi_Minh"),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  const statements = Array.from({ length: READERS }, (_, i) => {
    const topics = pick([
      "*",
      "*",
      JSON.stringify([pick(TAGS)]),
      JSON.stringify([...new Set([pick(TAGS), pick(TAGS)])].sort()),
      JSON.stringify([pick(TAGS)]),
      // What the column's CHECK lets through but is not a list of slugs: everything, as choices.ts reads it.
      pick(["[1]", '["lang-son", 2]']),
    ]);
    const frequency: Frequency = random() < 0.5 ? "weekly" : "each-post";
    // No switch on record, or one before, between or after the posts.
    const frequencyMs = random() < 0.3 ? null : T - 60_000 + Math.floor(random() * 8) * 60_000 + 30_000;
    const status = random() < 0.9 ? "confirmed" : pick(["pending", "unsubscribed"]);
    return env.DB.prepare(
      `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, topics, frequency, frequency_ms)
       VALUES (?1, ?1, ?2, '2026-11-01T00:00:00+07:00', '2026-11-01T00:05:00+07:00', ?3, ?4, ?5)`,
    ).bind(`r${i}@example.org`, status, topics, frequency, frequencyMs);
  });
  await env.DB.batch(statements);
  // Two posts' own emails started (their audience as the post email's own rules take it), and some of
  // their deliveries: sent, skipped, refused, of unknown outcome.
  for (const p of posts.slice(1, 3)) {
    const row = await getPostEmail(env.DB, p.id);
    const mailed = await startPostEmail(env.DB, {
      number: row?.number ?? 0,
      content: content(0, [p.id]),
      email,
      tags: p.tags,
      createdAt: "2026-11-30T08:10:00+07:00",
      createdMs: p.publishedMs + 600_000,
      windowSize: 50,
    });
    expect(mailed).toBeGreaterThan(10);
    const { results } = await env.DB.prepare("SELECT subscriber_ids FROM delivery_windows WHERE digest_number = ?")
      .bind(-(row?.number ?? 0))
      .all<{ subscriber_ids: string }>();
    const ids = results.flatMap((w) => JSON.parse(w.subscriber_ids) as number[]);
    const outcomes: [string, string | null][] = [
      ["sent", null],
      ["skipped", "unsubscribed meanwhile"],
      ["failed", "550 5.1.1 no such user"],
      ["failed", "outcome unknown: the connection closed after the message"],
    ];
    await env.DB.batch(
      ids.slice(0, 12).map((id, k) => {
        const [state, error] = outcomes[k % outcomes.length] as [string, string | null];
        return env.DB.prepare(
          "INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, last_error, updated_ms) VALUES (?, ?, ?, 1, ?, ?)",
        ).bind(-(row?.number ?? 0), id, state, error, T);
      }),
    );
  }
});

/** The facts the model reads, from the same tables: confirmed readers, and whom each post's email reached. */
async function facts(): Promise<{ readers: AudienceReader[]; mailed: Map<number, Set<string>> }> {
  const { results: rows } = await env.DB.prepare(
    "SELECT id, topics, frequency, frequency_ms FROM subscribers WHERE status = 'confirmed' ORDER BY id",
  ).all<{ id: number; topics: string | null; frequency: Frequency; frequency_ms: number | null }>();
  const readers = rows.map((r) => ({
    id: r.id,
    topics: topicsFromColumn(r.topics),
    frequency: r.frequency,
    frequencyMs: r.frequency_ms,
  }));
  const { results: sends } = await env.DB.prepare(
    `SELECT e.post_id, w.subscriber_ids, w.digest_number FROM post_emails e
     JOIN delivery_windows w ON w.digest_number = -e.number WHERE e.state = 'started'`,
  ).all<{ post_id: string; subscriber_ids: string; digest_number: number }>();
  const { results: deliveries } = await env.DB.prepare(
    "SELECT digest_number, subscriber_id, state, last_error FROM deliveries",
  ).all<{ digest_number: number; subscriber_id: number; state: string; last_error: string | null }>();
  const notReached = new Set(
    deliveries
      .filter(
        (d) => d.state === "skipped" || (d.state === "failed" && !(d.last_error ?? "").startsWith("outcome unknown")),
      )
      .map((d) => `${d.digest_number} ${d.subscriber_id}`),
  );
  const mailed = new Map<number, Set<string>>();
  for (const s of sends) {
    for (const id of JSON.parse(s.subscriber_ids) as number[]) {
      if (notReached.has(`${s.digest_number} ${id}`)) continue;
      mailed.set(id, (mailed.get(id) ?? new Set()).add(s.post_id));
    }
  }
  return { readers, mailed };
}

describe("the weekly digest's audience, worked out in D1", () => {
  it("gives the sets of posts, in order, and the readers who get none, as the rules' model does", async () => {
    const { readers, mailed } = await facts();
    const model = editionsOf(posts, readers, mailed);
    const { sets, nothingFor } = await audienceSets(env.DB, posts);
    expect(sets).toEqual(model.editions.map((e) => ({ postIds: e.postIds, readers: e.subscribers.length })));
    expect(nothingFor).toBe(model.nothingFor);
    // The case is not trivial: several sets, readers with none, and readers an email reached.
    expect(sets.length).toBeGreaterThan(8);
    expect(nothingFor).toBeGreaterThan(20);
    expect(mailed.size).toBeGreaterThan(10);
  });

  it("writes each reader into the windows the model fills, with their edition", async () => {
    const { readers, mailed } = await facts();
    const model = editionsOf(posts, readers, mailed);
    const { sets, nothingFor } = await audienceSets(env.DB, posts);
    const recipients = await createEditionedDigest(env.DB, {
      content: content(
        1,
        posts.map((p) => p.id),
      ),
      email,
      createdAt: "2026-11-30T08:00:00+07:00",
      createdMs: T,
      editions: sets.map((s) => ({ postIds: s.postIds, recipients: s.readers, email })),
      posts,
      windowSize: WINDOW,
      nothingFor,
    });
    const expected = editionWindows(model.editions, WINDOW);
    expect(recipients).toBe(expected.reduce((a, w) => a + w.ids.length, 0));
    const { results } = await env.DB.prepare(
      "SELECT subscriber_ids, size, edition, editions FROM delivery_windows WHERE digest_number = 1 ORDER BY window_no",
    ).all<{ subscriber_ids: string; size: number; edition: number; editions: string | null }>();
    expect(
      results.map((w) => ({
        ids: JSON.parse(w.subscriber_ids) as number[],
        edition: w.edition,
        editions: w.editions === null ? null : (JSON.parse(w.editions) as number[]),
      })),
    ).toEqual(expected);
    expect(results.every((w, i) => w.size === expected[i]?.ids.length)).toBe(true);
    expect(expected.some((w) => w.editions !== null)).toBe(true);
  });
});
