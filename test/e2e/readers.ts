// The real feed consumers the end-to-end tests read bantin's feeds with: the Universal Feed Parser,
// xmllint, newsboat and the JSON Feed 1.1 schema (see consumers.ts for what a machine may lack).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { PYTHON, run } from "./consumers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Parsed {
  status: number | null;
  content_encoding: string | null;
  etag: string | null;
  bozo: boolean | number;
  bozo_exception: string;
  version: string;
  title: string;
  language: string;
  self: string[];
  entries: {
    title: string;
    id: string;
    link: string;
    author: string;
    published: string;
    published_utc: number[];
    tags: string[];
    content: string[];
    summary: string;
    /** Enclosures as feedparser reads them (RSS <enclosure>, Atom link rel="enclosure"). */
    enclosures: { href: string; length: string; type: string }[];
  }[];
}

const FEEDPARSER = path.join(import.meta.dirname, "feedparser_check.py");

export async function feedparser(body: string): Promise<Parsed> {
  return JSON.parse((await run(PYTHON, [FEEDPARSER], { input: body })).toString("utf8")) as Parsed;
}

/** The Universal Feed Parser polling a feed itself, as a reader does (gzip, If-None-Match). */
export async function feedparserPolls(url: string, etag?: string): Promise<Parsed> {
  return JSON.parse((await run(PYTHON, [FEEDPARSER, url, ...(etag ? [etag] : [])])).toString("utf8")) as Parsed;
}

/** Rejects with xmllint's message when the document is not well-formed. */
export async function xmllint(body: string): Promise<void> {
  await run("xmllint", ["--noout", "-"], { input: body });
}

export interface NewsboatItem {
  title: string;
  author: string;
  pubDate: number;
  url: string;
  guid: string;
}

/**
 * A newsboat (a terminal feed reader) subscribed to one feed, with its cache kept between reloads as a
 * reader's is. A reload that newsboat could not complete (it exits 0 and says so only in its error
 * log: a refused connection, a timeout, a 5xx) fails with newsboat's words.
 */
export function newsboatReader(url: string) {
  const home = mkdtempSync(path.join(tmpdir(), "bantin-newsboat-"));
  const errors = path.join(home, "errors");
  writeFileSync(path.join(home, "urls"), `${url}\n`);
  writeFileSync(path.join(home, "config"), `error-log "${errors}"\ndownload-timeout 60\n`);
  const cache = path.join(home, "cache.db");
  return {
    /** The feed it is subscribed to. */
    url,
    async reload(): Promise<void> {
      writeFileSync(errors, "");
      await run(
        "newsboat",
        ["-x", "reload", "-u", path.join(home, "urls"), "-c", cache, "-C", path.join(home, "config")],
        { env: { ...process.env, HOME: home }, timeout: 90_000 },
      );
      const failed = readFileSync(errors, "utf8").trim();
      if (failed) throw new Error(`newsboat could not reload ${url}: ${failed}`);
    },
    /** Rows of newsboat's item table. */
    query<T>(sql: string, ...params: string[]): T[] {
      const db = new DatabaseSync(cache, { readOnly: true });
      try {
        return db.prepare(sql).all(...params) as unknown as T[];
      } finally {
        db.close();
      }
    },
    /** Dates the copy newsboat holds (what it sends as If-Modified-Since next), in epoch seconds. */
    dateCopy(seconds: number): void {
      const db = new DatabaseSync(cache);
      try {
        db.prepare("UPDATE rss_feed SET lastmodified = ?").run(seconds);
      } finally {
        db.close();
      }
    },
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Subscribes newsboat to a feed, lets it fetch once, and reads what it stored. */
export async function newsboat(url: string): Promise<NewsboatItem[]> {
  const reader = newsboatReader(url);
  try {
    await reader.reload();
    return reader.query<NewsboatItem>("SELECT title, author, pubDate, url, guid FROM rss_item ORDER BY pubDate DESC");
  } finally {
    reader.remove();
  }
}

export function validateJsonFeed(body: string): string[] {
  const schema = JSON.parse(readFileSync(path.join(ROOT, "node_modules/jsonfeed-schema/schema-v1.1.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return validate(JSON.parse(body)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
