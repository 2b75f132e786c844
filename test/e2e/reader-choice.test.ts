// Readers' choices end to end, as a new user tries them on `npm start` with its own MailDev inbox:
// one reader subscribes from the "Lạng Sơn" tag page for each post, another from the home page for
// the weekly digest of everything; a Lạng Sơn post and a post of another tag are published; after
// the grace delay the first reader finds the Lạng Sơn post in MailDev, once, and nothing of the
// other; from that email's preference page they switch to the weekly digest; the next digest
// brings them the new Lạng Sơn post and not the one already mailed.
// Expected duration: 60 s (test/sequencer.ts starts the longest files first).
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm, tokenLink } from "./inbox.ts";
import { type LocalServer, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

/** The grace delay of a post's email, in seconds (10 minutes unless set). */
const GRACE = 4;
const EACH_POST = "doc-gia-lang-son@example.org";
const WEEKLY = "doc-gia-hang-tuan@example.org";
const LANG_SON_1 = { slug: "lang-son-ra-mat-to-dan-van", title: "Lạng Sơn ra mắt tổ dân vận số", tags: ["Lạng Sơn"] };
const ELSEWHERE = { slug: "cao-bang-hoi-nghi-dan-van", title: "Cao Bằng tổ chức hội nghị dân vận", tags: ["Cao Bằng"] };
const LANG_SON_2 = { slug: "lang-son-tap-huan-can-bo", title: "Lạng Sơn tập huấn cán bộ cơ sở", tags: ["Lạng Sơn"] };

interface InboxMessage {
  id: string;
  subject: string;
  to: { address: string }[];
}

let server: LocalServer;

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json", ...init.headers },
  });
const inbox = async () => (await (await fetch(`${server.inboxUrl}/api/email`)).json()) as InboxMessage[];
const mailTo = async (to: string) => (await inbox()).filter((m) => m.to.some((t) => t.address === to));
async function source(m: InboxMessage) {
  return simpleParser(await (await fetch(`${server.inboxUrl}/api/email/${m.id}/source`)).text());
}

/** The fields of the first form in `html` posting to `action`, as a browser would send them unchanged. */
function formFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*action="[^"]*${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1];
  if (!form) throw new Error(`no form posting to ${action}`);
  const fields: Record<string, string> = {};
  for (const input of form.match(/<input[^>]*>/g) ?? []) {
    const name = /name="([^"]+)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? "";
    const type = /type="([^"]+)"/.exec(input)?.[1] ?? "text";
    if (!name || ((type === "radio" || type === "checkbox") && !/\schecked/.test(input))) continue;
    fields[name] = value.replace(/&amp;/g, "&");
  }
  return fields;
}

/** Subscribes from the page at `path` with the frequency chosen, and confirms from the email. */
async function subscribeFrom(path: string, email: string, frequency: "each-post" | "weekly"): Promise<string> {
  const page = await (await fetch(`${server.url}${path}`)).text();
  const fields = { ...formFields(page, "/subscribe"), email, frequency };
  expect((await postForm(`${server.url}/subscribe`, fields)).status).toBe(200);
  const confirmation = await waitFor(`the confirmation to ${email}`, async () => (await mailTo(email))[0]);
  const parsed = await source(confirmation);
  const token = new URL(tokenLink(parsed.html || "", "confirm")).searchParams.get("token") ?? "";
  expect((await postForm(`${server.url}/confirm`, { token })).status).toBe(200);
  return parsed.text ?? "";
}

