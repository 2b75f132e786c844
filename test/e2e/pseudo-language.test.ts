// No hard-coded words (issue 18): `npm start` with SITE_LANGUAGE=en-XA, the pseudo-language in which
// every message of the catalogues and every formatted date and number reads ⟦…⟧ with accented
// letters. Chromium visits every page of the site and of the console (signed in, forms sent with
// their errors shown), and any letter a person can read outside the brackets is a word no catalogue
// holds. The post it publishes is written inside ⟦…⟧, so content passes as it is; what cannot be
// bracketed (addresses, a CSV's bad row, proper names such as RSS) is ALLOWED. Both emails, and the
// test copy of the digest, are read as a real SMTP server received them: subject, HTML and text.
// A failure lists every offending text under the page or email it is on.
// Expected duration: 70 s (test/sequencer.ts starts the longest files first).
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { readPosts } from "../../scripts/content.mjs";
import { untranslatedInHtml, untranslatedInText } from "../untranslated.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.ts";
import { lacks } from "./consumers.ts";
import { tokenLink } from "./inbox.ts";
import { type LocalServer, startServer } from "./server.ts";
import { receivedFor, startSmtp, type TestSmtp, waitFor } from "./smtp.ts";
import {
  addFound,
  type DocumentText,
  type Found,
  readPage,
  report,
  sendForm,
  untranslatedOnPage,
  withoutUrls,
} from "./visible-text.ts";

const SITE_TITLE = "⟦Pseudo Bulletin⟧";
const READER = "reader@example.org";
const TESTER = "tester@example.org";
const IMPORTED = "imported@example.org";
const BOUNCED = "bounced@example.org";
const BAD_ADDRESS = "not-an-address";
const BAD_ROW = "no-at-sign";
const POST = {
  title: "⟦County fair opens on Saturday⟧",
  slug: "county-fair",
  author: "⟦Ada Lovelace⟧",
  summary: "⟦Stalls, music and a parade.⟧",
  tags: ["⟦Fairs⟧"],
  language: "en",
  published: "2026-11-20T09:00:00+07:00",
  markdown:
    "⟦The county fair opens on Saturday at nine.⟧\n\n## ⟦Programme⟧\n\n⟦A parade at noon, music until late.⟧\n\n" +
    "## ⟦Getting there⟧\n\n⟦Buses every ten minutes from the square.⟧\n",
};
const TAG_PATH = "/tags/fairs";
/** Published and withdrawn at once: its 410 page and its console page in the withdrawn state. */
const WITHDRAWN = {
  title: "⟦Road closed for the fair⟧",
  slug: "road-closed",
  author: "⟦Ada Lovelace⟧",
  published: "2026-11-19T09:00:00+07:00",
  markdown: "⟦The high street is closed on Saturday.⟧\n",
};
/** Letters only the pseudo-language writes (src/i18n/pseudo.ts), neither English nor Vietnamese ones. */
const PSEUDO_ACCENTS = /[ëïöüÿçñšžÎÖÛÇÑŠŽ]/;
/** Subscriptions sent until the client is refused (the rate-limited page). */
const BURNT = Array.from({ length: 30 }, (_, i) => `burn-${i}@example.org`);

/** The sample post npm start publishes (content/posts): withdrawn at once, so it shows only as a row of the console's list. */
const [sample] = await readPosts(path.resolve(import.meta.dirname, "../../content/posts"));
const SAMPLE = sample?.input as { slug: string; title: string; author: string; tags: string[] } | undefined;

/**
 * What may stand outside the brackets: text the test wrote that cannot be bracketed, and the proper
 * names the brief lets stay literal (file names of the OPML lists among them).
 */
const ALLOWED = [
  READER,
  TESTER,
  IMPORTED,
  BOUNCED,
  BAD_ADDRESS,
  BAD_ROW,
  "other@example.org",
  "late@example.org",
  ...BURNT,
  // The contact address of the emails' footer (MAIL_FROM's default).
  "bantin@localhost",
  POST.slug,
  WITHDRAWN.slug,
  ...(SAMPLE ? [SAMPLE.title, SAMPLE.author, SAMPLE.slug, ...SAMPLE.tags] : []),
  "feeds-rss.opml",
  "feeds-json.opml",
  "feeds.opml",
  "JSON Feed",
  "RSS",
  "Atom",
  "OPML",
  "WebSub",
  "CSV",
  "bantin",
];

let smtp: TestSmtp;
let server: LocalServer;
let browser: Browser;
let site: BrowserContext;
let consoleContext: BrowserContext;
let page: Page;
let editor: Page;

