// Migrations on a database that holds rows stored before them. 0006: when one mailbox could be several
// rows, each mailbox keeps one row, the others become aliases whose unsubscribe links still work.
// 0015: every subscriber gets a public handle, and the links mailed with ids keep working. 0021: the
// deliveries of a digest stored before windows move to the keyed table and can still finish.
// 0023: every subscriber stored before choices existed receives everything, by the weekly digest.
// 0025 and 0026: a digest under way before readers chose finishes as it began: every recipient gets
// its one email.
import { applyD1Migrations, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { fanout } from "../../src/delivery/consumer.ts";
import type { DeliveryMessage } from "../../src/delivery/messages.ts";
import { digestStatus } from "../../src/delivery/repository.ts";
import { mailboxKey } from "../../src/subscribers/address.ts";
import { eraseByMailbox } from "../../src/subscribers/repository.ts";
import { checkToken, type Deps, unsubscribe } from "../../src/subscribers/service.ts";
import { recordingQueue } from "../helpers.ts";
import { signLegacyToken } from "../legacy-links.ts";
import { deliveryHarness } from "./harness.ts";

const db = env.MIGRATION_TEST_DB;
const SECRET = "migration-secret";
const deps: Deps = {
  db,
  config: parseConfig({ SITE_URL: "https://bantin.example", SITE_TITLE: "Bản tin" }),
  secret: SECRET,
  nowMs: Date.now(),
};

// id, email, status, consent_at, unsubscribed_at
const LEGACY: [number, string, string, string | null, string | null][] = [
  [1, "Victim@Example.net", "confirmed", "2021-01-01T08:00:00+07:00", null],
  [2, "victim@example.net", "pending", null, null],
  [3, "victim+news@example.net", "unsubscribed", "2020-06-01T08:00:00+07:00", "2022-02-01T08:00:00+07:00"],
  [4, "nguyen.van.a@gmail.com", "confirmed", "2021-05-01T08:00:00+07:00", null],
  [5, "nguyenvana+x@googlemail.com", "confirmed", "2021-03-01T08:00:00+07:00", null],
  [6, "SUP@x.org", "confirmed", "2021-03-01T08:00:00+07:00", null],
  [7, "sup@x.org", "suppressed", null, null],
  [8, "p1@x.org", "pending", null, null],
  [9, "P1@x.org", "pending", null, null],
  [10, "re.sub@x.org", "unsubscribed", "2019-01-01T08:00:00+07:00", "2020-01-01T08:00:00+07:00"],
  [11, "Re.Sub@x.org", "confirmed", "2021-01-01T08:00:00+07:00", null],
  [12, "+tag@x.org", "confirmed", "2021-01-01T08:00:00+07:00", null],
  [13, "solo@x.org", "pending", null, null],
];

beforeAll(async () => {
  await applyD1Migrations(
    db,
    env.TEST_MIGRATIONS.filter((m) => m.name < "0006"),
  );
  await db.batch(
    LEGACY.map(([id, email, status, consentAt, unsubscribedAt]) =>
      db
        .prepare(
          `INSERT INTO subscribers (id, email, status, created_at, consent_at, unsubscribed_at)
           VALUES (?, ?, ?, '2019-01-01T00:00:00+07:00', ?, ?)`,
        )
        .bind(id, email, status, consentAt, unsubscribedAt),
    ),
  );
  await applyD1Migrations(
    db,
    env.TEST_MIGRATIONS.filter((m) => m.name < "0012"),
  );
  // Two posts stored before the console's migration: one withdrawn, one published.
  await db.batch(
    [
      ["old-withdrawn", "2021-07-20T10:00:00+07:00"],
      ["old-published", null],
    ].map(([slug, withdrawnAt]) =>
      db
        .prepare(
          `INSERT INTO posts (id, slug, title, summary, author, language, published_at, published_ms, updated_at,
             updated_ms, body_markdown, body_html, content_hash, withdrawn_at, withdrawn_ms)
           VALUES (?1, ?1, 'T', 'S', 'A', 'vi', '2021-07-13T10:00:00+07:00', 1626145200000,
             '2021-07-13T10:00:00+07:00', 1626145200000, 'B', '<p>B</p>', 'h', ?2, ?3)`,
        )
        .bind(slug, withdrawnAt, withdrawnAt === null ? null : Date.parse(withdrawnAt as string)),
    ),
  );
  // A digest mid-delivery before windows (0021): one delivery row per recipient, in every state.
  await applyD1Migrations(
    db,
    env.TEST_MIGRATIONS.filter((m) => m.name < "0021"),
  );
  await db.batch([
    db
      .prepare(
        `INSERT INTO digests (number, created_at, created_ms, subject, preheader, period, content, email_html,
         email_text, web_html, web_text, last_modified_ms, activity_ms)
       VALUES (1, '2026-11-30T08:00:00+07:00', 1, 'S', 'P', 'D', '{}', 'h', 't', 'h', 't', 1, ?)`,
      )
      .bind(Date.now()),
    ...LEGACY_DELIVERIES.map(([subscriber, state, attempts, error]) =>
      db
        .prepare(
          `INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, last_error, updated_ms, due_ms)
           VALUES (1, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(subscriber, state, attempts, error, Date.now(), state === "queued" ? 5 : null),
    ),
  ]);
  // A digest in windows before readers chose (0025), to four readers of its own: one window queued,
  // one half sent when the Worker stopped (claimed through its first reader, its claim gone stale).
  await applyD1Migrations(
    db,
    env.TEST_MIGRATIONS.filter((m) => m.name < "0025"),
  );
  await db.batch([
    ...[101, 102, 103, 104].map((id) =>
      db
        .prepare(
          `INSERT INTO subscribers (id, email, mailbox, status, created_at, consent_at)
           VALUES (?1, ?2, ?2, 'confirmed', '2026-11-01T00:00:00+07:00', '2026-11-01T00:05:00+07:00')`,
        )
        .bind(id, `w${id}@x.org`),
    ),
    db
      .prepare(
        `INSERT INTO digests (number, created_at, created_ms, subject, preheader, period, content, email_html,
         email_text, web_html, web_text, last_modified_ms, activity_ms)
       VALUES (2, '2026-12-01T08:00:00+07:00', 2, ?, 'P', 'D', '{"posts":[]}', '<p>Bản tin số 2</p>',
         'Bản tin số 2', 'h', 't', 2, ?)`,
      )
      .bind(SUBJECT_2, Date.now()),
    db.prepare(
      `INSERT INTO delivery_windows (digest_number, window_no, subscriber_ids, size, state, updated_ms)
       VALUES (2, 0, '[101,102]', 2, 'queued', 0)`,
    ),
    db.prepare(
      `INSERT INTO delivery_windows (digest_number, window_no, subscriber_ids, size, state, claim, claimed_from,
         through_id, attempts, updated_ms)
       VALUES (2, 1, '[103,104]', 2, 'sending', 'gone', 0, 103, 1, 0)`,
    ),
  ]);
  await applyD1Migrations(db, env.TEST_MIGRATIONS);
});

const SUBJECT_2 = "Bản tin số 2, gửi trước khi độc giả chọn";

// subscriber, state, attempts, last error
const LEGACY_DELIVERIES: [number, string, number, string | null][] = [
  [3, "sent", 1, null],
  [4, "queued", 1, "421 busy"],
  [7, "failed", 1, "550 5.1.1 no such user"],
  [11, "sending", 1, null],
  [12, "skipped", 0, "subscriber is unsubscribed"],
  [13, "queued", 0, null],
];

describe("migrations 0012 and 0013", () => {
  it("give a post withdrawn before the console the state 'withdrawn', and a published one 'published'", async () => {
    const { results } = await db
      .prepare("SELECT slug, state FROM posts ORDER BY slug")
      .all<{ slug: string; state: string }>();
    expect(results.map((r) => [r.slug, r.state])).toEqual([
      ["old-published", "published"],
      ["old-withdrawn", "withdrawn"],
    ]);
  });
});

describe("migration 0006", () => {
  it("keeps one row per mailbox, chosen by the reader's latest decision, a suppression first", async () => {
    const { results } = await db
      .prepare("SELECT id, email, mailbox, status FROM subscribers WHERE id < 100 ORDER BY id")
      .all<{ id: number; email: string; mailbox: string; status: string }>();
    expect(results.map((r) => [r.id, r.status])).toEqual([
      [3, "unsubscribed"], // unsubscribed after the other row's consent
      [4, "confirmed"], // the later consent of the two Gmail spellings
      [7, "suppressed"],
      [8, "pending"], // the older pending row
      [11, "confirmed"], // subscribed again after leaving
      [12, "confirmed"],
      [13, "pending"],
    ]);
    // The SQL computed exactly the key the application computes.
    for (const r of results) expect(r.mailbox, r.email).toBe(mailboxKey(r.email));
    const aliases = await db.prepare("SELECT id, subscriber_id FROM subscriber_aliases ORDER BY id").all();
    expect(aliases.results).toEqual([
      { id: 1, subscriber_id: 3 },
      { id: 2, subscriber_id: 3 },
      { id: 5, subscriber_id: 4 },
      { id: 6, subscriber_id: 7 },
      { id: 9, subscriber_id: 8 },
      { id: 10, subscriber_id: 11 },
    ]);
  });

  it("refuses a second row for a mailbox from now on", async () => {
    await expect(
      db
        .prepare("INSERT INTO subscribers (email, mailbox, status, created_at) VALUES (?, ?, 'pending', '')")
        .bind("Solo+2@x.org", "solo@x.org")
        .run(),
    ).rejects.toThrow(/UNIQUE/);
  });

  it("keeps a merged row's unsubscribe links working for the row kept, but not its confirm links", async () => {
    const merged = await signLegacyToken(SECRET, "unsubscribe", 10, "re.sub@x.org", Date.now());
    expect(await checkToken(deps, "unsubscribe", merged)).toEqual({
      ok: true,
      subscriberId: 11,
      email: "Re.Sub@x.org",
    });
    expect((await unsubscribe(deps, merged)).ok).toBe(true);
    const kept = await db.prepare("SELECT status FROM subscribers WHERE id = 11").first<string>("status");
    expect(kept).toBe("unsubscribed");
    const confirm = await signLegacyToken(SECRET, "confirm", 9, "P1@x.org", Date.now());
    expect(await checkToken(deps, "confirm", confirm)).toEqual({ ok: false, reason: "forged" });
    // A link signed for another address than the merged row's is still a forgery.
    const wrong = await signLegacyToken(SECRET, "unsubscribe", 10, "Re.Sub@x.org", Date.now());
    expect(await checkToken(deps, "unsubscribe", wrong)).toEqual({ ok: false, reason: "forged" });
  });

  it("erases the merged rows' addresses with the mailbox", async () => {
    expect(await eraseByMailbox(db, "victim@example.net")).toBe(true);
    const left = await db.prepare("SELECT COUNT(*) AS n FROM subscriber_aliases WHERE subscriber_id = 3").first("n");
    expect(left).toBe(0);
    const merged = await signLegacyToken(SECRET, "unsubscribe", 1, "Victim@Example.net", Date.now());
    expect(await checkToken(deps, "unsubscribe", merged)).toEqual({ ok: false, reason: "forged" });
  });
});

describe("migration 0015", () => {
  it("gives every subscriber stored before it a handle of its own: 32 random hex digits", async () => {
    const { results } = await db.prepare("SELECT id, handle FROM subscribers").all<{ id: number; handle: string }>();
    expect(results.length).toBeGreaterThan(3);
    for (const r of results) expect(r.handle, String(r.id)).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(results.map((r) => r.handle)).size).toBe(results.length);
  });

  it("gives a handle to a row stored without one, and refuses a handle another row has", async () => {
    const row = await db
      .prepare(
        "INSERT INTO subscribers (email, mailbox, status, created_at) VALUES (?1, ?1, 'pending', '') RETURNING id",
      )
      .bind("by-hand@x.org")
      .first<{ id: number }>();
    const handle = await db
      .prepare("SELECT handle FROM subscribers WHERE id = ?")
      .bind(row?.id)
      .first<string>("handle");
    expect(handle).toMatch(/^[0-9a-f]{32}$/);
    await expect(
      db
        .prepare(
          "INSERT INTO subscribers (email, mailbox, status, created_at, handle) VALUES (?1, ?1, 'pending', '', ?2)",
        )
        .bind("copycat@x.org", handle)
        .run(),
    ).rejects.toThrow(/UNIQUE/);
  });

  it("keeps the unsubscribe links mailed before it, which carry the id, working", async () => {
    const mailed = await signLegacyToken(SECRET, "unsubscribe", 12, "+tag@x.org", Date.now() - 300 * 24 * 3600 * 1000);
    expect((await unsubscribe(deps, mailed)).ok).toBe(true);
    const status = await db.prepare("SELECT status FROM subscribers WHERE id = 12").first<string>("status");
    expect(status).toBe("unsubscribed");
  });
});

describe("migration 0021", () => {
  it("moves every delivery over, keyed by digest and subscriber, with its state, attempts and error", async () => {
    const { results } = await db
      .prepare(
        "SELECT subscriber_id, state, attempts, last_error, due_ms FROM deliveries WHERE digest_number = 1 ORDER BY subscriber_id",
      )
      .all<{
        subscriber_id: number;
        state: string;
        attempts: number;
        last_error: string | null;
        due_ms: number | null;
      }>();
    expect(results.map((r) => [r.subscriber_id, r.state, r.attempts, r.last_error])).toEqual(LEGACY_DELIVERIES);
    expect(results.find((r) => r.subscriber_id === 4)?.due_ms).toBe(5);
    // The old indexes are gone; the one left holds only the deliveries still open.
    const indexes = await db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql IS NOT NULL")
      .all<{ name: string }>();
    expect(indexes.results.map((r) => r.name)).toEqual(["deliveries_open"]);
    await expect(
      db
        .prepare("INSERT INTO deliveries (digest_number, subscriber_id, state, updated_ms) VALUES (1, 3, 'queued', 0)")
        .run(),
    ).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it("lets a digest started before windows finish through its rows: the status counts them as before", async () => {
    const status = await digestStatus(db, 1, Date.now(), 120_000);
    expect(status?.counts).toEqual({ queued: 2, sending: 1, sent: 1, failed: 1, skipped: 1 });
    expect(status?.total).toBe(6);
    const { queue, sent } = recordingQueue<DeliveryMessage>();
    await fanout(db, queue as Queue<DeliveryMessage>, 1, 0, null, 50);
    expect(sent).toEqual([{ kind: "retry", digest: 1, subscribers: [4, 13] }]);
  });
});

describe("migration 0023", () => {
  it("gives every subscriber stored before it everything by the weekly digest, confirmed ones as their consent", async () => {
    const { results } = await db
      .prepare(
        "SELECT id, status, topics, frequency, consent_at, consent_choices, choices_at FROM subscribers ORDER BY id",
      )
      .all<{
        id: number;
        status: string;
        topics: string;
        frequency: string;
        consent_at: string | null;
        consent_choices: string | null;
        choices_at: string | null;
      }>();
    const before = results.filter((r) => LEGACY.some(([id]) => id === r.id));
    expect(before.length).toBeGreaterThan(3);
    for (const r of before) {
      expect([r.topics, r.frequency], String(r.id)).toEqual(["*", "weekly"]);
      // What a reader who had consented consented to, and since when; nothing for one who never did.
      expect(r.consent_choices, String(r.id)).toBe(
        r.consent_at === null ? null : JSON.stringify({ topics: "*", frequency: "weekly" }),
      );
      expect(r.choices_at, String(r.id)).toBe(r.consent_at);
    }
    expect(before.some((r) => r.consent_at === null)).toBe(true);
    expect(before.some((r) => r.consent_at !== null)).toBe(true);
  });

  it("refuses topics and frequencies the application never writes", async () => {
    for (const [topics, frequency] of [
      ["[]", "weekly"],
      ["lang-son", "weekly"],
      ['{"a":1}', "weekly"],
      ["*", "daily"],
    ]) {
      await expect(
        db
          .prepare(
            "INSERT INTO subscribers (email, mailbox, status, created_at, topics, frequency) VALUES (?1, ?1, 'pending', '', ?2, ?3)",
          )
          .bind(`bad-${topics}-${frequency}@x.org`, topics, frequency)
          .run(),
        `${topics} ${frequency}`,
      ).rejects.toThrow(/CHECK/);
    }
  });
});

describe("migrations 0025 and 0026", () => {
  it("keep a digest under way before readers chose one email for everyone, and its windows' recipients as they were", async () => {
    const digests = await db
      .prepare("SELECT number, kind, renders, nothing_for FROM digests ORDER BY number")
      .all<{ number: number; kind: string; renders: number | null; nothing_for: number | null }>();
    expect(digests.results).toEqual([
      { number: 1, kind: "digest", renders: null, nothing_for: null },
      { number: 2, kind: "digest", renders: null, nothing_for: null },
    ]);
    const windows = await db
      .prepare("SELECT window_no, subscriber_ids, edition, editions FROM delivery_windows WHERE digest_number = 2")
      .all();
    expect(windows.results).toEqual([
      { window_no: 0, subscriber_ids: "[101,102]", edition: 0, editions: null },
      { window_no: 1, subscriber_ids: "[103,104]", edition: 0, editions: null },
    ]);
    const readers = await db
      .prepare("SELECT COUNT(*) AS n FROM subscribers WHERE frequency_ms IS NOT NULL")
      .first<{ n: number }>();
    expect(readers?.n).toBe(0);
    const posts = await db.prepare("SELECT DISTINCT by_email FROM posts").all<{ by_email: number }>();
    expect(posts.results).toEqual([{ by_email: 1 }]);
  });

  it("let the consumer finish it: the queued window gets the digest's own email, the half-sent one is not sent again", async () => {
    const h = deliveryHarness({}, { DB: db });
    const r = await h.runQueue([
      { kind: "window", digest: 2, window: 0 },
      { kind: "window", digest: 2, window: 1 },
    ]);
    expect(r.result.explicitAcks).toHaveLength(2);
    // Window 1's claim had reached 103 when the Worker stopped: 103 may have been sent it, so is
    // never sent it again; 104 was not reached.
    expect(h.sent.map((m) => [m.to, m.subject]).sort()).toEqual([
      ["w101@x.org", SUBJECT_2],
      ["w102@x.org", SUBJECT_2],
      ["w104@x.org", SUBJECT_2],
    ]);
    expect(h.sent.every((m) => m.html.includes("Bản tin số 2"))).toBe(true);
  });
});
