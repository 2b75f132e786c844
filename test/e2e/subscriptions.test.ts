// Double opt-in against real SMTP: npm start sends through a local smtp-server the test runs
// (SMTP_URL), and, without SMTP_URL, into its own MailDev inbox (the run's shared server).
// Expected duration: 35 s (test/sequencer.ts starts the longest files first).
import { request as httpRequest } from "node:http";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalServer, sharedServer, startServer } from "./server.ts";
import { startSmtp, type TestSmtp, waitFor } from "./smtp.ts";

let received: ParsedMail[] = [];
let smtp: TestSmtp;
let server: LocalServer;

const subscribeForm = (email: string) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ email }).toString(),
});

async function subscriberStatus(email: string): Promise<string | null> {
  const res = await fetch(`${server.url}/admin/subscribers/${encodeURIComponent(email)}`, {
    headers: { Authorization: `Bearer ${server.adminToken}` },
  });
  if (res.status === 404) return null;
  return ((await res.json()) as { status: string }).status;
}

beforeAll(async () => {
  smtp = await startSmtp();
  received = smtp.received;
  server = await startServer({ SMTP_URL: smtp.url });
});

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe("double opt-in over SMTP", () => {
  it("mails a confirmation; GET on its link changes nothing; the button's POST confirms", async () => {
    const res = await fetch(`${server.url}/subscribe`, subscribeForm("  Doc.Gia@Example.ORG "));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Kiểm tra hộp thư");

    const mail = await waitFor("the confirmation email", () => received.find((m) => m.subject?.includes("Xác nhận")));
    expect(mail.subject).toBe("Xác nhận đăng ký nhận Bản tin Dân vận");
    expect(mail.from?.value[0]).toEqual({ address: "bantin@localhost", name: "Bản tin Dân vận" });
    expect((mail.to as { value: { address: string }[] }).value[0]?.address).toBe("Doc.Gia@example.org");
    expect(mail.replyTo?.value[0]?.address).toBe("bantin@localhost");
    expect(mail.headers.get("content-language")).toBe("vi");
    // mailparser gathers the List-* headers under "list".
    expect((mail.headers.get("list") as { id?: { id?: string } }).id?.id).toBe("bantin.127.0.0.1");
    expect(mail.text).toContain("Xác nhận đăng ký");
    const link = /href="([^"]+\/confirm\?token=[^"]+)"/.exec(mail.html || "")?.[1]?.replace(/&amp;/g, "&");
    expect(link).toBeDefined();
    if (!link) return;
    expect(mail.text).toContain(link);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button type="submit">Xác nhận đăng ký</button>');
    expect(await subscriberStatus("Doc.Gia@example.org")).toBe("pending");

    const token = new URL(link).searchParams.get("token") ?? "";
    const post = await fetch(`${server.url}/confirm`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(post.status).toBe(200);
    expect(await subscriberStatus("Doc.Gia@example.org")).toBe("confirmed");
  });

  it("sends at most one confirmation per address in a few minutes", async () => {
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/subscribe`, subscribeForm("once@example.org"));
    await waitFor("a confirmation", () => received.find((m) => m.to && JSON.stringify(m.to).includes("once@")));
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.filter((m) => JSON.stringify(m.to).includes("once@example.org"))).toHaveLength(1);
  });

  it("refuses a bad address with a 400 in Vietnamese, and sends nothing", async () => {
    const before = received.length;
    const res = await fetch(`${server.url}/subscribe`, subscribeForm("a@b.c\r\nBcc: victim@example.org"));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Địa chỉ email không hợp lệ");
    await new Promise((r) => setTimeout(r, 500));
    expect(received.length).toBe(before);
  });
});

/** POST /subscribe from a given local source address (127.0.0.0/8 is all this machine). */
function subscribeFrom(localAddress: string, email: string): Promise<number> {
  const url = new URL(`${server.url}/subscribe`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        headers: { "Content-Type": "application/json" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ email }));
  });
}

describe("rate limits under npm start", () => {
  it("counts each client by its own address: wrangler dev sets CF-Connecting-IP from the connection", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await subscribeFrom("127.0.0.2", `local-${i}@example.org`));
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another client on the same machine has its own bucket.
    expect(await subscribeFrom("127.0.0.3", "other-client@example.org")).toBe(202);
  });

  it("sends one confirmation to a mailbox however its address is spelt", async () => {
    const spellings = ["Victim@Example.net", "vIctim@example.net", "victim+1@example.net", "VICTIM+2@example.net"];
    for (const [i, email] of spellings.entries()) expect(await subscribeFrom(`127.0.1.${i + 1}`, email)).toBe(202);
    await waitFor("a confirmation to the victim", () =>
      received.find((m) => JSON.stringify(m.to).toLowerCase().includes("victim@example.net")),
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(received.filter((m) => JSON.stringify(m.to).toLowerCase().includes("victim"))).toHaveLength(1);
  });
});

describe("the local inbox of npm start", () => {
  // The run's shared server runs without SMTP_URL; its reader subscribed through the form before any
  // file got it (global-setup.ts), so the confirmation email is in its MailDev inbox.
  it("receives the confirmation email when SMTP_URL is not set", async () => {
    const shared = await sharedServer();
    // The inbox's own address: MailDev's page at /index.html looks for its API under /index.html/ and never loads.
    expect(shared.output).toContain(`Inbox       ${shared.inboxUrl}/  (MailDev`);
    const emails = (await (await fetch(`${shared.inboxUrl}/api/email`)).json()) as {
      subject: string;
      to: { address: string }[];
    }[];
    const confirmations = emails.filter((m) => m.subject === "Xác nhận đăng ký nhận Bản tin Dân vận");
    expect(confirmations.map((m) => m.to.map((to) => to.address))).toEqual([[shared.reader]]);
    // MailDev serves its page at the root to browsers (Accept: text/html).
    expect((await fetch(`${shared.inboxUrl}/`, { headers: { Accept: "text/html" } })).status).toBe(200);
  });
});
