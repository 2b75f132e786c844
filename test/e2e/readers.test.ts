// Real consumers nobody on this project wrote: the Universal Feed Parser, xmllint, newsboat and the
// JSON Feed 1.1 schema, against `npm start` over real HTTP (the run's shared server: these tests only
// read; a post with hostile text is tried in aggregators.test.ts). Without Debian's consumers (see
// consumers.ts) the tests that need them are skipped, loudly.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lacks } from "./consumers.ts";
import { feedparser, feedparserPolls, newsboat, validateJsonFeed, xmllint } from "./readers.ts";
import { type SharedServer, sharedServer } from "./server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SLUG = "so-ket-cong-tac-dan-van-6-thang-dau-nam";
const TITLE = "Sơ kết công tác dân vận 6 tháng đầu năm";

function seedParagraphs(): string[] {
  return readFileSync(path.join(ROOT, "test/fixtures/seed-report.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .slice(2, -1);
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

let server: SharedServer;
const get = async (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);

beforeAll(async () => {
  server = await sharedServer();
});

describe("npm start", () => {
  it("prints the URLs and serves the report", async () => {
    const banner = server.output;
    for (const p of ["/", `/posts/${SLUG}`, "/rss.xml", "/atom.xml", "/feed.json"]) {
      expect(banner).toContain(`${server.url}${p}`);
      expect((await get(p)).status).toBe(200);
    }
  });
});

describe("the report in real feed readers", () => {
  for (const p of ["/rss.xml", "/atom.xml"]) {
    it.skipIf(lacks("xmllint", "feedparser"))(
      `${p} is well-formed and the Universal Feed Parser reads it without complaint`,
      async () => {
        const body = await (await get(p)).text();
        await xmllint(body);
        const parsed = await feedparser(body);
        expect(parsed.bozo_exception).toBe("");
        expect(parsed.bozo).toBeFalsy();
        expect(parsed.version).toBe(p === "/rss.xml" ? "rss20" : "atom10");
        expect(parsed.language).toBe("vi");
        expect(parsed.self).toEqual([`${server.url}${p}`]);
        const [entry] = parsed.entries;
        expect(entry?.title).toBe(TITLE);
        expect(entry?.author).toBe("Phương Dung");
        expect(entry?.link).toBe(`${server.url}/posts/${SLUG}`);
        expect(entry?.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
        // 10:00 in Vietnam is 03:00 UTC on 13 July 2021.
        expect(entry?.published_utc).toEqual([2021, 7, 13, 3, 0, 0]);
        // …and the feed says so with Vietnam's offset.
        expect(entry?.published).toBe(
          p === "/rss.xml" ? "Tue, 13 Jul 2021 10:00:00 +0700" : "2021-07-13T10:00:00+07:00",
        );
        expect(entry?.tags).toEqual(["Dân vận", "Lạng Sơn"]);
        const content = decode(entry?.content[0] ?? "");
        for (const paragraph of seedParagraphs()) expect(content).toContain(paragraph);
      },
    );
  }

  for (const p of ["/rss.xml", "/atom.xml"]) {
    it.skipIf(lacks("feedparser"))(
      `the Universal Feed Parser polls ${p} itself: gzip-compressed, then 304 with its ETag`,
      async () => {
        const first = await feedparserPolls(`${server.url}${p}`);
        expect(first.status).toBe(200);
        expect(first.content_encoding).toBe("gzip");
        expect(first.bozo).toBeFalsy();
        expect(first.entries[0]?.title).toBe(TITLE);
        expect(first.etag).toMatch(/-gzip"$/);
        const again = await feedparserPolls(`${server.url}${p}`, first.etag ?? "");
        expect(again.status).toBe(304);
        expect(again.entries).toEqual([]);
      },
    );
  }

  for (const p of ["/rss.xml", "/atom.xml"]) {
    // newsboat fetches with libcurl, which asks for (and decodes) gzip.
    it.skipIf(lacks("newsboat"))(`newsboat reads ${p} with the headline, author, date and permanent id`, async () => {
      const [item] = await newsboat(`${server.url}${p}`);
      expect(item?.title).toBe(TITLE);
      expect(item?.author).toBe("Phương Dung");
      expect(item?.url).toBe(`${server.url}/posts/${SLUG}`);
      expect(item?.guid).toMatch(/^urn:uuid:/);
      expect(item?.pubDate).toBe(Date.parse("2021-07-13T10:00:00+07:00") / 1000);
    });
  }

  it("/feed.json passes the JSON Feed 1.1 schema and carries the 1.1 fields", async () => {
    const res = await get("/feed.json");
    const body = await res.text();
    expect(validateJsonFeed(body)).toEqual([]);
    const feed = JSON.parse(body);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.language).toBe("vi");
    expect(feed.feed_url).toBe(`${server.url}/feed.json`);
    const [item] = feed.items;
    expect(item.authors).toEqual([{ name: "Phương Dung" }]);
    expect(item.author).toBeUndefined();
    expect(item.date_published).toBe("2021-07-13T10:00:00+07:00");
    for (const paragraph of seedParagraphs()) expect(decode(item.content_html)).toContain(paragraph);
  });

  it("answers an unchanged feed polled with its ETag or Last-Modified with 304", async () => {
    for (const p of ["/rss.xml", "/atom.xml", "/feed.json"]) {
      const first = await get(p);
      await first.arrayBuffer();
      const byEtag = await get(p, { headers: { "If-None-Match": first.headers.get("ETag") ?? "" } });
      expect(byEtag.status).toBe(304);
      const byDate = await get(p, { headers: { "If-Modified-Since": first.headers.get("Last-Modified") ?? "" } });
      expect(byDate.status).toBe(304);
    }
  });
});
