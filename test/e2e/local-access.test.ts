// What `npm start` lets in on this machine. It refuses an ADMIN_TOKEN shorter than 32 characters;
// without one it keeps a development token in the state folder and prints a sign-in link that signs
// the editor in with one press, no script, and again after a restart; the owner it makes signs in
// once with the link it prints; its site is http://localhost:PORT (a page opened at 127.0.0.1 is sent
// there, where signing in works); and a web page cannot make it run a cron
// (wrangler's /__scheduled is not exposed, and the Worker ignores the scheduled events wrangler dev
// makes of requests to /cdn-cgi/local/scheduled: the sweep goes through POST /admin/maintenance).
// Expected duration: 70 s (test/sequencer.ts starts the longest files first).
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.ts";
import { lacks } from "./consumers.ts";
import { postForm, tokenLink } from "./inbox.ts";
import { type LocalServer, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

const stateDir = mkdtempSync(path.join(tmpdir(), "bantin-local-access-"));
// No ADMIN_TOKEN and no SITE_URL: npm start's development token and its own site address.
const NO_TOKEN = { ADMIN_TOKEN: "", SITE_URL: "" };
let server: LocalServer;
let browser: Browser;

/** The sign-in link of npm start's banner. */
function signInLink(output: string): URL {
  const link = /Console\s+(http\S+\/console\/login\?token=\S+)/.exec(output)?.[1];
  if (!link) throw new Error(`no sign-in link in the banner:\n${output}`);
  return new URL(link);
}
const tokenOf = (server: LocalServer) => signInLink(server.output()).searchParams.get("token") ?? "";

interface InboxMessage {
  id: string;
  subject: string;
}
const inbox = async () => (await (await fetch(`${server.inboxUrl}/api/email`)).json()) as InboxMessage[];

beforeAll(async () => {
  server = await startServer(NO_TOKEN, { stateDir, detached: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.killAll("SIGKILL").catch(() => {});
  rmSync(stateDir, { recursive: true, force: true });
});

describe("npm start's ADMIN_TOKEN", () => {
  it("is refused when shorter than 32 characters, before anything starts, saying why", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bantin-short-token-"));
    try {
      const outcome = await startServer({ ADMIN_TOKEN: "short-token-of-31-characters-xx" }, { stateDir: dir }).then(
        async (started) => `started (${await started.stop()})`,
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/exited with 1/);
      expect(outcome).toMatch(
        /ADMIN_TOKEN must be at least 32 characters long \(this one has 31\): choose a longer one/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says in one line, before anything else, that a language without a catalogue falls back to English", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bantin-language-"));
    try {
      // The short token stops npm start right after its checks: the warning comes before it.
      const outcome = await startServer(
        { ADMIN_TOKEN: "short-token-of-31-characters-xx", SITE_LANGUAGE: "fr", CONSOLE_LANGUAGE: "vi" },
        { stateDir: dir },
      ).then(
        async (started) => `started (${await started.stop()})`,
        (error: Error) => error.message,
      );
      const lines = outcome.split("\n").filter((line) => line.includes("no catalogue"));
      expect(lines).toEqual([
        expect.stringMatching(
          /^bantin: SITE_LANGUAGE=fr: bantin has no catalogue for this language, so its words are in English \(supported: vi, en\)\.$/,
        ),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is kept in the state folder when none is given: 0600, 32 characters or more, the one in the link", () => {
    const file = path.join(stateDir, "bantin-admin-token");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const kept = readFileSync(file, "utf8").trim();
    expect(kept.length).toBeGreaterThanOrEqual(32);
    expect(tokenOf(server)).toBe(kept);
    expect(server.output()).toContain(`ADMIN_TOKEN ${kept}`);
  });
});

describe.skipIf(lacks("chromium"))("the console in a browser without script", () => {
  it("signs in from the printed link with one press", async () => {
    const link = signInLink(server.output());
    expect(link.origin).toBe(server.url);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link.href);
    await expect(page.getByLabel("Mã quản trị (ADMIN_TOKEN)").inputValue()).resolves.toBe(tokenOf(server));
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${server.url}/console`);
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).toBeTruthy();
    await context.close();
  });

  it("signs the owner it made in from the printed owner link, with one press, once", async () => {
    const link = /Owner\s+(http\S+\/console\/login\/link\?t=\S+)\s+\(owner@bantin\.localhost, just made/.exec(
      server.output(),
    )?.[1];
    expect(link, server.output()).toBeTruthy();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link ?? "");
    await page.getByRole("button", { name: "Vào bảng điều khiển" }).click();
    await page.waitForURL(`${server.url}/console`);
    expect(await page.textContent("p.who")).toContain("chủ trang");
    await page.goto(link ?? "");
    expect(await page.getByRole("alert").textContent()).toContain("đã được dùng");
    await context.close();
  });

  it("serves its site at localhost and sends a page opened at 127.0.0.1 there, where signing in works", async () => {
    const port = new URL(server.url).port;
    expect(server.output()).toContain(`Site        http://localhost:${port}/`);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // The sign-in page itself, as a bookmark or a typed address would open it.
    await page.goto(`http://127.0.0.1:${port}/console/login`);
    expect(page.url()).toBe(`${server.url}/console/login`);
    await page.getByLabel("Mã quản trị (ADMIN_TOKEN)").fill(tokenOf(server));
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${server.url}/console`);
    await context.close();
  });
});

describe("/__scheduled and wrangler dev's /cdn-cgi/local/scheduled", () => {
  it("runs no cron for a web page or anyone else: no digest is composed and nothing is sent", async () => {
    // A confirmed subscriber, who would get digest 1 if a cron ran.
    expect((await postForm(`${server.url}/subscribe`, { email: "doc-gia@example.org" })).status).toBe(200);
    const confirmation = await waitFor("the confirmation email", async () => (await inbox())[0]);
    const source = await (await fetch(`${server.inboxUrl}/api/email/${confirmation.id}/source`)).text();
    const link = tokenLink((await simpleParser(source)).html || "", "confirm");
    const token = new URL(link).searchParams.get("token") ?? "";
    expect((await postForm(`${server.url}/confirm`, { token })).status).toBe(200);

    const cron = `${server.url}/__scheduled?cron=0+1+*+*+1`;
    const plain = await fetch(cron);
    expect(plain.status).toBe(404);
    const fromImage = await fetch(cron, {
      headers: { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image" },
    });
    expect(fromImage.status).toBe(404);
    // wrangler dev answers these itself, before the Worker, with a scheduled event ("ok"), whatever
    // its options: the Worker must ignore what comes of them under npm start.
    const wranglers = ["/cdn-cgi/local/scheduled", "/cdn-cgi/mf/scheduled"].map(
      (p) => `${server.url}${p}?cron=0+1+*+*+1`,
    );
    for (const url of wranglers) await (await fetch(url)).body?.cancel();
    if (!lacks("chromium")) {
      // The attack: an <img> on a page of another site.
      const page = await browser.newPage();
      await page.setContent([cron, ...wranglers].map((u) => `<img src="${u}">`).join(""), { waitUntil: "load" });
      await page.close();
    }
    // A digest would have been composed and mailed within a second or two.
    await new Promise((r) => setTimeout(r, 3000));
    const digest = await fetch(`${server.url}/admin/digests/1`, {
      headers: { Authorization: `Bearer ${tokenOf(server)}` },
    });
    expect(digest.status).toBe(404);
    expect((await inbox()).map((m) => m.subject)).toEqual([confirmation.subject]);
  });
});

describe("a restart on the same data", () => {
  it("keeps the development token: the same link, and the editor is still signed in", async () => {
    const token = tokenOf(server);
    const page = await fetch(`${server.url}/console/login`);
    const form = /name="_form" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const signedIn = await fetch(`${server.url}/console/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, _form: form }).toString(),
      redirect: "manual",
    });
    expect(signedIn.status).toBe(303);
    const cookie = (signedIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";

    expect(await server.stop()).toBe(0);
    server = await startServer(NO_TOKEN, { stateDir, detached: true });
    expect(tokenOf(server)).toBe(token);
    const opened = await fetch(`${server.url}/console`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(opened.status).toBe(200);
  });
});
