// What aggregators and crawlers get from `npm start`, read by real consumers: tag feeds and archive
// documents through the Universal Feed Parser, xmllint, newsboat and the JSON Feed 1.1 schema; the OPML
// list imported by newsboat; the sitemap validated against the sitemaps.org schema; unpublishing with
// npm run publish -- --delete; a post with hostile text in every reader.
// Expected duration: 30 s (test/sequencer.ts starts the longest files first).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lacks, run as runProgram } from "./consumers.ts";
import { feedparser, newsboat, validateJsonFeed, xmllint } from "./readers.ts";
import { type LocalServer, startServer } from "./server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SLUG = "so-ket-cong-tac-dan-van-6-thang-dau-nam";
const TITLE = "Sơ kết công tác dân vận 6 tháng đầu năm";
/** The report and these: 31 posts, so the oldest are sealed into archive documents. */
const MORE = 30;
const run = promisify(execFile);

let server: LocalServer;
const get = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);
const text = async (p: string) => (await get(p)).text();

function moreInput(i: number) {
  return {
    id: `urn:uuid:00000000-0000-4000-b000-${String(i).padStart(12, "0")}`,
    slug: `tin-${i}`,
    title: `Tin công tác dân vận số ${i}`,
    author: "Phương Dung",
    // After the report (13 July 2021), one a day.
    published: new Date(Date.UTC(2021, 6, 14 + i, 2)).toISOString().replace(".000Z", "+00:00"),
    tags: i % 2 === 0 ? ["Dân vận", "Lạng Sơn"] : ["Hội nghị"],
    markdown: `Đoạn mở đầu của tin số ${i}.\n\n## Kết quả\n\nNội dung & kết quả <tốt> của tin số ${i}.`,
  };
}

beforeAll(async () => {
  server = await startServer();
  // Through the admin API, a few at a time.
  for (let i = 1; i <= MORE; i += 6) {
    const batch = Array.from({ length: Math.min(6, MORE - i + 1) }, (_, k) => moreInput(i + k));
    const statuses = await Promise.all(
      batch.map(async (input) => {
        const res = await get("/admin/posts", {
          method: "POST",
          headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
          body: JSON.stringify(input),
        });
        return res.status;
      }),
    );
    expect(statuses.every((s) => s === 201)).toBe(true);
  }
});

afterAll(async () => {
  const code = await server?.stop();
  expect(code).toBe(0);
});

/** The archive documents, newest first, by walking prev-archive from the subscription Atom feed. */
async function archivePaths(): Promise<string[]> {
  const out: string[] = [];
  let body = await text("/atom.xml");
  for (;;) {
    const href = /<link href="([^"]+)" rel="prev-archive"/.exec(body)?.[1];
    if (!href) return out;
    const p = href.slice(server.url.length);
    out.push(p.replace(/atom\.xml$/, ""));
    body = await text(p);
  }
}

describe("tag feeds and archive documents in real feed readers", () => {
  it("walks to archive documents", async () => {
    expect(await archivePaths()).toEqual(["/archive/2/", "/archive/1/"]);
  });

  for (const base of ["/tags/dan-van/", "/archive/1/", "/archive/2/"]) {
    it.skipIf(lacks("xmllint", "feedparser"))(
      `${base}rss.xml and atom.xml are well-formed and the Universal Feed Parser reads them without complaint`,
      async () => {
        for (const file of ["rss.xml", "atom.xml"]) {
          const body = await text(`${base}${file}`);
          await xmllint(body);
          const parsed = await feedparser(body);
          expect(parsed.bozo_exception, `${base}${file}`).toBe("");
          expect(parsed.bozo).toBeFalsy();
          expect(parsed.version).toBe(file === "rss.xml" ? "rss20" : "atom10");
          expect(parsed.language).toBe("vi");
          expect(parsed.self).toEqual([`${server.url}${base}${file}`]);
          expect(parsed.entries.length).toBeGreaterThan(0);
          for (const e of parsed.entries) expect(e.author).toBe("Phương Dung");
        }
      },
    );

    it(`${base}feed.json passes the JSON Feed 1.1 schema`, async () => {
      const body = await text(`${base}feed.json`);
      expect(validateJsonFeed(body)).toEqual([]);
      expect(JSON.parse(body).hubs).toEqual([{ type: "WebSub", url: `${server.url}/websub` }]);
    });
  }

  it.skipIf(lacks("feedparser"))("lists the report in /tags/dan-van/atom.xml with its tags", async () => {
    const parsed = await feedparser(await text("/tags/dan-van/atom.xml"));
    const report = parsed.entries.find((e) => e.title === TITLE);
    expect(report?.link).toBe(`${server.url}/posts/${SLUG}`);
    expect(report?.tags).toEqual(["Dân vận", "Lạng Sơn"]);
    expect(parsed.title).toBe("Bản tin Dân vận – Chủ đề: Dân vận");
  });

  for (const p of ["/tags/dan-van/rss.xml", "/tags/dan-van/atom.xml", "/archive/1/atom.xml"]) {
    it.skipIf(lacks("newsboat"))(`newsboat reads ${p}`, async () => {
      const items = await newsboat(`${server.url}${p}`);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.author).toBe("Phương Dung");
        expect(item.guid).toMatch(/^urn:uuid:/);
        expect(item.url).toMatch(new RegExp(`^${server.url}/posts/`));
      }
    });
  }
});

