// The console as an editor uses it: `npm start`, then only Debian's Chromium (playwright-core,
// which downloads no browser). Sign in with the printed token, write a post in Vietnamese, preview,
// publish, find it in /rss.xml, import a CSV, send a test digest and find it in the local inbox,
// send the digest and watch it reach 100 %, sign out; a page on another origin cannot make the
// signed-in browser publish or send. Every console page passes the checks every other page passes:
// console-contrast.test.ts (contrast in four modes, 360 px) and console-markup.test.ts
// (html-validate, labels, a visible keyboard focus), each beside this file with a server of its own.
// Expected duration: 35 s (test/sequencer.ts starts the longest files first).
import { createServer, type Server } from "node:http";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.ts";
import { lacks } from "./consumers.ts";
import { freePort, type LocalServer, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

const TITLE = "Xã Tân Thành ra mắt mô hình “Dân vận khéo” về chuyển đổi số";
const MARKDOWN = [
  "Chiều 28/11, Đảng ủy xã Tân Thành tổ chức ra mắt mô hình “Dân vận khéo” hỗ trợ người dân làm thủ tục trực tuyến.",
  "",
  "## Cách làm",
  "",
  "Mỗi thôn có một tổ công nghệ số cộng đồng. Đoàn viên thanh niên hướng dẫn người cao tuổi sử dụng điện thoại thông minh.",
  "",
  "## Kết quả bước đầu",
  "",
  "Sau một tháng, 1.240 hồ sơ đã được nộp trực tuyến. Người dân không phải đi lại nhiều lần.",
].join("\n");
const READERS = ["ong.ba@example.org", "chi.hai@example.org"];
const TESTER = "bien-tap@example.org";

interface InboxMessage {
  id: string;
  subject: string;
  to: { address: string }[];
}

let server: LocalServer;
let browser: Browser;
let attacker: Server;
let attackerUrl = "";

async function inbox(): Promise<InboxMessage[]> {
  return (await (await fetch(`${server.inboxUrl}/api/email`)).json()) as InboxMessage[];
}

async function signInInBrowser(page: Page): Promise<void> {
  await page.goto(`${server.url}/console`);
  expect(new URL(page.url()).pathname).toBe("/console/login");
  await page.getByLabel("Mã quản trị (ADMIN_TOKEN)").fill(server.adminToken);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${server.url}/console`);
}

const rss = async () => (await fetch(`${server.url}/rss.xml`)).text();

describe.skipIf(lacks("chromium"))("the console in Chromium", () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // Another origin on the same host (another port): the same "site", so a SameSite=Strict cookie
    // still goes with its requests.
    const port = await freePort();
    attackerUrl = `http://127.0.0.1:${port}`;
    attacker = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><body>
        <form method="post" action="${server.url}/console/posts/new">
          <input type="hidden" name="title" value="Tin giả từ trang khác">
          <input type="hidden" name="author" value="Kẻ giả mạo">
          <input type="hidden" name="date" value="2026-11-01T08:00">
          <input type="hidden" name="offset" value="+07:00">
          <input type="hidden" name="markdown" value="Nội dung giả.">
          <input type="hidden" name="action" value="publish">
          <input type="hidden" name="_csrf" value="guessed-token">
          <button id="publish">Xem ảnh đẹp</button>
        </form>
        <form method="post" action="${server.url}/console/digest/send">
          <button id="send">Nhận quà</button>
        </form>
      </body></html>`);
    });
    await new Promise<void>((resolve) => attacker.listen(port, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await server?.stop();
  });

  it("lets an editor write, preview, publish, import, test, send and watch a digest, then sign out, in the browser alone", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await signInInBrowser(page);

      // Write a post in Vietnamese, preview it, keep it as a draft: readers see nothing yet.
      await page.getByRole("link", { name: "Viết bài mới" }).first().click();
      await page.getByLabel("Tiêu đề").fill(TITLE);
      await page.getByLabel("Tác giả").fill("Hoàng Minh Đức");
      await page.getByLabel("Chủ đề").fill("Dân vận khéo, Chuyển đổi số");
      await page.getByLabel("Nội dung").fill(MARKDOWN);
      await page.getByRole("button", { name: "Xem trước" }).click();
      const preview = page.frame({ name: "preview" });
      // The frame navigates to the preview; its content cannot be read mid-navigation.
      const previewHtml = () => preview?.content().catch(() => "") ?? Promise.resolve("");
      await waitFor("the preview", async () =>
        (await previewHtml()).includes(`<h1>${TITLE}</h1>`) ? true : undefined,
      );
      expect(await previewHtml()).toContain("1.240 hồ sơ");
      await page.getByRole("button", { name: "Lưu nháp" }).click();
      await page.waitForURL(/done=draft/);
      expect(await rss()).not.toContain("Tân Thành");
      // The sections now have their key-points boxes.
      await page.getByLabel("Kết quả bước đầu").fill("1.240 hồ sơ nộp trực tuyến sau một tháng");
      await page.getByRole("button", { name: "Xuất bản ngay" }).click();
      await page.waitForURL(/done=published/);
      expect(await rss()).toContain(TITLE.replace("“", "“"));

      // Import two readers who confirmed elsewhere.
      await page.getByRole("link", { name: "Người đăng ký" }).click();
      await page.getByLabel("Tệp CSV", { exact: true }).setInputFiles({
        name: "ban-doc.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`email\n${READERS.join("\n")}\n`),
      });
      await page.getByLabel("Tôi xác nhận những người này đã đồng ý nhận bản tin.").check();
      await page.getByLabel(/Họ đã xác nhận ở nơi khác/).check();
      await page.getByRole("button", { name: "Nhập" }).click();
      await expect.poll(() => page.textContent("main")).toContain("Đã nhập 2 địa chỉ mới từ 2 dòng");

      // The next digest at phone and desktop width; a test copy to one address.
      await page.getByRole("link", { name: "Bản tin", exact: true }).click();
      const frames = page.locator("iframe");
      await expect.poll(() => frames.count()).toBe(2);
      const digestFrames = () => page.frames().filter((f) => f.url().endsWith("/console/frame/digest"));
      await expect.poll(() => digestFrames().length).toBe(2);
      for (const frame of digestFrames()) {
        await frame.waitForLoadState();
        expect(await frame.content()).toContain(TITLE);
      }
      await page.getByLabel("Gửi thử tới một địa chỉ").fill(TESTER);
      await page.getByRole("button", { name: "Gửi thử" }).click();
      await expect.poll(() => page.textContent("main")).toContain(`Đã gửi bản thử tới ${TESTER}`);
      const test = await waitFor("the test copy", async () => (await inbox()).find((m) => m.to[0]?.address === TESTER));
      expect(test.subject).toMatch(/^\[Thử\] Bản tin Dân vận số 1: /);
      // A test is not a delivery: no digest exists yet.
      const noDigest = await fetch(`${server.url}/admin/digests/1`, {
        headers: { Authorization: `Bearer ${server.adminToken}` },
      });
      expect(noDigest.status).toBe(404);

      // Send it, after a confirmation that says to how many, and watch it reach 100 %.
      await page.getByRole("link", { name: "Gửi ngay…" }).click();
      expect(await page.textContent("main")).toContain("Sẽ gửi tới 2 người đã xác nhận.");
      await page.getByRole("button", { name: "Gửi tới 2 người" }).click();
      await page.waitForURL(`${server.url}/console/digests/1`);
      // The page reloads itself (meta refresh) while sending.
      await expect
        .poll(() => page.textContent("main"), { timeout: 60_000, interval: 1000 })
        .toMatch(/2\/2 \(\s*100 %\) · đã xong/);
      const digests = await waitFor("both digests", async () => {
        const got = (await inbox()).filter((m) => m.subject.startsWith("Bản tin Dân vận số 1"));
        return got.length === 2 ? got : undefined;
      });
      expect(digests.map((m) => m.to[0]?.address).sort()).toEqual([...READERS].sort());

      // Sign out: the console is closed again.
      await page.getByRole("button", { name: "Đăng xuất" }).click();
      await page.waitForURL(/\/console\/login\?signed-out/);
      await page.goto(`${server.url}/console/subscribers`);
      expect(new URL(page.url()).pathname).toBe("/console/login");
    } finally {
      await context.close();
    }
  });

  it("refuses what a page on another origin makes the signed-in browser post (CSRF)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInInBrowser(page);
      // Something to send, so that a forged "send" would have work to do.
      const published = await fetch(`${server.url}/admin/posts`, {
        method: "POST",
        headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          title: "Bài chờ gửi",
          author: "Ban biên tập",
          published: "2026-11-29T08:00:00+07:00",
          markdown: "Nội dung.\n",
        }),
      });
      expect(published.status).toBe(201);
      for (const button of ["#publish", "#send"]) {
        await page.goto(attackerUrl);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().startsWith(server.url)),
          page.click(button),
        ]);
        expect(response.status(), button).toBe(403);
        expect(await page.textContent("main")).toContain("Yêu cầu bị từ chối");
      }
      expect(await rss()).not.toContain("Tin giả từ trang khác");
      const digest2 = await fetch(`${server.url}/admin/digests/2`, {
        headers: { Authorization: `Bearer ${server.adminToken}` },
      });
      expect(digest2.status).toBe(404);
      // The session itself still works from the console's own pages.
      await page.goto(`${server.url}/console`);
      expect(new URL(page.url()).pathname).toBe("/console");
    } finally {
      await context.close();
    }
  });
});
