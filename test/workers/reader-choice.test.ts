// What readers receive (issue 20, part 1): the tag page's form subscribes to its tag, the home
// page's to everything, each with a frequency; double opt-in carries the choice and says it; a
// confirmed reader's request from another tag changes nothing until they press its link; the
// preference page at every email's link shows and changes the choices (GET changes nothing) or
// unsubscribes; the console filters and counts readers by their choices; CSV and the API carry them.
import { env } from "cloudflare:test";
import { csvParseRows } from "d3-dsv";
import { HtmlValidate } from "html-validate/browser";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { message } from "../../src/i18n/index.ts";
import { normaliseAddress } from "../../src/subscribers/address.ts";
import { DEFAULT_CHOICES } from "../../src/subscribers/choices.ts";
import { findByMailbox, type Subscriber } from "../../src/subscribers/repository.ts";
import { signToken } from "../../src/subscribers/tokens.ts";
import { preferencesPage } from "../../src/views/preferences.tsx";
import { ADMIN, publish, reportInput } from "../helpers.ts";
import { confirmTokenOf, type SentMail, subscriptionHarness } from "../subscriptions.ts";
import { untranslatedInHtml } from "../untranslated.ts";
import { signIn } from "./console-harness.ts";

const SECRET = "test-token-secret";
const SITE = "https://bantin.example";

let clientNo = 0;
const form = (body: Record<string, string> | [string, string][]) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": `192.0.2.${++clientNo % 250}` },
  body: new URLSearchParams(body).toString(),
});
const json = (body: unknown) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", "CF-Connecting-IP": `192.0.2.${++clientNo % 250}` },
  body: JSON.stringify(body),
});

const find = async (email: string): Promise<Subscriber> => {
  const address = normaliseAddress(email);
  const found = address.ok ? await findByMailbox(env.DB, address.mailbox) : null;
  if (!found) throw new Error(`${email} not stored`);
  return found;
};
/** Every column of every subscriber, to show that a request changed nothing at all. */
const allRows = async () => (await env.DB.prepare("SELECT * FROM subscribers ORDER BY id").all()).results;
/** The words of a page or an email, without markup and with one space between them. */
const words = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const preferencesLink = async (s: Subscriber) =>
  `/unsubscribe?token=${encodeURIComponent(await signToken(SECRET, "unsubscribe", s.handle, s.email, Date.now()))}`;

/** The preference link a mail carries (the footer of a confirmation email). */
function preferencesLinkOf(mail: SentMail | undefined): string {
  const m = /\/unsubscribe\?token=([^"&\s<]+)/.exec(mail?.text ?? "");
  return m?.[1] ? `/unsubscribe?token=${m[1]}` : "";
}

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  // As test/e2e/rendering.test.ts: spellings HTML allows either way that hono/jsx writes its own way.
  rules: { "doctype-style": "off", "void-style": "off", "attribute-boolean-style": "off" },
});
async function expectValid(html: string, label: string) {
  const report = await validator.validateString(html, label);
  const errors = report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2));
  expect(
    errors.map((e) => `${e.ruleId}: ${e.message} (line ${e.line})`),
    label,
  ).toEqual([]);
}

let h = subscriptionHarness();
beforeEach(() => {
  h = subscriptionHarness();
});

/** Subscribes through a form (or JSON) and lets the confirmations consumer run; returns the mail sent, if any. */
async function request(fields: Record<string, string> | [string, string][]): Promise<SentMail | undefined> {
  const before = h.mails.length;
  const res = await h.request("/subscribe", form(fields));
  expect(res.status, await res.clone().text()).toBe(200);
  await h.drain();
  return h.mails.length > before ? h.mails.at(-1) : undefined;
}

/** Lets the mailbox get another confirmation email now (one per 5 minutes otherwise). */
async function allowAnotherEmail(email: string) {
  await env.DB.prepare("UPDATE subscribers SET confirmation_sent_ms = 0 WHERE email = ?").bind(email).run();
}