const url = (path: string) => `${server.url}${path}`;

function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url(path), {
    ...init,
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
  });
}

/** Reads what the page shows now (retrying while a meta refresh reloads it) and notes what no catalogue holds. */
async function note(found: Found, name: string, on: Page): Promise<void> {
  let docs: DocumentText[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      docs = await readPage(on);
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await on.waitForLoadState("load");
    }
  }
  const hits = untranslatedOnPage(docs, ALLOWED);
  const lang = docs[0]?.lang;
  if (lang !== "en-XA") hits.unshift(`<html lang="${lang}">, not en-XA`);
  // A blank or broken page would pass: every page says something from the catalogue.
  if (!docs[0]?.texts.some((t) => PSEUDO_ACCENTS.test(t))) hits.unshift("no text from the catalogue at all");
  const { pathname, search } = new URL(on.url());
  addFound(found, `${name} (${pathname}${search.replace(/token=[^&]+/, "token=…")})`, hits);
}

async function visit(found: Found, name: string, path: string, on: Page = page): Promise<void> {
  await on.goto(url(path));
  await note(found, name, on);
}

function noteEmail(found: Found, name: string, mail: ParsedMail): void {
  const html = mail.html || "";
  const lang = /<html[^>]*\slang="([^"]*)"/i.exec(html)?.[1];
  addFound(found, `email: ${name} (“${mail.subject}”)`, [
    ...(lang === "en-XA" ? [] : [`<html lang="${lang}">, not en-XA`]),
    ...(PSEUDO_ACCENTS.test(html) ? [] : ["no text from the catalogue at all"]),
    // The sender's name is the first thing an inbox shows: the site's title, bracketed here.
    ...untranslatedInText(mail.from?.value[0]?.name ?? "", ALLOWED).map((h) => `From: ${h}`),
    ...untranslatedInText(mail.subject ?? "", ALLOWED).map((h) => `subject: ${h}`),
    ...untranslatedInHtml(withoutUrls(html), ALLOWED).map((h) => `HTML part: ${h}`),
    ...untranslatedInText(withoutUrls(mail.text ?? ""), ALLOWED).map((h) => `text part: ${h}`),
  ]);
}

/** Fails with the list the lead finishes the conversions from. */
function noneFound(what: string, found: Found): void {
  const text = report(found);
  if (!text) return;
  const count = new Set([...found.values()].flat()).size;
  throw new Error(`${what}: ${count} texts no catalogue holds (page → text outside ⟦…⟧):\n${text}`);
}

