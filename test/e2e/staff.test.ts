// The staff story in Chromium, on one npm start and one browser (a context per person): the owner opens
// npm start's printed owner link and invites an author and an editor (their invitations taken from
// npm start's MailDev inbox); the author accepts, registers a passkey with Chromium's virtual
// authenticator, signs out and signs in with the passkey alone, and writes a draft; the editor
// publishes it; the owner sends the digest, disables the author (whose open session ends at their
// next click) and finds all of it in the audit log. A personal API token publishes with
// `npm run publish`, and after its revocation gets 401. Screenshots go to docs/staff-*.png.
//
// Passkeys need a domain as RP ID: browsers refuse WebAuthn on http://127.0.0.1 ("This is an invalid
// domain"). This npm start runs as a new user's does, with no SITE_URL: its site is then
// http://localhost:PORT (a secure context in Chromium).
// Expected duration: 90 s (test/sequencer.ts starts the longest files first).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.ts";
import { lacks, runToEnd } from "./consumers.ts";
import { postForm, tokenLink } from "./inbox.ts";
import { type LocalServer, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCS = path.join(ROOT, "docs");
const AUTHOR = { email: "tac-gia@bantin.localhost", name: "Lê Thị Tác Giả" };
const EDITOR = { email: "bien-tap@bantin.localhost", name: "Trần Văn Biên Tập" };
const READER = "doc-gia@example.org";
const TITLE = "Phường Tân Thành ra mắt tổ dân vận số";

let server: LocalServer;
let site: string;
let browser: Browser;

interface InboxMessage {
  id: string;
  subject: string;
  to: { address: string }[];
}

/** The text of the last email to `to` whose subject `match` accepts, once it has come. */
async function mailTo(to: string, match: (subject: string) => boolean): Promise<{ text: string; html: string }> {
  const message = await waitFor(`an email to ${to}`, async () => {
    const list = (await (await fetch(`${server.inboxUrl}/api/email`)).json()) as InboxMessage[];
    return list.filter((m) => m.to.some((t) => t.address === to) && match(m.subject)).at(-1);
  });
  const parsed = await simpleParser(await (await fetch(`${server.inboxUrl}/api/email/${message.id}/source`)).text());
  return { text: parsed.text ?? "", html: parsed.html || "" };
}

/** The page at 360 px and at desktop width, into docs/staff-NAME-{phone,desktop}.png. */
async function screenshots(page: Page, name: string): Promise<void> {
  const desktop = page.viewportSize() ?? { width: 1200, height: 900 };
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: path.join(DOCS, `staff-${name}-phone.png`), fullPage: true });
  await page.setViewportSize(desktop);
  await page.screenshot({ path: path.join(DOCS, `staff-${name}-desktop.png`), fullPage: true });
}

/** A person's browser: its own context (cookies) and page. */
async function personPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  return { context, page: await context.newPage() };
}

/** Accepts the invitation mailed to `to` in `page`. */
async function acceptInvitation(page: Page, to: string): Promise<void> {
  const { text } = await mailTo(to, (s) => s.startsWith("Lời mời"));
  const link = /(http:\/\/localhost:\d+\/console\/invitation\?t=[A-Za-z0-9_-]{43})/.exec(text)?.[1];
  expect(link, text).toBeTruthy();
  await page.goto(link ?? "");
  await page.getByRole("button", { name: "Nhận lời mời và vào bảng điều khiển" }).click();
  await page.waitForURL(`${site}/console`);
}