async function confirmWith(mail: SentMail | undefined) {
  const token = confirmTokenOf(mail);
  expect(token).not.toBe("");
  const res = await h.request("/confirm", form({ token }));
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  // The report is tagged "Dân vận" and "Lạng Sơn"; another post adds "Hội nghị".
  expect((await publish(reportInput())).status).toBe(201);
  const other = {
    ...reportInput(),
    id: "urn:uuid:00000000-0000-4000-8000-0000000000d1",
    slug: "hoi-nghi-tinh",
    title: "Hội nghị tỉnh",
    published: "2021-08-01T09:00:00+07:00",
    tags: ["Hội nghị"],
  };
  expect((await publish(other)).status).toBe(201);
});

describe("subscribe forms", () => {
  it("on a tag page subscribe to that tag only, with the frequency chosen, and the email says so", async () => {
    const page = await (await h.request("/tags/lang-son")).text();
    expect(page).toContain('<input type="hidden" name="topic" value="lang-son"/>');
    expect(page).toContain("Nhận tin về Lạng Sơn qua email");
    // The weekly digest is the default.
    expect(page).toMatch(/<input type="radio" name="frequency" value="weekly" checked=""\/>/);
    expect(page).toMatch(/<input type="radio" name="frequency" value="each-post"\/>/);

    const mail = await request({ email: "lang-son@example.org", topic: "lang-son", frequency: "each-post" });
    const text = (mail?.text ?? "").replace(/\s+/g, " ");
    expect(text).toContain("Bạn đã chọn: Chủ đề: Lạng Sơn Cách nhận: Từng bài, gửi ngay khi đăng");
    expect(words(mail?.html ?? "")).toContain("Chủ đề: Lạng Sơn");
    expect(words(mail?.html ?? "")).toContain("Cách nhận: Từng bài, gửi ngay khi đăng");
    // The email names the preference page too.
    expect(text).toContain("Đổi nội dung nhận hoặc hủy đăng ký https://bantin.example/unsubscribe?token=");
    // Pending, with the choice asked for; nobody receives anything before confirming.
    expect((await find("lang-son@example.org")).choices).toEqual({ topics: ["lang-son"], frequency: "each-post" });
    expect((await find("lang-son@example.org")).status).toBe("pending");

    // The confirm page says what it confirms, and changes nothing.
    const token = confirmTokenOf(mail);
    const shown = words(await (await h.request(`/confirm?token=${encodeURIComponent(token)}`)).text());
    expect(shown).toContain("Bạn sẽ nhận: Chủ đề: Lạng Sơn Cách nhận: Từng bài, gửi ngay khi đăng");
    expect((await find("lang-son@example.org")).status).toBe("pending");

    const done = words(await confirmWith(mail));
    expect(done).toContain("Bạn đang nhận: Chủ đề: Lạng Sơn Cách nhận: Từng bài, gửi ngay khi đăng");
    const s = await find("lang-son@example.org");
    expect(s.status).toBe("confirmed");
    expect(s.choices).toEqual({ topics: ["lang-son"], frequency: "each-post" });
    expect(s.consentChoices).toEqual(s.choices);
    expect(s.consentMethod).toBe("double-opt-in (web form)");
  });

  it("on the home page subscribe to everything, by the weekly digest unless each post is chosen", async () => {
    const home = await (await h.request("/")).text();
    expect(home).not.toContain('name="topic"');
    expect(home).toContain('name="frequency" value="each-post"');
    const mail = await request({ email: "moi-thu@example.org" });
    expect((mail?.text ?? "").replace(/\s+/g, " ")).toContain(
      "Chủ đề: Mọi chủ đề, kể cả chủ đề mới Cách nhận: Bản tin hằng tuần: các bài mới gộp trong một thư",
    );
    await confirmWith(mail);
    const s = await find("moi-thu@example.org");
    expect(s.choices).toEqual(DEFAULT_CHOICES);
    expect(s.consentChoices).toEqual(DEFAULT_CHOICES);

    const each = await request({ email: "tung-bai@example.org", frequency: "each-post" });
    await confirmWith(each);
    expect((await find("tung-bai@example.org")).choices).toEqual({ topics: "all", frequency: "each-post" });
  });

  it("takes the choices as JSON too", async () => {
    const res = await h.request("/subscribe", json({ email: "api@example.org", topics: ["dan-van", "hoi-nghi"] }));
    expect(res.status).toBe(202);
    await h.drain();
    expect((await find("api@example.org")).choices).toEqual({ topics: ["dan-van", "hoi-nghi"], frequency: "weekly" });
  });

  it("refuses an unknown tag or frequency with a clear 400, and stores and queues nothing", async () => {
    const before = await allRows();
    for (const [fields, says] of [
      [{ email: "x@example.org", topic: "khong-co" }, "Trang này không có chủ đề “khong-co”"],
      [{ email: "x@example.org", frequency: "daily" }, "Hãy chọn cách nhận"],
    ] as const) {
      const res = await h.request("/subscribe", form(fields));
      expect(res.status).toBe(400);
      expect(words(await res.text())).toContain(says);
    }
    const api = await h.request("/subscribe", json({ email: "x@example.org", topics: [42] }));
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ field: "topic" });
    // The tag's form comes back as it was, with the address typed and the frequency chosen.
    const again = await h.request(
      "/subscribe",
      form({ email: "not an address", topic: "lang-son", frequency: "each-post" }),
    );
    const html = await again.text();
    expect(html).toContain('name="topic" value="lang-son"');
    expect(html).toMatch(/value="each-post" checked=""/);
    expect(h.queued).toEqual([]);
    expect(await allRows()).toEqual(before);
  });
});

