// Windows that hold readers of several editions: what each recipient's edition means to the rules
// that read windows back (a post's email leaves out the readers a digest brought the post to).
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { claimWindow, closeStaleClaims } from "../../src/delivery/repository.ts";
import { createEditionedDigest, getPostEmail, startPostEmail } from "../../src/delivery/sends-repository.ts";
import type { DigestContent } from "../../src/digest/compose.ts";
import { publish, reportInput } from "../helpers.ts";
import { deliveryHarness } from "./harness.ts";

const NOW = Date.now();
const ids: number[] = [];
const email = { subject: "s", preheader: "p", html: "<p>x</p>", text: "x" };
const content = (postIds: string[]): DigestContent => ({
  number: 1,
  subject: "s",
  preheader: "p",
  period: "d",
  posts: [],
  postIds,
  lastModifiedMs: NOW,
});

beforeAll(async () => {
  for (const name of ["a", "b", "c"]) {
    const id = await env.DB.prepare(
      `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, topics, frequency)
       VALUES (?1, ?1, 'confirmed', '2026-11-01T00:00:00+07:00', '2026-11-01T00:05:00+07:00', '*', 'each-post') RETURNING id`,
    )
      .bind(`${name}@example.org`)
      .first<number>("id");
    ids.push(id ?? 0);
  }
});

/** A reader's choices as the next digest reads them (no switch of frequency on record). */
const choose = (id: number, topics: string, frequency: "weekly" | "each-post") =>
  env.DB.prepare("UPDATE subscribers SET topics = ?2, frequency = ?3, frequency_ms = NULL WHERE id = ?1")
    .bind(id, topics, frequency)
    .run();

describe("a window of several editions", () => {
  it("counts a post as brought by the digest only to the readers whose own edition held it", async () => {
    const input = reportInput();
    expect([200, 201]).toContain((await publish(input)).status);
    const postId = String(input.id);
    const row = await getPostEmail(env.DB, postId);
    expect(row?.state).toBe("scheduled");
    const [a, b, c] = ids as [number, number, number];
    // One window: a and c got edition 1 (with the post: their topics took it), b edition 2 (without it).
    await choose(a, '["lang-son"]', "weekly");
    await choose(b, '["kinh-te"]', "weekly");
    await choose(c, '["lang-son"]', "weekly");
    const recipients = await createEditionedDigest(env.DB, {
      content: content([postId, "urn:other"]),
      email,
      createdAt: "2026-11-30T08:00:00+07:00",
      createdMs: NOW,
      editions: [
        { postIds: [postId], recipients: 2, email },
        { postIds: ["urn:other"], recipients: 1, email },
      ],
      posts: [
        { id: postId, tags: ["lang-son"], publishedMs: NOW - 1000 },
        { id: "urn:other", tags: ["kinh-te"], publishedMs: NOW - 1000 },
      ],
      windowSize: 50,
      nothingFor: 0,
    });
    expect(recipients).toBe(3);
    expect(
      await env.DB.prepare(
        "SELECT subscriber_ids, edition, editions FROM delivery_windows WHERE digest_number = 1",
      ).all(),
    ).toMatchObject({ results: [{ subscriber_ids: JSON.stringify([a, b, c]), edition: 0, editions: "[1,2,1]" }] });
    // Then all three chose each post, as they had before: the post's own email is for those the digest did not bring it to.
    for (const id of ids) await choose(id, "*", "each-post");
    const mailed = await startPostEmail(env.DB, {
      number: row?.number ?? 0,
      content: content([postId]),
      email,
      tags: ["lang-son"],
      createdAt: "2026-11-30T08:10:00+07:00",
      createdMs: NOW + 600_000,
      windowSize: 50,
    });
    expect(mailed).toBe(1);
    const window = await env.DB.prepare("SELECT subscriber_ids FROM delivery_windows WHERE digest_number = ?")
      .bind(-(row?.number ?? 0))
      .first<string>("subscriber_ids");
    expect(JSON.parse(window ?? "[]")).toEqual([b]);
  });

  it("tells the sender each recipient's edition, and keeps it on the rows a stale claim closes", async () => {
    const [a, b, c] = ids as [number, number, number];
    const claimed = await claimWindow(env.DB, 1, 1, "token", 2, NOW);
    expect(claimed?.pending).toEqual([a, b, c]);
    expect(claimed?.editions).toEqual(
      new Map([
        [a, 1],
        [b, 2],
        [c, 1],
      ]),
    );
    // The sender died with its first group (a, b) under way: those are closed, each with their edition.
    expect(await closeStaleClaims(env.DB, NOW + 1, NOW + 2)).toBe(2);
    const { results } = await env.DB.prepare(
      "SELECT subscriber_id, edition FROM deliveries WHERE digest_number = 1 ORDER BY subscriber_id",
    ).all<{ subscriber_id: number; edition: number }>();
    expect(results).toEqual([
      { subscriber_id: a, edition: 1 },
      { subscriber_id: b, edition: 2 },
    ]);
  });
});

describe("the sender of windows in edition order", () => {
  it("reads the next windows' editions with a window's own, in one query, and keeps them", async () => {
    for (const [i, id] of ids.entries()) await choose(id, `["tag-${i + 1}"]`, "weekly");
    const h = deliveryHarness();
    const edition = (k: number) => ({ ...email, subject: `edition ${k}` });
    expect(
      await createEditionedDigest(env.DB, {
        content: { ...content([]), number: 2 },
        email,
        createdAt: "2026-11-30T08:00:00+07:00",
        createdMs: NOW,
        editions: [1, 2, 3].map((k) => ({ postIds: [`urn:${k}`], recipients: 1, email: edition(k) })),
        // Each reader takes one post: a window of one each, in edition order.
        posts: [1, 2, 3].map((k) => ({ id: `urn:${k}`, tags: [`tag-${k}`], publishedMs: NOW - 1000 })),
        windowSize: 1,
        nothingFor: 0,
      }),
    ).toBe(3);
    await h.runQueue([{ kind: "window", digest: 2, window: 1 }]);
    // Gone from storage once the first window was sent: the next windows' editions were read with it.
    await env.DB.prepare("DELETE FROM digest_editions WHERE digest_number = 2 AND edition > 1").run();
    await h.runQueue([
      { kind: "window", digest: 2, window: 2 },
      { kind: "window", digest: 2, window: 3 },
    ]);
    expect(h.sent.map((m) => [m.to, m.subject])).toEqual([
      ["a@example.org", "edition 1"],
      ["b@example.org", "edition 2"],
      ["c@example.org", "edition 3"],
    ]);
  });
});