describe.skipIf(lacks("chromium"))("the pseudo-language en-XA, in Chromium and in the mail", () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    [server, browser] = await Promise.all([
      startServer({
        SMTP_URL: smtp.url,
        SITE_LANGUAGE: "en-XA",
        SITE_TITLE,
        SITE_DESCRIPTION: "⟦News of the county, by web, feed and email.⟧",
      }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
    if (SAMPLE) {
      const withdrawn = await admin(`/admin/posts/${SAMPLE.slug}`, { method: "DELETE" });
      if (withdrawn.status !== 200) throw new Error(`withdrawing the sample post: ${withdrawn.status}`);
    }
    for (const post of [WITHDRAWN, POST]) {
      const published = await admin("/admin/posts", { method: "POST", body: JSON.stringify(post) });
      if (published.status !== 201) throw new Error(`POST /admin/posts: ${published.status} ${await published.text()}`);
    }
    const withdrawn = await admin(`/admin/posts/${WITHDRAWN.slug}`, { method: "DELETE" });
    if (withdrawn.status !== 200) throw new Error(`withdrawing ${WITHDRAWN.slug}: ${withdrawn.status}`);
    site = await browser.newContext({
      viewport: { width: 1000, height: 900 },
      // For the admin API's status page, which a browser opens with the token as a Basic password.
      httpCredentials: { username: "editor", password: server.adminToken },
    });
    consoleContext = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    page = await site.newPage();
    editor = await consoleContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it("shows no word outside ⟦…⟧ on the site's pages", async () => {
    const found: Found = new Map();
    await visit(found, "home", "/");
    await visit(found, "post", `/posts/${POST.slug}`);
    await visit(found, "tags", "/tags");
    await visit(found, "tag", TAG_PATH);
    await visit(found, "digests archive, nothing sent yet", "/digests");
    await visit(found, "next digest's web edition, not sent yet", "/digests/1");
    await visit(found, "404", "/no-such-page");
    await visit(found, "410 (withdrawn post)", `/posts/${WITHDRAWN.slug}`);
    noneFound("site pages", found);
  });

  it("shows no word outside ⟦…⟧ while subscribing, confirming, or failing to, nor in the confirmation email", async () => {
    const found: Found = new Map();
    await page.goto(url("/"));
    await sendForm(page, "form.subscribe", { email: BAD_ADDRESS });
    await note(found, "subscribe with a bad address (error shown)", page);
    await sendForm(page, "form.subscribe", { email: READER });
    await note(found, "subscribe accepted", page);

    const confirmation = await receivedFor(smtp, READER);
    noteEmail(found, "confirmation", confirmation);
    await page.goto(tokenLink(confirmation.html || "", "confirm"));
    await note(found, "confirm (the email's link: a page with a button)", page);
    await sendForm(page, "main form");
    await note(found, "confirmed", page);
    await visit(found, "bad token", "/confirm?token=not-a-token");
    await visit(found, "bad token", "/unsubscribe?token=not-a-token");

    // Every client has a few subscriptions in a few minutes; the rest are refused with a page.
    for (const email of BURNT) {
      const res = await fetch(url("/subscribe"), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email }),
      });
      await res.body?.cancel();
      if (res.status === 429) break;
    }
    await page.goto(url("/"));
    await sendForm(page, "form.subscribe", { email: "late@example.org" });
    await note(found, "subscribe rate-limited", page);
    noneFound("subscription pages and the confirmation email", found);
  });

  it("shows no word outside ⟦…⟧ anywhere in the console, signed in, with every form's errors", async () => {
    const found: Found = new Map();
    // Signing in, wrongly first.
    await visit(found, "console sign-in", "/console", editor);
    await sendForm(editor, 'form:has([name="token"])', { token: "wrong-token-of-the-right-length-0123" });
    await note(found, "console sign-in, wrong token", editor);
    await sendForm(editor, 'form:has([name="token"])', { token: server.adminToken });
    await note(found, "console overview", editor);

    // Posts: the list, the forms with their errors, the preview, every saved notice.
    await visit(found, "console posts", "/console/posts", editor);
    await visit(found, "console posts, none found", "/console/posts?q=zzzz&state=draft", editor);
    await visit(found, "console new post", "/console/posts/new", editor);
    await Promise.all([
      editor.waitForResponse((r) => r.url().endsWith("/console/frame/post") && r.request().method() === "POST"),
      editor.locator('button[formtarget="preview"]').click(),
    ]);
    await note(found, "console new post, preview of an empty form (its errors)", editor);
    await sendForm(editor, "main form", {}, 'button[name="action"][value="draft"]');
    await note(found, "console new post, saved empty (errors shown)", editor);
    await sendForm(
      editor,
      "main form",
      { title: "⟦A second post⟧", slug: POST.slug, author: "⟦Ada⟧", markdown: "⟦Text.⟧" },
      'button[name="action"][value="publish"]',
    );
    await note(found, "console new post, slug taken (conflict shown)", editor);
    await visit(found, "console edit post", `/console/posts/${POST.slug}`, editor);
    await Promise.all([
      editor.waitForResponse((r) => r.url().endsWith("/console/frame/post") && r.request().method() === "POST"),
      editor.locator('button[formtarget="preview"]').click(),
    ]);
    await note(found, "console edit post, preview", editor);
    for (const done of ["draft", "scheduled", "published", "restored", "updated", "unchanged", "withdrawn"]) {
      await visit(
        found,
        `console edit post, saved notice “${done}”`,
        `/console/posts/${POST.slug}?done=${done}`,
        editor,
      );
    }
    await visit(found, "console withdraw confirmation", `/console/posts/${POST.slug}/withdraw`, editor);
    await visit(found, "console withdrawn post", `/console/posts/${WITHDRAWN.slug}`, editor);
    await visit(found, "console unknown post (404)", "/console/posts/no-such-post", editor);

    // Subscribers: imports (done, bad rows, header only, unticked), a suppressed address, search, notices.
    await visit(found, "console subscribers", "/console/subscribers", editor);
    const importCsv = async (name: string, csv: string, tick: boolean) => {
      await editor.goto(url("/console/subscribers"));
      const form = editor.locator('form[action$="/console/subscribers/import"]');
      await form.locator('input[name="file"]').setInputFiles({
        name: "list.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
      if (tick) {
        await form.locator('input[name="attest"]').check();
        await form.locator('input[name="confirmed"]').check();
      }
      await sendForm(editor, 'form[action$="/console/subscribers/import"]');
      await note(found, name, editor);
    };
    await importCsv("console import, done", `email\n${IMPORTED}\n${BOUNCED}\n${IMPORTED}\n${READER}\n`, true);
    await importCsv("console import, row errors", `email\n${BAD_ROW}\nother@example.org\n`, true);
    await importCsv("console import, header only", "email\n", true);
    await importCsv("console import, consent not ticked", `email\n${IMPORTED}\n`, false);
    const suppressed = await admin("/admin/suppressions", {
      method: "POST",
      body: JSON.stringify({ email: BOUNCED, type: "bounce" }),
    });
    if (suppressed.status !== 200) throw new Error(`POST /admin/suppressions: ${suppressed.status}`);
    await visit(found, "console subscribers, with a suppressed address", "/console/subscribers", editor);
    await visit(found, "console subscriber (search)", `/console/subscribers?q=${encodeURIComponent(READER)}`, editor);
    await visit(found, "console subscribers, none found", "/console/subscribers?q=nobody&status=pending", editor);
    for (const done of ["lifted", "not-suppressed", "erased", "not-found"]) {
      await visit(found, `console subscribers, notice “${done}”`, `/console/subscribers?done=${done}`, editor);
    }
    await visit(
      found,
      "console erase confirmation",
      `/console/subscribers/erase?email=${encodeURIComponent(IMPORTED)}`,
      editor,
    );

    // The digest: its page with both previews, test sends (done, refused), sending, its status.
    await visit(found, "console digest", "/console/digest", editor);
    await sendForm(editor, 'form[action$="/console/digest/test"]', { to: BAD_ADDRESS });
    await note(found, "console test send, bad address", editor);
    await sendForm(editor, 'form[action$="/console/digest/test"]', { to: TESTER });
    await note(found, "console test send result", editor);
    noteEmail(found, "the digest's test copy", await receivedFor(smtp, TESTER));
    await visit(found, "console send confirmation", "/console/digest/send", editor);
    await sendForm(editor, 'main form[action$="/console/digest/send"]');
    await note(found, "console digest status, sending", editor);
    await waitFor("the digest to be sent", async () => {
      const status = (await (await admin("/admin/digests/1")).json()) as { state?: string };
      return status.state === "done" ? true : undefined;
    });
    await visit(found, "console digest status, sent", "/console/digests/1", editor);
    await visit(found, "the admin API's digest status page (Basic auth)", "/admin/digests/1/status");
    await visit(found, "console digest, nothing new", "/console/digest", editor);
    await visit(found, "console digest, notice “nothing-new”", "/console/digest?done=nothing-new", editor);
    await visit(found, "console digest, notice “taken”", "/console/digest?done=taken", editor);
    await visit(found, "console overview, after a digest", "/console", editor);

    // Refusals: a form that did not come from this session, and one sent after signing out.
    await visit(found, "console new post", "/console/posts/new", editor);
    await editor.evaluate(`document.querySelector('main input[name="_csrf"]').value = "forged"`);
    await sendForm(editor, "main form", {}, 'button[name="action"][value="draft"]');
    await note(found, "console refused (CSRF)", editor);
    const stale = await consoleContext.newPage();
    await stale.goto(url("/console/posts/new"));
    await editor.goto(url("/console"));
    await sendForm(editor, 'form[action$="/console/logout"]');
    await note(found, "console sign-in, signed out", editor);
    await sendForm(stale, "main form", {}, 'button[name="action"][value="draft"]');
    await note(found, "console refused (signed out)", stale);
    noneFound("console pages", found);
  });

  it("shows no word outside ⟦…⟧ in the digest, its web edition, or unsubscribing", async () => {
    const found: Found = new Map();
    // The digest: it links to its web edition (the confirmation links to the preference page too).
    const digest = await receivedFor(smtp, READER, (m) => (m.html || "").includes("/digests/1"));
    noteEmail(found, "digest", digest);
    await visit(found, "digests archive", "/digests");
    await visit(found, "digest web edition", "/digests/1");
    const text = await (await fetch(url("/digests/1.txt"))).text();
    addFound(found, "digest web edition, text (/digests/1.txt)", untranslatedInText(withoutUrls(text), ALLOWED));
    await page.goto(tokenLink(digest.html || "", "unsubscribe"));
    await note(found, "unsubscribe (the email's link: a page with a button)", page);
    await sendForm(page, `main form[action$="/unsubscribe"]`);
    await note(found, "unsubscribed", page);
    noneFound("the digest and unsubscribing", found);
  });
});
