// Corrections of archived posts (RFC 5005 section 4): clients may assume an archive document never
// changes, so an archived post saved with a change is carried again by the subscription feeds, with
// its new `updated` and its old id and `published`, and their WebSub subscribers get them pushed; the
// archive document holds the corrected text too. The feeds stay within 24 entries.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import type { WebSubMessage } from "../../src/websub/messages.ts";
import { child, elements, parseXml } from "../documents.ts";
import { ADMIN, recordingQueue, request } from "../helpers.ts";

const SITE = "https://bantin.example";
const FEEDS = ["/atom.xml", "/rss.xml", "/feed.json"] as const;
const CORRECTED = "Đính chính: 1.234 hộ dân được hỗ trợ, không phải 4.321 hộ như bản trước.";

const idOf = (i: number) => `urn:uuid:00000000-0000-4000-c000-${String(i).padStart(12, "0")}`;
/** One post an hour from 1 January 2022: the order of publication is the order of the dates. */
const publishedAt = (i: number) =>
  new Date(Date.UTC(2022, 0, 1) + i * 3_600_000).toISOString().replace(".000Z", "+00:00");
const postInput = (i: number, markdown = `Nội dung bài số ${i}.`) => ({
  id: idOf(i),
  slug: `bai-${i}`,
  title: `Bài số ${i}`,
  author: "Phương Dung",
  published: publishedAt(i),
  tags: ["Dân vận"],
  markdown,
});

// The hub's queue: what the Worker enqueues is kept, and fed to its queue() handler by runHub.
const { queue: WEBSUB, sent: hubQueue } = recordingQueue<WebSubMessage>();
const hubEnv = { ...env, WEBSUB };

/** Publishes through the admin API, announcing to the stand-in queue. */
const publish = (input: Record<string, unknown>) =>
  request(
    "/admin/posts",
    { method: "POST", headers: { ...ADMIN, "Content-Type": "application/json" }, body: JSON.stringify(input) },
    hubEnv,
  );

