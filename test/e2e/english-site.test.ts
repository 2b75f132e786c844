// An English site end to end (issue 18), as a new user starts one: `npm start` with
// SITE_LANGUAGE=en and SITE_TITLE="County Bulletin" and nothing else. An English post is published
// beside the Vietnamese sample post npm start loads; a reader subscribes and confirms in Chromium,
// receives digest 1 through a real SMTP server, and unsubscribes; the editor signs in to the console.
// Every page and email says `lang="en"` and shows no Vietnamese letter outside the sample post's own
// text; the digest's subject has English plurals ("and 1 other post"), dates read "13 July 2021".
// Screenshots at 360 px go to docs/en-*.png (docs/languages.md shows them), each taken once its
// pages passed, so no picture of a half-translated page is ever written. Then npm start again on the same
// data with CONSOLE_LANGUAGE=vi: the console alone is Vietnamese.
// Expected duration: 75 s (test/sequencer.ts starts the longest files first).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPosts } from "../../scripts/content.mjs";
import { renderMarkdown } from "../../src/posts/markdown.ts";
import { CHROMIUM, CHROMIUM_ARGS, onlyThisMachine } from "./browser.ts";
import { lacks } from "./consumers.ts";
import { tokenLink } from "./inbox.ts";
import { type LocalServer, startServer } from "./server.ts";
import { receivedFor, startSmtp, type TestSmtp } from "./smtp.ts";
import {
  addFound,
  type DocumentText,
  type Found,
  readPage,
  report,
  sendForm,
  type VietnameseContent,
  vietnameseIn,
  vietnameseOnPage,
} from "./visible-text.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCS = path.join(ROOT, "docs");
const SETTINGS = { SITE_LANGUAGE: "en", SITE_TITLE: "County Bulletin" };
const READER = "reader@example.org";
const POST = {
  title: "County fair opens on Saturday",
  slug: "county-fair-opens-on-saturday",
  author: "Jo Marsh",
  tags: ["Events"],
  language: "en",
  published: "2026-12-04T09:00:00+07:00",
  markdown:
    "The county fair opens on Saturday at nine, with stalls from forty farms and a brass band.\n\n" +
    "## Getting there\n\nBuses leave the market square every ten minutes. Parking is free at the showground.\n\n" +
    "## Programme\n\nThe parade starts at noon; the fireworks at nine in the evening.\n",
};

/** The Vietnamese sample post npm start loads (content/posts): its own words may be Vietnamese. */
async function sampleContent(): Promise<VietnameseContent & { title: string }> {
  const [file] = await readPosts(path.join(ROOT, "content/posts"));
  if (!file) throw new Error("content/posts has no sample post");
  const input = file.input as {
    title: string;
    author: string;
    summary?: string;
    tags?: string[];
    key_points?: { section: string; points: string[] }[];
    markdown: string;
  };
  const body = renderMarkdown(input.markdown);
  const names = [input.title, input.author, ...(input.tags ?? []), ...(input.summary ? [input.summary] : [])];
  const bodyText = body.html
    .replace(/<[^>]+>/g, "\n")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  const pieces = [
    ...names,
    ...(input.key_points ?? []).flatMap((k) => [k.section, ...k.points]),
    ...body.lead,
    ...body.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.blocks ?? [])]),
    ...body.captions,
    ...bodyText.split("\n"),
  ];
  const corpus = pieces.map((p) => p.replace(/\s+/g, " ").trim()).join("\n");
  // Whole paragraphs and points too: a line of the digest's text part is one, with a bullet or a link around it.
  return { title: input.title, corpus, allowed: [...names, ...pieces.filter((p) => p.trim().length > 20)] };
}

let sample: Awaited<ReturnType<typeof sampleContent>>;
let smtp: TestSmtp;
let server: LocalServer;
let stateDir: string;
let browser: Browser;
let site: BrowserContext;
let consoleContext: BrowserContext;
let phone: BrowserContext;
let page: Page;
let editor: Page;
let confirmation: ParsedMail;
let digest: ParsedMail;

const url = (p: string) => `${server.url}${p}`;

/** Notes the Vietnamese outside the sample post on the page shown now, and a `lang` other than `lang`. */
async function note(found: Found, name: string, on: Page, lang = "en"): Promise<DocumentText[]> {
  const docs = await readPage(on);
  const hits = vietnameseOnPage(docs, sample);
  if (docs[0]?.lang !== lang) hits.unshift(`<html lang="${docs[0]?.lang}">, not ${lang}`);
  addFound(found, `${name} (${new URL(on.url()).pathname})`, hits);
  return docs;
}