async function publish(post: { slug: string; title: string; tags: string[] }) {
  const res = await admin("/admin/posts", {
    method: "POST",
    body: JSON.stringify({
      ...post,
      author: "Phương Dung",
      published: new Date().toISOString().replace(/\.\d+Z$/, "+00:00"),
      markdown: `${post.title}: nội dung bài viết.\n`,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** Waits out the grace delay, then runs the maintenance cron (npm start runs it every minute too). */
async function afterGrace() {
  await new Promise((r) => setTimeout(r, (GRACE + 1) * 1000));
  expect((await admin("/admin/maintenance", { method: "POST" })).status).toBe(200);
}

beforeAll(async () => {
  server = await startServer({ POST_EMAIL_GRACE_SECONDS: String(GRACE) });
});

afterAll(async () => {
  await server?.stop();
});

describe("a reader of one tag, each post, then the weekly digest", () => {
  it("gets the tag's post after the grace delay and nothing of another tag; after switching, the digest without what was mailed", async () => {
    // The tag page's form carries its tag; the confirmation says what was chosen.
    const tagPage = await (await fetch(`${server.url}/tags/lang-son`)).text();
    expect(formFields(tagPage, "/subscribe")).toMatchObject({ topic: "lang-son", frequency: "weekly" });
    const confirmed = await subscribeFrom("/tags/lang-son", EACH_POST, "each-post");
    expect(confirmed).toContain("Lạng Sơn");
    expect(confirmed).toContain("Từng bài");
    await subscribeFrom("/", WEEKLY, "weekly");

    const publishedMs = Date.now();
    await publish(LANG_SON_1);
    await publish(ELSEWHERE);
    // Within the grace delay, nothing is mailed, even when the maintenance runs.
    expect((await admin("/admin/maintenance", { method: "POST" })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await mailTo(EACH_POST)).toHaveLength(1);
    await afterGrace();
    const mailed = await waitFor("the Lạng Sơn post's email", async () =>
      (await mailTo(EACH_POST)).find((m) => m.subject.includes(LANG_SON_1.title)),
    );
    const email = await source(mailed);
    // Not before the grace delay (the Date header counts whole seconds).
    expect(email.date?.getTime()).toBeGreaterThanOrEqual(publishedMs + GRACE * 1000 - 1000);
    // Nothing more comes: not the other tag's post, not the same one again, not the report npm start
    // published before they subscribed (its email was still in its grace delay); the weekly reader
    // gets no post email.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await mailTo(EACH_POST)).map((m) => m.subject).slice(1)).toEqual([mailed.subject]);
    expect(await mailTo(WEEKLY)).toHaveLength(1);

    // The email's preference page: GET changes nothing; its form switches to the weekly digest.
    expect(email.text).toContain("nội dung bài viết");
    const preferences = tokenLink(email.html || "", "unsubscribe");
    const page = await (await fetch(preferences)).text();
    const choices = formFields(page, "/preferences");
    expect(choices).toMatchObject({ "topic[]": "lang-son", frequency: "each-post" });
    const saved = await postForm(`${server.url}/preferences`, { ...choices, frequency: "weekly" });
    expect(saved.status).toBeLessThan(400);
    expect(formFields(await (await fetch(preferences)).text(), "/preferences")).toMatchObject({
      "topic[]": "lang-son",
      frequency: "weekly",
    });

    // A new Lạng Sơn post is no longer mailed on its own; the next digest brings it, and not the first.
    await publish(LANG_SON_2);
    await afterGrace();
    const started = await admin("/admin/digests", { method: "POST" });
    expect(started.status, await started.clone().text()).toBe(201);
    const digestTo = (to: string) =>
      waitFor(`the digest to ${to}`, async () => (await mailTo(to)).find((m) => m.subject.includes("số 1")));
    const eachDigest = await source(await digestTo(EACH_POST));
    expect(eachDigest.text).toContain(LANG_SON_2.title);
    expect(eachDigest.text).not.toContain(LANG_SON_1.title);
    expect(eachDigest.text).not.toContain(ELSEWHERE.title);
    const weeklyDigest = await source(await digestTo(WEEKLY));
    for (const post of [LANG_SON_1, ELSEWHERE, LANG_SON_2]) expect(weeklyDigest.text).toContain(post.title);

    // Each reader's whole mail: one confirmation, then the first post once (each post), the digest once.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await mailTo(EACH_POST)).length).toBe(3);
    expect((await mailTo(WEEKLY)).length).toBe(2);
  });
});