let last = 0;
/** Publishes the next posts, `count` of them. */
async function publishMore(count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const res = await publish(postInput(++last));
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

/** Saves a corrected version of post `i`; returns its new `updated`. */
async function correct(i: number, text = CORRECTED): Promise<string> {
  const res = await publish(postInput(i, `${text} (bài số ${i})`));
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { status: string; updated_at: string };
  expect(body.status).toBe("updated");
  return body.updated_at;
}

async function etagOf(path: string): Promise<string> {
  const res = await request(path);
  expect(res.status, path).toBe(200);
  return res.headers.get("ETag") ?? "";
}

interface Entry {
  id: string;
  /** Atom `updated`, JSON Feed `date_modified`; RSS has none. */
  updated: string | null;
  published: string;
  content: string;
}

/** The entries of a feed document as a reader parses them, in document order. */
async function entriesOf(path: string): Promise<{ updated: string; entries: Entry[] }> {
  const res = await request(path);
  expect(res.status, path).toBe(200);
  const body = await res.text();
  if (path.endsWith(".json")) {
    const feed = JSON.parse(body) as {
      items: { id: string; date_modified: string; date_published: string; content_html: string }[];
    };
    const entries = feed.items.map((i) => ({
      id: i.id,
      updated: i.date_modified,
      published: i.date_published,
      content: i.content_html,
    }));
    return { updated: "", entries };
  }
  const doc = parseXml(body);
  if (path.endsWith("atom.xml")) {
    const feed = child(doc, "feed");
    if (!feed) throw new Error(`${path}: no feed`);
    const entries = elements(feed, "entry").map((e) => ({
      id: child(e, "id")?.text ?? "",
      updated: child(e, "updated")?.text ?? "",
      published: child(e, "published")?.text ?? "",
      content: child(e, "content")?.text ?? "",
    }));
    return { updated: child(feed, "updated")?.text ?? "", entries };
  }
  const channel = child(child(doc, "rss") ?? doc, "channel");
  if (!channel) throw new Error(`${path}: no channel`);
  const entries = elements(channel, "item").map((e) => ({
    id: child(e, "guid")?.text ?? "",
    updated: null,
    published: child(e, "pubDate")?.text ?? "",
    content: child(e, "content:encoded")?.text ?? "",
  }));
  return { updated: child(channel, "lastBuildDate")?.text ?? "", entries };
}

const ms = (date: string) => new Date(date).getTime();

/** The ids in the subscription Atom feed, checked to be distinct and at most 24. */
async function subscriptionIds(): Promise<string[]> {
  const ids = (await entriesOf("/atom.xml")).entries.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeLessThanOrEqual(24);
  return ids;
}

const archiveCount = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM archive_pages").first<{ n: number }>())?.n ?? 0;

const CALLBACK = "https://reader.example.com/push/atom";
let batches = 0;

/** Runs the hub's queue consumer over `messages`. */
async function runHub(messages: WebSubMessage[]): Promise<void> {
  const batch = createMessageBatch<WebSubMessage>(
    "bantin-websub",
    messages.map((body, i) => ({ id: `c${++batches}-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, hubEnv, ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.retryMessages).toEqual([]);
}

/**
 * What the hub does after a change: whether the change was announced, and the bodies pushed to the
 * callback once it is distributed (a distribution runs in any case) and delivered.
 */
async function pushes(): Promise<{ announced: boolean; pushed: string[] }> {
  const announced = hubQueue.splice(0).some((m) => m.kind === "distribute");
  const pushed: string[] = [];
  const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    expect(url).toBe(CALLBACK);
    pushed.push(new TextDecoder().decode(init?.body as Uint8Array));
    return new Response(null, { status: 204 });
  });
  try {
    await runHub([{ kind: "distribute" }]);
    const deliveries = hubQueue.splice(0);
    expect(deliveries.every((m) => m.kind === "deliver")).toBe(true);
    if (deliveries.length > 0) await runHub(deliveries);
  } finally {
    fetchSpy.mockRestore();
  }
  return { announced, pushed };
}

afterEach(() => {
  hubQueue.length = 0;
});

beforeAll(async () => {
  // 26 posts: the 25th sealed the oldest five (1 to 5) into /archive/1; 6 to 26 remain.
  await publishMore(26);
  expect(await archiveCount()).toBe(1);
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO websub_subscriptions (topic, callback, secret, lease_seconds, created_ms, verified_ms, expires_ms)
     VALUES (?, ?, NULL, 864000, ?, ?, ?)`,
  )
    .bind(`${SITE}/atom.xml`, CALLBACK, now, now, now + 864_000_000)
    .run();
  // The subscriber has the current document.
  expect((await pushes()).pushed).toHaveLength(1);
  expect((await pushes()).pushed).toEqual([]);
}, 60_000);

describe("a correction of an archived post", () => {
  it("reaches the subscription feeds with its new updated date, same id and published date, and a new ETag", async () => {
    const before = await Promise.all(FEEDS.map(etagOf));
    const original = (await entriesOf("/archive/1/atom.xml")).entries.find((e) => e.id === idOf(3));
    expect(original).toBeDefined();
    expect((await subscriptionIds()).includes(idOf(3))).toBe(false);

    const updated = await correct(3);
    expect(ms(updated)).toBeGreaterThan(ms(original?.updated ?? ""));

    const after = await Promise.all(FEEDS.map(etagOf));
    for (const [i, path] of FEEDS.entries()) {
      expect(after[i], path).not.toBe(before[i]);
      const { updated: feedUpdated, entries } = await entriesOf(path);
      const ids = entries.map((e) => e.id);
      expect(new Set(ids).size, path).toBe(ids.length);
      // The 21 posts not yet archived and the correction.
      expect(ids, path).toHaveLength(22);
      const entry = entries.find((e) => e.id === idOf(3));
      expect(entry?.content, path).toContain(CORRECTED);
      // The date of first publication stays (RSS's pubDate is that date: RSS has no updated).
      expect(ms(entry?.published ?? ""), path).toBe(ms(publishedAt(3)));
      if (path !== "/rss.xml") expect(ms(entry?.updated ?? ""), path).toBe(ms(updated));
      // The document's own date (Atom updated, RSS lastBuildDate) is the correction's.
      if (path !== "/feed.json") expect(ms(feedUpdated), path).toBe(ms(updated));
    }
  });

  it("stays in its archive document, with the corrected text", async () => {
    for (const path of ["/archive/1/atom.xml", "/archive/1/rss.xml", "/archive/1/feed.json"]) {
      const { entries } = await entriesOf(path);
      expect(entries.map((e) => e.id)).toEqual([5, 4, 3, 2, 1].map(idOf));
      expect(entries.find((e) => e.id === idOf(3))?.content, path).toContain(CORRECTED);
    }
  });

  it("is pushed to the WebSub subscribers of /atom.xml", async () => {
    await correct(3, "Đính chính lần hai: số liệu của Sở.");
    const { announced, pushed } = await pushes();
    expect(announced).toBe(true);
    expect(pushed).toHaveLength(1);
    const entry = elements(parseXml(pushed[0] ?? ""), "entry").find((e) => child(e, "id")?.text === idOf(3));
    expect(entry && child(entry, "content")?.text).toContain("Đính chính lần hai");
  });

  it("changes nothing when the same text is published again", async () => {
    const paths = [...FEEDS, "/archive/1/atom.xml"];
    const before = await Promise.all(paths.map(etagOf));
    const res = await publish(postInput(3, "Đính chính lần hai: số liệu của Sở. (bài số 3)"));
    expect(((await res.json()) as { status: string }).status).toBe("unchanged");
    expect(await Promise.all(paths.map(etagOf))).toEqual(before);
    expect(await pushes()).toEqual({ announced: false, pushed: [] });
  });

  it("counts among the 24 entries: correcting one when the feeds hold 24 seals the oldest five posts", async () => {
    // 21 posts not yet archived (6 to 26) and one correction: two more make 24 entries.
    await publishMore(2);
    expect(await subscriptionIds()).toHaveLength(24);
    expect(await archiveCount()).toBe(1);
    await correct(4);
    expect(await archiveCount()).toBe(2);
    expect((await entriesOf("/archive/2/atom.xml")).entries.map((e) => e.id)).toEqual([10, 9, 8, 7, 6].map(idOf));
    const ids = await subscriptionIds();
    // 11 to 28, and the two corrections.
    expect(ids).toHaveLength(20);
    expect(ids.slice(-2)).toEqual([4, 3].map(idOf));
  });

  it("shows the four newest corrections at most", async () => {
    for (const i of [1, 2, 5, 6]) await correct(i);
    const ids = await subscriptionIds();
    expect(ids.slice(-4)).toEqual([6, 5, 2, 1].map(idOf));
    expect(ids).not.toContain(idOf(3));
    expect(ids).not.toContain(idOf(4));
    // Their archive documents still hold them, corrected.
    expect((await entriesOf("/archive/1/atom.xml")).entries.find((e) => e.id === idOf(4))?.content).toContain(
      CORRECTED,
    );
  });

  it("leaves the subscription feeds with the fifth archive document sealed after it", async () => {
    const corrections = [6, 5, 2, 1].map(idOf);
    const sealedBefore = await archiveCount();
    while ((await archiveCount()) < sealedBefore + 4) await publishMore(1);
    expect((await subscriptionIds()).slice(-4)).toEqual(corrections);
    while ((await archiveCount()) < sealedBefore + 5) await publishMore(1);
    const ids = await subscriptionIds();
    for (const id of corrections) expect(ids).not.toContain(id);
    // The posts they made room for are in archive documents: the feeds fill up again from 16.
    expect(ids.length).toBe(16);
  }, 60_000);

  it("is a correction only while archived: a withdrawn archived post published again is a new post of the feeds", async () => {
    const stored = () =>
      env.DB.prepare("SELECT archive_page, corrected_ms FROM posts WHERE id = ?")
        .bind(idOf(7))
        .first<{ archive_page: number | null; corrected_ms: number | null }>();
    await correct(7);
    expect((await stored())?.corrected_ms).toBeGreaterThan(0);
    expect((await request("/admin/posts/bai-7", { method: "DELETE", headers: ADMIN }, hubEnv)).status).toBe(200);
    expect(await subscriptionIds()).not.toContain(idOf(7));
    const res = await publish(postInput(7, "Khôi phục bài số 7."));
    expect(res.status).toBe(201);
    expect(await stored()).toEqual({ archive_page: null, corrected_ms: null });
    expect(await subscriptionIds()).toContain(idOf(7));
  });
});