describe("a confirmed reader subscribing again from another tag page", () => {
  it("changes nothing until the address's owner presses the link, which then adds the topic", async () => {
    await confirmWith(await request({ email: "them@example.org", topic: "lang-son" }));
    await allowAnotherEmail("them@example.org");
    const before = await allRows();
    // Anyone can type the address into another tag's form: only an email to its owner results.
    const mail = await request({ email: "Them+x@example.org", topic: "dan-van", frequency: "each-post" });
    expect(mail?.to).toBe("them@example.org");
    expect(mail?.subject).toBe("Xác nhận thay đổi đăng ký nhận Bản tin Dân vận");
    expect((mail?.text ?? "").replace(/\s+/g, " ")).toContain(
      "Sau khi bạn xác nhận, bạn sẽ nhận: Chủ đề: Dân vận và Lạng Sơn Cách nhận: Từng bài, gửi ngay khi đăng",
    );
    // The row is as it was (the send is counted against the mailbox's limits, nothing else).
    const unchanged = (rows: Record<string, unknown>[]) =>
      rows.map(({ confirmation_sent_ms: _a, confirmations_in_window: _b, confirmations_window_ms: _c, ...r }) => r);
    expect(unchanged(await allRows())).toEqual(unchanged(before));
    // Opening the link changes nothing either.
    await h.request(`/confirm?token=${encodeURIComponent(confirmTokenOf(mail))}`);
    expect(unchanged(await allRows())).toEqual(unchanged(before));

    await confirmWith(mail);
    const s = await find("them@example.org");
    expect(s.choices).toEqual({ topics: ["dan-van", "lang-son"], frequency: "each-post" });
    expect(s.consentChoices).toEqual(s.choices);
  });

  it("mails nothing for a request that adds nothing", async () => {
    await confirmWith(await request({ email: "du-roi@example.org" }));
    await allowAnotherEmail("du-roi@example.org");
    expect(await request({ email: "du-roi@example.org", topic: "hoi-nghi" })).toBeUndefined();
  });

  it("never lets an old link undo a later change", async () => {
    await confirmWith(await request({ email: "doi-y@example.org", topic: "lang-son" }));
    await allowAnotherEmail("doi-y@example.org");
    const mail = await request({ email: "doi-y@example.org", topic: "hoi-nghi" });
    const s = await find("doi-y@example.org");
    // A second later the reader chooses, on the preference page, to receive Dân vận only.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const link = await preferencesLink(s);
    const token = new URL(link, SITE).searchParams.get("token") ?? "";
    expect((await h.request("/preferences", form({ token, "topic[]": "dan-van", frequency: "weekly" }))).status).toBe(
      200,
    );
    const page = words(await confirmWith(mail));
    expect(page).toContain("Lựa chọn của bạn đã được đổi sau khi thư này được gửi");
    expect((await find("doi-y@example.org")).choices).toEqual({ topics: ["dan-van"], frequency: "weekly" });
  });
});

