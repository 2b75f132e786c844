// A correction of an archived post, as real feed readers see it from `npm start`: newsboat and the
// Universal Feed Parser, subscribed to /atom.xml and /rss.xml since before the post was archived, get
// the corrected text in the post they already have (same id), not a second copy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lacks } from "./consumers.ts";
import { feedparser, feedparserPolls, newsboatReader as newsboatOf, xmllint } from "./readers.ts";
import { type LocalServer, startServer } from "./server.ts";

const ORIGINAL = "Toàn tỉnh có 4.321 hộ dân được hỗ trợ.";
const CORRECTED = "Đính chính: toàn tỉnh có 1.234 hộ dân được hỗ trợ, không phải 4.321.";
/** With the editor's report (the oldest post), 26 posts: the 25th seals the oldest five. */
const MORE = 25;

let server: LocalServer;

const idOf = (i: number) => `urn:uuid:00000000-0000-4000-d000-${String(i).padStart(12, "0")}`;
const input = (i: number, markdown = `Nội dung tin số ${i}.`) => ({
  id: idOf(i),
  slug: `tin-${i}`,
  title: `Tin công tác dân vận số ${i}`,
  author: "Phương Dung",
  // After the report (13 July 2021), one a day.
  published: new Date(Date.UTC(2021, 6, 14 + i, 2)).toISOString().replace(".000Z", "+00:00"),
  tags: ["Dân vận"],
  markdown,
});

async function publish(body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${server.url}/admin/posts`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.status;
}

/** newsboat subscribed to one of the site's feeds, with the items it stores under one guid. */
function newsboatReader(feed: string) {
  const reader = newsboatOf(`${server.url}${feed}`);
  return {
    ...reader,
    items: (guid: string) => reader.query<{ content: string }>("SELECT content FROM rss_item WHERE guid = ?", guid),
  };
}

const readers: ReturnType<typeof newsboatReader>[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const r of readers) r.remove();
  const code = await server?.stop();
  expect(code).toBe(0);
});

describe("a correction of an archived post in feed readers", () => {
  it.skipIf(lacks("newsboat", "feedparser", "xmllint"))(
    "reaches newsboat and the Universal Feed Parser through the subscription feeds, in the post they have",
    async () => {
      expect(await publish(input(1, ORIGINAL))).toBe(201);
      const atom = newsboatReader("/atom.xml");
      const rss = newsboatReader("/rss.xml");
      readers.push(atom, rss);
      for (const r of readers) {
        await r.reload();
        expect(
          r
            .items(idOf(1))
            .map((i) => i.content)
            .join(),
        ).toContain(ORIGINAL);
      }

      // Posts come; the first is sealed into /archive/1 with the report and the next three.
      for (let i = 2; i <= MORE; i++) expect(await publish(input(i))).toBe(201);
      const archive = await (await fetch(`${server.url}/archive/1/atom.xml`)).text();
      expect(archive).toContain(idOf(1));
      for (const r of readers) await r.reload();
      const polled = {
        atom: await feedparserPolls(`${server.url}/atom.xml`),
        rss: await feedparserPolls(`${server.url}/rss.xml`),
      };
      for (const parsed of Object.values(polled)) expect(parsed.entries.map((e) => e.id)).not.toContain(idOf(1));

      expect(await publish(input(1, CORRECTED))).toBe(200);

      for (const [format, before] of Object.entries(polled)) {
        // A reader polling with its ETag gets the changed document, the correction in it.
        const after = await feedparserPolls(`${server.url}/${format}.xml`, before.etag ?? undefined);
        expect(after.status, format).toBe(200);
        expect(after.bozo, format).toBeFalsy();
        const ids = after.entries.map((e) => e.id);
        expect(new Set(ids).size, format).toBe(ids.length);
        const entry = after.entries.find((e) => e.id === idOf(1));
        expect(entry?.content.join(), format).toContain(CORRECTED);
        expect(entry?.published_utc, format).toEqual([2021, 7, 15, 2, 0, 0]);
        await xmllint(await (await fetch(`${server.url}/${format}.xml`)).text());
      }
      // Newsboat replaces the text of the post it has: one item, corrected. Even when it polled in the
      // very second of the correction: its copy dated as the corrected feed is (a new ETag, the same
      // Last-Modified), its HTTP (libcurl) keeps no 200 that the date does not show newer.
      for (const r of readers) {
        const changed = (await fetch(r.url)).headers.get("Last-Modified");
        expect(changed).not.toBeNull();
        r.dateCopy(Date.parse(changed ?? "") / 1000);
        await r.reload();
        const items = r.items(idOf(1));
        expect(items).toHaveLength(1);
        expect(items[0]?.content).toContain(CORRECTED);
        expect(items[0]?.content).not.toContain(ORIGINAL);
      }
      // The archive document holds the corrected text too.
      const archived = await feedparser(await (await fetch(`${server.url}/archive/1/atom.xml`)).text());
      expect(archived.entries.find((e) => e.id === idOf(1))?.content.join()).toContain(CORRECTED);
    },
  );
});