describe("for crawlers and readers", () => {
  it.skipIf(lacks("newsboat"))(
    "imports /feeds.opml into newsboat: the main and tag feeds, once each, in Atom",
    async () => {
      const home = mkdtempSync(path.join(tmpdir(), "bantin-opml-"));
      try {
        const opml = path.join(home, "feeds.opml");
        writeFileSync(opml, await runProgram("curl", ["-sf", `${server.url}/feeds.opml`]));
        const urls = path.join(home, "urls");
        writeFileSync(urls, "");
        await runProgram(
          "newsboat",
          ["-i", opml, "-u", urls, "-c", path.join(home, "cache.db"), "-C", path.join(home, "config")],
          { env: { ...process.env, HOME: home }, timeout: 60_000 },
        );
        const imported = readFileSync(urls, "utf8")
          .split("\n")
          .map((l) => l.split(" ")[0] ?? "")
          .filter((l) => l.startsWith("http"));
        // One subscription per feed: a post arrives once, not once per format.
        const expected = ["", "/tags/dan-van", "/tags/hoi-nghi", "/tags/lang-son"].map(
          (b) => `${server.url}${b}/atom.xml`,
        );
        expect(imported.sort()).toEqual(expected.sort());
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(lacks("xmllint"))(
    "serves a sitemap valid against the sitemaps.org schema, named in robots.txt",
    async () => {
      const body = await text("/sitemap.xml");
      await runProgram(
        "xmllint",
        ["--noout", "--schema", path.join(ROOT, "node_modules/sitemap/schema/sitemap.xsd"), "-"],
        {
          input: body,
        },
      );
      expect(body).toContain(`<loc>${server.url}/posts/${SLUG}</loc>`);
      expect(body).toContain(`<loc>${server.url}/tags/dan-van</loc>`);
      expect(await text("/robots.txt")).toContain(`Sitemap: ${server.url}/sitemap.xml`);
    },
  );

  it("withdraws a post with npm run publish -- --delete: one line, a summary, then 410 and gone everywhere", async () => {
    // The report, the oldest post, is in the oldest archive document.
    const etag = (await get("/archive/1/atom.xml")).headers.get("ETag");
    const { stdout } = await run(process.execPath, ["scripts/publish.mjs", "--delete", SLUG, "--delete", "khong-co"], {
      cwd: ROOT,
      env: { ...process.env, SITE_URL: server.url, ADMIN_TOKEN: server.adminToken },
    }).catch((err: { stdout: string; code: number }) => {
      // One of the two failed, so the command exits non-zero.
      expect(err.code).toBe(1);
      return err;
    });
    expect(stdout).toContain(`deleted   ${server.url}/posts/${SLUG}  (${SLUG})`);
    expect(stdout).toContain(`content/posts/${SLUG}.md still holds this post`);
    expect(stdout).toContain("failed    khong-co: No post has this slug or id.");
    expect(stdout).toContain("2 posts: 1 deleted, 1 failed");
    expect((await get(`/posts/${SLUG}`)).status).toBe(410);
    expect((await get("/archive/1/atom.xml")).headers.get("ETag")).not.toBe(etag);
    for (const p of [
      "/atom.xml",
      "/rss.xml",
      "/feed.json",
      "/tags/dan-van/atom.xml",
      "/sitemap.xml",
      "/archive/1/atom.xml",
    ]) {
      expect(await text(p), p).not.toContain(SLUG);
    }
  });
});

// Last: it adds a tag, which the OPML list above would then offer too.
describe("a post carrying hostile text", () => {
  it.skipIf(lacks("xmllint", "feedparser"))(
    "stays valid for every reader when a post carries hostile text",
    async () => {
      const res = await get("/admin/posts", {
        method: "POST",
        headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          title: `Tin ]]> ]]> <script>alert(1)</script> \u0001 🎉 ${"Đồng Đăng".normalize("NFD")}`,
          author: "Ai đó & <b>",
          // After every other post: first in every feed.
          published: "2021-09-01T08:00:00+07:00",
          tags: ["A & B"],
          markdown: "Đoạn ]]> <script>x</script> \u0008 😀\n\n## Phần\n\n[x](javascript:alert(1))\n",
        }),
      });
      expect(res.status).toBe(201);
      const json = await text("/feed.json");
      expect(validateJsonFeed(json)).toEqual([]);
      // The JSON Feed holds the same posts: no entry was lost to, or merged by, the hostile text.
      const posts = (JSON.parse(json) as { items: unknown[] }).items.length;
      for (const p of ["/rss.xml", "/atom.xml"]) {
        const body = await text(p);
        await xmllint(body);
        const parsed = await feedparser(body);
        expect(parsed.bozo).toBeFalsy();
        expect(parsed.entries).toHaveLength(posts);
        expect(parsed.entries[0]?.title).toContain("Đồng Đăng");
        expect(parsed.entries[0]?.author).toBe("Ai đó & <b>");
      }
    },
  );
});