describe("the preference page", () => {
  async function confirmedReader(email: string, fields: Record<string, string> = {}) {
    const mail = await request({ email, ...fields });
    await confirmWith(mail);
    return { s: await find(email), link: preferencesLinkOf(mail) };
  }

  it("shows the reader's topics and frequency, and opening it changes nothing", async () => {
    const { link } = await confirmedReader("xem@example.org", { topic: "lang-son", frequency: "each-post" });
    expect(link).not.toBe("");
    const before = await allRows();
    const res = await h.request(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    expect(await allRows()).toEqual(before);
    expect(html).toContain("xem@example.org");
    expect(html).toMatch(/<input type="checkbox" name="topic\[\]" value="lang-son" checked=""\/> Lạng Sơn \(1 bài\)/);
    expect(html).toMatch(/<input type="checkbox" name="topic\[\]" value="dan-van"\/> Dân vận \(1 bài\)/);
    expect(html).toMatch(/<input type="checkbox" name="topic\[\]" value="\*"\/>/);
    expect(html).toMatch(/value="each-post" checked=""/);
    expect(html).toContain(`<form method="post" action="${SITE}/preferences"`);
    expect(html).toContain(`<form method="post" action="${SITE}/unsubscribe"`);
    await expectValid(html, "preference page");
  });

  it("saves new topics and frequency on POST", async () => {
    const { s, link } = await confirmedReader("doi@example.org");
    const token = new URL(link, SITE).searchParams.get("token") ?? "";
    const res = await h.request(
      "/preferences",
      form([
        ["token", token],
        ["topic[]", "hoi-nghi"],
        ["topic[]", "dan-van"],
        ["frequency", "each-post"],
      ]),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Đã lưu lựa chọn của bạn.");
    expect(html).toMatch(/value="hoi-nghi" checked=""/);
    const after = await find(s.email);
    expect(after.choices).toEqual({ topics: ["dan-van", "hoi-nghi"], frequency: "each-post" });
    expect(after.choicesAt).not.toBeNull();
    // What the reader confirmed stays on the consent record.
    expect(after.consentChoices).toEqual(DEFAULT_CHOICES);
    // "Everything" ticked means everything, whatever else is ticked.
    await h.request(
      "/preferences",
      form([
        ["token", token],
        ["topic[]", "*"],
        ["topic[]", "dan-van"],
        ["frequency", "weekly"],
      ]),
    );
    expect((await find(s.email)).choices).toEqual(DEFAULT_CHOICES);
  });

  it("refuses no topic, an unknown topic or frequency with a clear 400, and changes nothing", async () => {
    const { link } = await confirmedReader("sai@example.org", { topic: "dan-van" });
    const token = new URL(link, SITE).searchParams.get("token") ?? "";
    const before = await allRows();
    for (const [fields, says] of [
      [
        [
          ["token", token],
          ["frequency", "weekly"],
        ],
        "Hãy chọn ít nhất một chủ đề",
      ],
      [
        [
          ["token", token],
          ["topic[]", "khong-co"],
          ["frequency", "weekly"],
        ],
        "Trang này không có chủ đề “khong-co”",
      ],
      [
        [
          ["token", token],
          ["topic[]", "dan-van"],
          ["frequency", "hourly"],
        ],
        "Hãy chọn cách nhận",
      ],
    ] as [[string, string][], string][]) {
      const res = await h.request("/preferences", form(fields));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(words(html)).toContain(says);
      await expectValid(html, "preference page with an error");
    }
    expect(await allRows()).toEqual(before);
  });

  it("refuses a forged, another reader's or a confirm token with a clear page, and changes nothing", async () => {
    const { s: a, link } = await confirmedReader("a-reader@example.org");
    const { s: b } = await confirmedReader("b-reader@example.org");
    const token = new URL(link, SITE).searchParams.get("token") ?? "";
    const before = await allRows();
    const bobsOnAlice = (await signToken(SECRET, "unsubscribe", b.handle, b.email, Date.now())).replace(
      b.handle,
      a.handle,
    );
    const forged = `${a.handle}.${Math.floor(Date.now() / 1000) + 3600}.${"A".repeat(43)}`;
    const confirmToken = await signToken(SECRET, "confirm", a.handle, a.email, Date.now());
    const withChoice = `${token}.each-post:dan-van`;
    for (const bad of [bobsOnAlice, forged, confirmToken, withChoice]) {
      const get = await h.request(`/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(get.status).toBe(400);
      expect(await get.text()).toContain("Liên kết không hợp lệ. Không có thay đổi nào được thực hiện.");
      const post = await h.request("/preferences", form({ token: bad, topic: "hoi-nghi", frequency: "each-post" }));
      expect(post.status).toBe(400);
      expect(await post.text()).toContain("Liên kết không hợp lệ");
    }
    const expired = await signToken(SECRET, "unsubscribe", a.handle, a.email, Date.now() - 401 * 24 * 3600 * 1000);
    expect((await h.request(`/unsubscribe?token=${encodeURIComponent(expired)}`)).status).toBe(400);
    expect(await allRows()).toEqual(before);
  });

  it("unsubscribes with its button, and one click (RFC 8058) still unsubscribes at once", async () => {
    const { s, link } = await confirmedReader("roi-di@example.org");
    const token = new URL(link, SITE).searchParams.get("token") ?? "";
    const page = await (await h.request(link)).text();
    expect(page).toContain(`<input type="hidden" name="token" value="${token}"/>`);
    const left = await h.request("/unsubscribe", form({ token }));
    expect(left.status).toBe(200);
    expect(await left.text()).toContain("Đã hủy đăng ký");
    expect((await find(s.email)).status).toBe("unsubscribed");
    // Opened again: it says so, and offers no form.
    const after = await (await h.request(link)).text();
    expect(words(after)).toContain("Địa chỉ này đã hủy đăng ký");
    expect(after).not.toContain("/preferences");
    await expectValid(after, "preference page of an unsubscribed reader");
    // Saving now changes nothing.
    await h.request("/preferences", form({ token, topic: "dan-van", frequency: "each-post" }));
    expect((await find(s.email)).choices).toEqual(DEFAULT_CHOICES);

    const { s: other, link: otherLink } = await confirmedReader("mot-cham@example.org");
    const oneClick = await h.request(otherLink, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect((await find(other.email)).status).toBe("unsubscribed");
  });

  it("tells a reader not confirmed yet to confirm first, and offers only to unsubscribe", async () => {
    const mail = await request({ email: "cho@example.org", topic: "dan-van" });
    const html = await (await h.request(preferencesLinkOf(mail))).text();
    expect(words(html)).toContain("Địa chỉ này chưa được xác nhận");
    expect(html).not.toContain("/preferences");
    expect(html).toContain(`action="${SITE}/unsubscribe"`);
    await expectValid(html, "preference page of a pending reader");
  });

  it("holds every word in the catalogue, in every state", () => {
    const pseudo = parseConfig({ SITE_URL: SITE, SITE_TITLE: "County Bulletin", SITE_LANGUAGE: "en-XA" });
    for (const status of ["confirmed", "pending", "unsubscribed", "suppressed"] as const) {
      const html = preferencesPage(pseudo, {
        token: "t",
        email: "reader@example.org",
        status,
        choices: { topics: ["farming", "gone"], frequency: "each-post" },
        offered: [
          { slug: "farming", name: "Farming", count: 2 },
          { slug: "gone", name: "gone", count: 0 },
        ],
        notice: "saved",
        error: message("reader-choice.refused.noTopic"),
      });
      expect(
        untranslatedInHtml(html, [
          "County Bulletin",
          "reader@example.org",
          "Farming",
          "gone",
          "RSS",
          "Atom",
          "JSON Feed",
        ]),
        status,
      ).toEqual([]);
    }
  });

  it("and the tag page with its form, and the confirm page, are valid HTML", async () => {
    await expectValid(await (await h.request("/tags/lang-son")).text(), "tag page");
    const mail = await request({ email: "hop-le@example.org", topic: "lang-son" });
    const token = confirmTokenOf(mail);
    await expectValid(await (await h.request(`/confirm?token=${encodeURIComponent(token)}`)).text(), "confirm page");
    await expectValid(await confirmWith(mail), "confirmed page");
  });
});

describe("the admin API", () => {
  it("gives a subscriber's topics, frequency and consented choices", async () => {
    await confirmWith(await request({ email: "json-api@example.org", topic: "hoi-nghi", frequency: "each-post" }));
    const res = await h.request("/admin/subscribers/json-api@example.org", { headers: ADMIN });
    expect(await res.json()).toMatchObject({
      status: "confirmed",
      topics: ["hoi-nghi"],
      frequency: "each-post",
      consent_choices: { topics: ["hoi-nghi"], frequency: "each-post" },
      choices_changed_at: expect.stringMatching(/\+07:00$/),
    });
  });
});

describe("the console", () => {
  beforeEach(async () => {
    await env.DB.prepare("DELETE FROM subscribers").run();
  });

  function csvFile(text: string, confirmed = true): FormData {
    const data = new FormData();
    data.set("file", new File([text], "danh-sach.csv", { type: "text/csv" }));
    data.set("attest", "yes");
    if (confirmed) data.set("confirmed", "yes");
    return data;
  }

  const FILE = [
    "email,topics,frequency",
    "mot@example.org,,",
    'hai@example.org,"Lạng Sơn, dan-van",each-post',
    "ba@example.org,*,weekly",
    "bon@example.org,hoi-nghi,",
  ].join("\n");

  it("imports topics and frequency (names or slugs; absent means the defaults), exports them, and reads its export back", async () => {
    const s = await signIn();
    expect((await s.upload("/console/subscribers/import", csvFile(FILE))).status).toBe(200);
    const choices = async () =>
      Object.fromEntries(
        await Promise.all(
          ["mot", "hai", "ba", "bon"].map(async (n) => [n, (await find(`${n}@example.org`)).choices] as const),
        ),
      );
    const imported = await choices();
    expect(imported).toEqual({
      mot: DEFAULT_CHOICES,
      hai: { topics: ["dan-van", "lang-son"], frequency: "each-post" },
      ba: DEFAULT_CHOICES,
      bon: { topics: ["hoi-nghi"], frequency: "weekly" },
    });
    // Attested as confirmed elsewhere: the consent record holds the choices too.
    expect((await find("hai@example.org")).consentChoices).toEqual(imported.hai);

    const exported = await (await s.get("/console/subscribers.csv")).text();
    const rows = csvParseRows(exported.replace(/^\uFEFF/, "").trim());
    const header = rows[0] ?? [];
    const at = (name: string) => header.indexOf(name);
    expect(at("topics")).toBeGreaterThan(0);
    const hai = rows.find((r) => r[0] === "hai@example.org") ?? [];
    expect([hai[at("topics")], hai[at("frequency")]]).toEqual(["dan-van, lang-son", "each-post"]);
    const mot = rows.find((r) => r[0] === "mot@example.org") ?? [];
    expect([mot[at("topics")], mot[at("frequency")]]).toEqual(["*", "weekly"]);

    // Round trip: the export, imported into an empty list, gives the same choices.
    await env.DB.prepare("DELETE FROM subscribers").run();
    expect((await s.upload("/console/subscribers/import", csvFile(exported))).status).toBe(200);
    expect(await choices()).toEqual(imported);
  });

  it("refuses a whole file with an unknown tag or frequency, naming each bad line", async () => {
    const s = await signIn();
    const bad = [
      "email;topics;frequency",
      "tot@example.org;dan-van;weekly",
      "x@example.org;Hà Giang;weekly",
      "y@example.org;;daily",
    ].join("\n");
    const res = await s.upload("/console/subscribers/import", csvFile(bad));
    expect(res.status).toBe(400);
    const text = words(await res.text());
    expect(text).toContain("3 Hà Giang Trang không có chủ đề: Hà Giang.");
    expect(text).toContain("4 daily Cách nhận “daily” không hợp lệ");
    expect(await allRows()).toEqual([]);
  });

  it("shows each reader's choices, filters by them, and counts the audience by topic and frequency", async () => {
    const s = await signIn();
    const file = [
      "email,topics,frequency",
      "a@example.org,*,weekly",
      "b@example.org,*,each-post",
      "c@example.org,lang-son,weekly",
      'd@example.org,"lang-son,dan-van",each-post',
      "e@example.org,dan-van,weekly",
    ].join("\n");
    expect((await s.upload("/console/subscribers/import", csvFile(file))).status).toBe(200);
    // Not confirmed: listed, not counted.
    expect(
      (await s.upload("/console/subscribers/import", csvFile("email,topics\nf@example.org,lang-son", false))).status,
    ).toBe(200);

    const listed = async (query: string) => {
      const html = await (await s.get(`/console/subscribers${query}`)).text();
      return [...html.replace(/<wbr\/>/g, "").matchAll(/>([a-f]@example\.org)</g)].map((m) => m[1]).sort();
    };
    expect(await listed("")).toEqual([
      "a@example.org",
      "b@example.org",
      "c@example.org",
      "d@example.org",
      "e@example.org",
      "f@example.org",
    ]);
    expect(await listed("?topic=lang-son")).toEqual(["c@example.org", "d@example.org", "f@example.org"]);
    expect(await listed("?topic=all")).toEqual(["a@example.org", "b@example.org"]);
    expect(await listed("?frequency=each-post")).toEqual(["b@example.org", "d@example.org"]);
    expect(await listed("?topic=dan-van&frequency=weekly&status=confirmed")).toEqual(["e@example.org"]);

    const page = words(await (await s.get("/console/subscribers?topic=lang-son")).text());
    expect(page).toContain("Lạng Sơn · Bản tin hằng tuần");
    expect(page).toContain("Dân vận và Lạng Sơn · Từng bài");
    expect(page).toContain("Tính 5 địa chỉ đã xác nhận.");
    expect(page).toContain("Bản tin hằng tuần 3 Từng bài 2");
    // Topic, chose it, get its posts (with the two who chose everything).
    expect(page).toContain("Mọi chủ đề, kể cả chủ đề mới 2 2");
    expect(page).toContain("Dân vận 2 4");
    expect(page).toContain("Hội nghị 0 2");
    expect(page).toContain("Lạng Sơn 2 4");
    // The filters keep what was chosen.
    const html = await (await s.get("/console/subscribers?topic=lang-son&frequency=each-post")).text();
    expect(html).toContain('<option value="lang-son" selected="">Lạng Sơn</option>');
    expect(html).toContain('<option value="each-post" selected="">Từng bài</option>');
    await expectValid(html, "console subscribers");
  });
});