async function visit(found: Found, name: string, p: string, on: Page = page, lang = "en"): Promise<DocumentText[]> {
  await on.goto(url(p));
  return note(found, name, on, lang);
}

/** An email as the reader sees it: subject, the HTML part in Chromium, the text part line by line. */
async function noteEmail(found: Found, name: string, mail: ParsedMail): Promise<void> {
  await page.setContent(mail.html || "", { waitUntil: "load" });
  const docs = await readPage(page);
  const hits = vietnameseOnPage(docs, sample).map((h) => `HTML part: ${h}`);
  if (docs[0]?.lang !== "en") hits.unshift(`HTML part: <html lang="${docs[0]?.lang}">, not en`);
  const language = mail.headers.get("content-language");
  if (language !== "en") hits.unshift(`Content-Language: ${language}, not en`);
  const subject = vietnameseIn(mail.subject ?? "", sample);
  if (subject) hits.unshift(`subject: ${subject}`);
  // The sender's name is the first thing an inbox shows.
  const from = vietnameseIn(mail.from?.value[0]?.name ?? "", sample);
  if (from) hits.unshift(`From: ${from}`);
  for (const line of (mail.text ?? "").split("\n")) {
    const hit = vietnameseIn(line, sample);
    if (hit) hits.push(`text part: ${hit}`);
  }
  addFound(found, `email: ${name} (“${mail.subject}”)`, hits);
}

function noneFound(what: string, found: Found): void {
  const text = report(found);
  if (text)
    throw new Error(`${what}: Vietnamese outside the sample post, or the wrong language (page → text):\n${text}`);
}

/** A picture for docs/ at 360 px, as small as a full page allows (scale 1). */
async function screenshot(file: string, source: { url: string } | { html: string }, cookies = false): Promise<void> {
  const context = cookies ? consoleContext : phone;
  const shot = await context.newPage();
  try {
    await shot.setViewportSize({ width: 360, height: 800 });
    if ("url" in source) await shot.goto(source.url, { waitUntil: "load" });
    else await shot.setContent(source.html, { waitUntil: "load" });
    await shot.screenshot({ path: path.join(DOCS, file), fullPage: true });
  } finally {
    await shot.close();
  }
}