/** Runs `npm run publish` on a folder with one post, with a personal token. */
async function publishWith(token: string, dir: string) {
  const ended = await runToEnd(process.execPath, ["scripts/publish.mjs", dir], {
    cwd: ROOT,
    env: { ...process.env, SITE_URL: site, ADMIN_TOKEN: token },
    timeout: 60_000,
  });
  return { status: ended.status, output: `${ended.stdout.toString("utf8")}${ended.stderr.toString("utf8")}` };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ SITE_URL: "" }),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  site = server.url;
  expect(server.output()).toContain(`Site        ${site}/`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(lacks("chromium"))("the staff, from npm start's owner link to the audit log", () => {
  it("invites, signs in by passkey, writes, publishes, sends, disables, and finds every step on record", async () => {
    // A confirmed reader, for the digest to go to.
    expect((await postForm(`${site}/subscribe`, { email: READER })).status).toBe(200);
    const confirm = new URL(tokenLink((await mailTo(READER, (s) => s.startsWith("Xác nhận"))).html, "confirm"));
    expect((await postForm(`${site}/confirm`, { token: confirm.searchParams.get("token") ?? "" })).status).toBe(200);

    // The owner opens the link npm start printed and invites an author and an editor.
    const ownerLink = /Owner\s+(http\S+\/console\/login\/link\?t=\S+)/.exec(server.output())?.[1];
    expect(ownerLink, server.output()).toMatch(/^http:\/\/localhost:/);
    const owner = await personPage();
    await owner.page.goto(ownerLink ?? "");
    await owner.page.getByRole("button", { name: "Vào bảng điều khiển" }).click();
    await owner.page.waitForURL(`${site}/console`);
    for (const [who, role] of [
      [AUTHOR, "tác giả"],
      [EDITOR, "biên tập viên"],
    ] as const) {
      await owner.page.goto(`${site}/console/staff`);
      const form = owner.page.locator("form", { has: owner.page.getByRole("button", { name: "Gửi lời mời" }) });
      await form.getByLabel("Email").fill(who.email);
      await form.getByLabel("Họ tên").fill(who.name);
      await form.getByLabel("Vai trò").selectOption({ label: role });
      await form.getByRole("button", { name: "Gửi lời mời" }).click();
      await expect.poll(() => owner.page.textContent("main")).toContain(`Đã gửi lời mời tới ${who.email}`);
    }

    // The author accepts and registers a passkey with Chromium's virtual authenticator.
    const author = await personPage();
    const cdp = await author.context.newCDPSession(author.page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await acceptInvitation(author.page, AUTHOR.email);
    await author.page.goto(`${site}/console/sessions`);
    await author.page.getByLabel("Tên khóa truy cập").fill("Máy tính cơ quan");
    await author.page.getByRole("button", { name: "Thêm khóa truy cập" }).click();
    await author.page.waitForURL(/done=passkey-added/);
    expect(await author.page.textContent("main")).toContain("Máy tính cơ quan");
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);
    await screenshots(author.page, "sessions");

    // Signs out, and back in with the passkey alone: no address typed.
    await author.page.getByRole("button", { name: "Đăng xuất" }).click();
    await author.page.waitForURL(/\/console\/login\?signed-out/);
    const passkeyButton = author.page.getByRole("button", { name: "Đăng nhập bằng khóa truy cập" });
    await passkeyButton.waitFor({ state: "visible" });
    await screenshots(author.page, "sign-in");
    await passkeyButton.click();
    await author.page.waitForURL(`${site}/console`);
    expect(await author.page.textContent("p.who")).toContain(AUTHOR.name);

    // Writes a draft; cannot send.
    await author.page.goto(`${site}/console/posts/new`);
    await author.page.getByLabel("Tiêu đề").fill(TITLE);
    await author.page.getByLabel("Tác giả").fill(AUTHOR.name);
    await author.page.getByLabel("Nội dung").fill("Tổ dân vận số giúp người dân làm thủ tục trực tuyến.");
    await author.page.getByRole("button", { name: "Lưu nháp" }).click();
    await author.page.waitForURL(/done=draft/);
    const postUrl = author.page.url().split("?")[0] ?? "";
    expect(await author.page.getByRole("button", { name: "Xuất bản ngay" }).count()).toBe(0);
    const send = await author.page.goto(`${site}/console/digest/send`);
    expect(send?.status()).toBe(403);

    // The editor accepts and publishes it.
    const editor = await personPage();
    await acceptInvitation(editor.page, EDITOR.email);
    await editor.page.goto(postUrl);
    await editor.page.getByRole("button", { name: "Xuất bản ngay" }).click();
    await editor.page.waitForURL(/done=published/);
    expect(await (await fetch(`${site}/rss.xml`)).text()).toContain(TITLE);

    // A personal API token publishes with npm run publish, and after its revocation gets 401.
    await editor.page.goto(`${site}/console/tokens`);
    await editor.page.getByLabel("Tên mã").fill("CI");
    await editor.page.getByRole("button", { name: "Tạo mã" }).click();
    const token = (await editor.page.locator("main code").textContent()) ?? "";
    expect(token).toMatch(/^bantin_pat_/);
    const dir = mkdtempSync(path.join(tmpdir(), "bantin-staff-posts-"));
    try {
      writeFileSync(
        path.join(dir, "tin-tu-script.md"),
        "---\ntitle: Tin đăng bằng mã cá nhân\nauthor: Trần Văn Biên Tập\npublished: 2021-08-02T09:00:00+07:00\n---\nNội dung.\n",
      );
      const published = await publishWith(token, dir);
      expect(published.status, published.output).toBe(0);
      expect(published.output).toContain("1 post: 1 created");
      await editor.page.getByRole("button", { name: "Thu hồi" }).click();
      await editor.page.waitForURL(/done=revoked/);
      const refused = await publishWith(token, dir);
      expect(refused.status, refused.output).not.toBe(0);
      const revoked = await fetch(`${site}/admin/posts`, { headers: { Authorization: `Bearer ${token}` } });
      expect(revoked.status).toBe(401);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The owner sends the digest.
    await owner.page.goto(`${site}/console/digest`);
    await owner.page.getByRole("link", { name: "Gửi ngay…" }).click();
    await owner.page.getByRole("button", { name: "Gửi tới 1 người" }).click();
    await owner.page.waitForURL(`${site}/console/digests/1`);
    await expect
      .poll(() => owner.page.textContent("main"), { timeout: 60_000, interval: 1000 })
      .toMatch(/1\/1 \(\s*100 %\) · đã xong/);
    expect((await mailTo(READER, (s) => s.startsWith("Bản tin Dân vận số 1"))).html).toContain(TITLE);

    // Disables the author: their open session ends at their next click.
    await author.page.goto(`${site}/console`);
    await owner.page.goto(`${site}/console/staff`);
    await owner.page
      .getByRole("row", { name: new RegExp(AUTHOR.name) })
      .getByRole("button", { name: "Khóa" })
      .click();
    await owner.page.waitForURL(/done=disabled/);
    await screenshots(owner.page, "people");
    await author.page.getByRole("link", { name: "Bài viết" }).click();
    await author.page.waitForURL(/\/console\/login\?next=/);

    // Every step is in the audit log, each by the person who did it.
    await owner.page.goto(`${site}/console/audit`);
    const rows = await owner.page.locator("main table tbody tr").allTextContents();
    const recorded = (who: string, ...what: string[]) =>
      rows.some((row) => row.includes(who) && what.every((w) => row.includes(w)));
    const steps: [string, ...string[]][] = [
      ["owner@bantin.localhost", "Đăng nhập", "Bằng liên kết do npm start in ra"],
      ["owner@bantin.localhost", "Mời người", AUTHOR.email],
      ["owner@bantin.localhost", "Mời người", EDITOR.email],
      [AUTHOR.email, "Đăng nhập", "Bằng cách nhận lời mời"],
      [AUTHOR.email, "Đăng ký khóa truy cập", "Khóa truy cập “Máy tính cơ quan”"],
      [AUTHOR.email, "Đăng xuất"],
      [AUTHOR.email, "Đăng nhập", "Khóa truy cập “Máy tính cơ quan”"],
      [AUTHOR.email, "Lưu nháp", TITLE],
      [EDITOR.email, "Xuất bản", TITLE],
      [EDITOR.email, "Tạo khóa API"],
      ["CI", "Xuất bản", "Tin đăng bằng mã cá nhân"],
      [EDITOR.email, "Thu hồi khóa API"],
      ["owner@bantin.localhost", "Gửi bản tin"],
      ["owner@bantin.localhost", "Khóa tài khoản", AUTHOR.email],
    ];

    for (const [who, ...what] of steps)
      expect(recorded(who, ...what), `${who}: ${what.join(", ")}\n${rows.join("\n")}`).toBe(true);
    await screenshots(owner.page, "audit");
  }, 420_000);
});