describe.skipIf(lacks("chromium"))("an English site (SITE_LANGUAGE=en), end to end", () => {
  beforeAll(async () => {
    sample = await sampleContent();
    smtp = await startSmtp();
    stateDir = mkdtempSync(path.join(tmpdir(), "bantin-e2e-english-"));
    [server, browser] = await Promise.all([
      startServer({ SMTP_URL: smtp.url, ...SETTINGS }, { stateDir }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
    const published = await fetch(url("/admin/posts"), {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify(POST),
    });
    if (published.status !== 201) throw new Error(`POST /admin/posts: ${published.status} ${await published.text()}`);
    site = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    consoleContext = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    phone = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1 });
    // Nothing from other sites (an email's remote pictures): pages are shown as this machine serves them.
    for (const context of [site, consoleContext, phone]) await onlyThisMachine(context);
    page = await site.newPage();
    editor = await consoleContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it("shows every page of the site in English, its dates as “13 July 2021”", async () => {
    const found: Found = new Map();
    const home = await visit(found, "home", "/");
    await visit(found, "post", `/posts/${POST.slug}`);
    await visit(found, "the Vietnamese sample post", "/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam");
    await visit(found, "tags", "/tags");
    await visit(found, "tag", "/tags/events");
    await visit(found, "digests archive, before the first", "/digests");
    await visit(found, "next digest's web edition", "/digests/1");
    await visit(found, "404", "/no-such-page");
    noneFound("site pages", found);
    const homeText = home[0]?.texts.join(" ") ?? "";
    expect(homeText).toContain("Friday, 4 December 2026");
    expect(homeText).toContain("Tuesday, 13 July 2021");
    expect(homeText).not.toContain("13/07/2021");
    await screenshot("en-home-phone.png", { url: url("/") });
    await screenshot("en-post-phone.png", { url: url(`/posts/${POST.slug}`) });
  });

  it("subscribes and confirms in English, the confirmation email too", async () => {
    const found: Found = new Map();
    await page.goto(url("/"));
    await sendForm(page, "form.subscribe", { email: READER });
    await note(found, "subscribe accepted", page);
    confirmation = await receivedFor(smtp, READER, () => true);
    await noteEmail(found, "confirmation", confirmation);
    await page.goto(tokenLink(confirmation.html || "", "confirm"));
    await note(found, "confirm (the email's link)", page);
    await sendForm(page, "main form");
    await note(found, "confirmed", page);
    noneFound("subscribing", found);
    await screenshot("en-confirmation-email-phone.png", { html: confirmation.html || "" });
  });

  it("sends digest 1 in English (“and 1 other post”), shows it on the web, and unsubscribes in English", async () => {
    const found: Found = new Map();
    const started = await fetch(url("/admin/digests"), {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}` },
    });
    expect(started.status).toBe(201);
    // The digest: it links to its web edition (the confirmation links to the preference page too).
    digest = await receivedFor(smtp, READER, (m) => (m.html || "").includes("/digests/1"));
    await noteEmail(found, "digest", digest);
    await visit(found, "digests archive", "/digests");
    await visit(found, "digest 1's web edition", "/digests/1");
    const text = await (await fetch(url("/digests/1.txt"))).text();
    addFound(
      found,
      "digest 1, text (/digests/1.txt)",
      text.split("\n").flatMap((line) => vietnameseIn(line, sample) ?? []),
    );
    await page.goto(tokenLink(digest.html || "", "unsubscribe"));
    await note(found, "unsubscribe (the email's link)", page);
    await sendForm(page, `main form[action$="/unsubscribe"]`);
    await note(found, "unsubscribed", page);
    noneFound("the digest and unsubscribing", found);
    await screenshot("en-digest-email-phone.png", { html: digest.html || "" });
    // The newest post leads; the other one is counted with English plural rules.
    expect(digest.subject).toMatch(/^County Bulletin\b/);
    expect(digest.subject).toContain(`${POST.title} and 1 other post`);
  });

  it("shows the console in English (CONSOLE_LANGUAGE follows the site)", async () => {
    const found: Found = new Map();
    await visit(found, "console sign-in", "/console", editor);
    await sendForm(editor, 'form:has([name="token"])', { token: server.adminToken });
    await note(found, "console overview", editor);
    await visit(found, "console posts", "/console/posts", editor);
    await visit(found, "console new post", "/console/posts/new", editor);
    await visit(found, "console edit post", `/console/posts/${POST.slug}`, editor);
    await visit(found, "console subscribers", "/console/subscribers", editor);
    await visit(found, "console digest", "/console/digest", editor);
    await visit(found, "console digest status", "/console/digests/1", editor);
    noneFound("console pages", found);
    await screenshot("en-console-overview-phone.png", { url: url("/console") }, true);
  });

  it("with CONSOLE_LANGUAGE=vi, speaks Vietnamese in the console alone", async () => {
    await server.stop();
    server = await startServer({ SMTP_URL: smtp.url, ...SETTINGS, CONSOLE_LANGUAGE: "vi" }, { stateDir });
    const found: Found = new Map();
    // The site stays English.
    await visit(found, "home", "/");
    await visit(found, "post", `/posts/${POST.slug}`);
    // The console is Vietnamese, from its sign-in page on: `lang="vi"`, and the words of the source
    // catalogue, as they always were.
    const viConsole = await browser.newContext();
    try {
      const vi = await viConsole.newPage();
      const consolePage = async (name: string, expected: string) => {
        const docs = await readPage(vi);
        const text = docs[0]?.texts.join(" ") ?? "";
        addFound(found, `console under CONSOLE_LANGUAGE=vi: ${name} (${new URL(vi.url()).pathname})`, [
          ...(docs[0]?.lang === "vi" ? [] : [`<html lang="${docs[0]?.lang}">, not vi`]),
          ...(text.includes(expected) ? [] : [`no “${expected}”: not the Vietnamese console`]),
        ]);
      };
      await vi.goto(url("/console"));
      await consolePage("sign-in", "Đăng nhập");
      await sendForm(vi, 'form:has([name="token"])', { token: server.adminToken });
      await consolePage("overview", "Tổng quan");
      await vi.goto(url("/console/posts"));
      await consolePage("posts", "Viết bài mới");
    } finally {
      await viConsole.close();
    }
    noneFound("CONSOLE_LANGUAGE=vi", found);
  });
});
