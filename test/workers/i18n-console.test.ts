// The console's shell, sign-in, overview and digest pages speak CONSOLE_LANGUAGE only: under the
// pseudo-language every word they show comes from the catalogue, in English none is Vietnamese,
// and an English console leaves a Vietnamese site Vietnamese.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN_ACTOR } from "../../src/access/actor.ts";
import { parseConfig } from "../../src/config.ts";
import { type DigestStatus, pauseDigest } from "../../src/delivery/repository.ts";
import { message } from "../../src/i18n/index.ts";
import { digestStatusPage } from "../../src/views/admin.tsx";
import { refusedPage, signInPage } from "../../src/views/console/auth.tsx";
import { digestConsolePage, digestStatusConsolePage } from "../../src/views/console/digest.tsx";
import { ADMIN, publish, REPORT_TITLE, reportInput, request } from "../helpers.ts";
import { subscriptionHarness } from "../subscriptions.ts";
import { untranslatedInHtml, untranslatedInText } from "../untranslated.ts";
import { hidden, newClient, postForm, type Signed, signIn, signInForm } from "./console-harness.ts";
import { addSubscriber } from "./harness.ts";

/** An owner's session, as the views take it. */
const VIEWER = { csrf: "c", actor: ADMIN_TOKEN_ACTOR, name: "ADMIN_TOKEN" };

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

const h = subscriptionHarness();
/** Bindings whose console speaks `language` (the site stays Vietnamese). */
const consoleIn = (language: string): Env =>
  ({ ...h.bindings, SITE_LANGUAGE: "vi", CONSOLE_LANGUAGE: language }) as Env;
const XA = consoleIn("en-XA");
const EN = consoleIn("en");

const SITE_TITLE = parseConfig(env).title;
const SCHEDULED_TITLE = "Lịch tiếp công dân năm 2099";
const READER = "ban-doc@example.org";
const FAILED_READER = "hop-thu-day@example.org";
const TESTER = "bien-tap@example.net";
const SMTP_REFUSAL = "550 5.1.1 mailbox unavailable";

/**
 * What the pages show that no console catalogue holds, and rightly: what the test wrote (titles,
 * addresses), the site's title, and the digest's own words (subject, period, a test copy's subject
 * prefix), which are the site's language (SITE_LANGUAGE) and checked by the email area's tests.
 */
const content: string[] = [
  SITE_TITLE,
  REPORT_TITLE,
  SCHEDULED_TITLE,
  READER,
  FAILED_READER,
  TESTER,
  SMTP_REFUSAL,
  "[Thử]",
];

/** The next digest's plain-text part, shown as it is sent, is the site's words: left out of the check. */
const withoutEmailText = (html: string) => html.replace(/<pre class="text">[\s\S]*?<\/pre>/, "");

/** Visible text of an English page that is Vietnamese, once the test's own content is taken out. */
function vietnameseIn(html: string): string[] {
  return untranslatedInHtml(withoutEmailText(html)).filter((text) => {
    let rest = text;
    for (const c of [...content].sort((a, b) => b.length - a.length)) rest = rest.split(c).join(" ");
    return VIETNAMESE.test(rest);
  });
}

/** Every page the test visits, in both languages, checked at the end of each step. */
async function pages(s: Record<string, Signed>, path: string, init?: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [language, session] of Object.entries(s)) {
    const res = init ? await session.post(path, init) : await session.get(path);
    out[language] = await res.text();
  }
  return out;
}

function expectTranslated(byLanguage: Record<string, string>, what: string) {
  // A page, in the pseudo-language: not an empty answer, which would hold no untranslated text either.
  expect(byLanguage.xa, what).toContain('<html lang="en-XA">');
  expect(byLanguage.xa, what).toContain("⟦");
  expect(untranslatedInHtml(withoutEmailText(byLanguage.xa ?? ""), content), what).toEqual([]);
  expect(vietnameseIn(byLanguage.en ?? ""), what).toEqual([]);
  expect(byLanguage.en, what).toContain('<html lang="en">');
}

let s: Record<string, Signed>;

beforeAll(async () => {
  s = { xa: await signIn(XA), en: await signIn(EN) };
});

describe("the console's sign-in", () => {
  for (const [language, bindings] of [
    ["xa", XA],
    ["en", EN],
  ] as const) {
    const check = (html: string, what: string) =>
      language === "xa"
        ? expect(untranslatedInHtml(html, content), what).toEqual([])
        : expect(vietnameseIn(html), what).toEqual([]);

    it(`is in the console's language (${language}): plain, signed out, a wrong token, a stale form, too many tries`, async () => {
      const ip = newClient();
      const get = (path: string) => request(path, { headers: { "CF-Connecting-IP": ip } }, bindings);
      check(await (await get("/console/login")).text(), "sign-in");
      check(await (await get("/console/login?signed-out")).text(), "signed out");
      const login = async (token: string, form?: string) =>
        postForm(
          "/console/login",
          { token, _form: form ?? (await signInForm(ip, bindings)), next: "/console" },
          { "CF-Connecting-IP": ip },
          bindings,
        );
      const wrong = await login("not-the-token");
      expect(wrong.status).toBe(401);
      check(await wrong.text(), "wrong token");
      const stale = await login("not-the-token", "stale");
      expect(stale.status).toBe(400);
      check(await stale.text(), "stale form");
      let throttled = wrong;
      for (let i = 0; i < 6 && throttled.status !== 429; i++) throttled = await login("not-the-token");
      expect(throttled.status).toBe(429);
      check(await throttled.text(), "throttled");
    });

    it(`refuses in the console's language (${language}), and says the token from npm start is filled in`, async () => {
      const config = parseConfig(bindings);
      check(signInPage(config, { formToken: "f", next: "/console", token: "from-the-link" }), "filled in");
      check(refusedPage(config, "session"), "session refused");
      check(refusedPage(config, "csrf"), "csrf refused");
      const session = s[language];
      if (!session) throw new Error(`no ${language} session`);
      const forged = await session.post("/console/logout", { _csrf: "forged" });
      expect(forged.status).toBe(403);
      check(await forged.text(), "forged form");
      const anonymous = await postForm("/console/logout", {}, { "CF-Connecting-IP": newClient() }, bindings);
      expect(anonymous.status).toBe(403);
      check(await anonymous.text(), "no session");
    });
  }

  it("says the console is closed in its language, the operator's part in English", async () => {
    const closed = await request("/console", {}, { ...XA, ADMIN_TOKEN: "too-short" });
    expect(closed.status).toBe(503);
    const [first = ""] = (await closed.text()).split("\n\n");
    expect(untranslatedInText(first)).toEqual([]);
  });
});

describe("the console's overview and digest pages", () => {
  it("have nothing to send yet", async () => {
    expectTranslated(await pages(s, "/console"), "empty overview");
    expectTranslated(await pages(s, "/console/digest"), "nothing to send");
    expectTranslated(await pages(s, "/console/digest?done=nothing-new"), "nothing new notice");
    expectTranslated(await pages(s, "/console/digest?done=taken"), "taken notice");
    expectTranslated(await pages(s, "/console/digest/test", { to: TESTER }), "test with nothing to send");
  });

  it("show the next digest, its test copies and their failures", async () => {
    expect((await publish(reportInput())).status).toBe(201);
    const future = {
      title: SCHEDULED_TITLE,
      slug: "lich-tiep-cong-dan-2099",
      author: "Văn phòng",
      published: "2099-01-05T08:00:00+07:00",
      markdown: "Lịch tiếp công dân định kỳ.\n",
    };
    expect((await publish(future)).status).toBe(201);
    await addSubscriber(READER, "confirmed");
    await addSubscriber(FAILED_READER, "confirmed");
    const digest = await pages(s, "/console/digest");
    const subject = /<p><strong>[^<]*<\/strong>: ([^<]*) \(([^)<]*)\)/.exec(digest.en ?? "");
    // The digest's subject and period are the site's words (Vietnamese here).
    content.push(subject?.[1] ?? "(no subject)", subject?.[2] ?? "(no period)");
    expectTranslated(digest, "next digest");
    expectTranslated(await pages(s, "/console"), "overview with a next digest and a scheduled post");
    const sent = await pages(s, "/console/digest/test", { to: TESTER });
    const mailSubject = h.mails.at(-1)?.subject ?? "";
    content.push(mailSubject);
    expect(sent.en).toContain(`Test sent to ${TESTER}`);
    expectTranslated(sent, "test sent to a stranger");
    expectTranslated(await pages(s, "/console/digest/test", { to: READER }), "test sent to a subscriber");
    h.failures.set(TESTER, SMTP_REFUSAL);
    expectTranslated(await pages(s, "/console/digest/test", { to: TESTER }), "test refused by the relay");
    h.failures.delete(TESTER);
    expectTranslated(await pages(s, "/console/digest/send"), "send confirmation");
  });

  it("show a digest going out, then paused with a failure", async () => {
    const confirm = await (await s.en?.get("/console/digest/send"))?.text();
    const send = await s.en?.post("/console/digest/send", { fingerprint: hidden(confirm ?? "", "fingerprint") });
    expect(send?.status).toBe(303);
    expect(send?.headers.get("Location")).toMatch(/\/console\/digests\/1$/);
    const sending = await pages(s, "/console/digests/1");
    expect(sending.en).toContain("0/2 (0%) · sending…");
    expectTranslated(sending, "sending");
    expectTranslated(await pages(s, "/console/digest"), "digest page while sending");
    const failedId = await env.DB.prepare("SELECT id FROM subscribers WHERE email = ?")
      .bind(FAILED_READER)
      .first<number>("id");
    // The reader's delivery fails (as a send refused for good would leave it).
    await env.DB.prepare(
      "INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, last_error, updated_ms) VALUES (1, ?, 'failed', 0, ?, ?)",
    )
      .bind(failedId, SMTP_REFUSAL, Date.now())
      .run();
    const now = Date.now();
    await pauseDigest(env.DB, 1, {
      kind: "cooldown",
      reason: SMTP_REFUSAL,
      nowMs: now,
      triedMs: now,
      cooldownMs: 60_000,
      maxCooldownMs: 600_000,
    });
    const paused = await pages(s, "/console/digests/1");
    expect(paused.en).toContain(`Paused: ${SMTP_REFUSAL}`);
    expect(paused.en).toContain(`${FAILED_READER}: ${SMTP_REFUSAL} (0 attempts)`);
    expectTranslated(paused, "paused, with a failure");
    expectTranslated(await pages(s, "/console/digest"), "digest page with a paused digest");
    expectTranslated(await pages(s, "/console"), "overview after a digest");
    for (const [language, bindings] of [
      ["xa", XA],
      ["en", EN],
    ] as const) {
      const admin = await (await request("/admin/digests/1/status", { headers: ADMIN }, bindings)).text();
      expect(admin).toContain('<progress max="2" value="1"');
      if (language === "xa") expect(untranslatedInHtml(admin, content), "admin status").toEqual([]);
      else expect(vietnameseIn(admin), "admin status").toEqual([]);
    }
  });

  it("say every state of a digest's progress and failures in the console's language", () => {
    const status = (over: Partial<DigestStatus>): DigestStatus => ({
      number: 7,
      kind: "digest",
      renders: null,
      nothingFor: null,
      subject: "Bản tin số 7",
      createdAt: "2026-11-30T08:05:00+07:00",
      total: 3,
      state: "done",
      pause: null,
      counts: { queued: 0, sending: 0, sent: 2, failed: 1, skipped: 0 },
      failures: [{ subscriberId: 42, email: null, attempts: 1, reason: null }],
      ...over,
    });
    const states = [
      status({}),
      status({ state: "stalled", counts: { queued: 3, sending: 0, sent: 0, failed: 0, skipped: 0 }, failures: [] }),
      status({
        state: "paused",
        pause: { kind: "operator", reason: SMTP_REFUSAL, sinceMs: 0, resumesAtMs: null },
      }),
      status({ total: 0, counts: { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 }, failures: [] }),
    ];
    for (const [language, bindings] of [
      ["xa", XA],
      ["en", EN],
    ] as const) {
      const config = parseConfig(bindings);
      const allowed = [...content, "Bản tin số 7"];
      for (const s of states) {
        for (const html of [
          digestStatusConsolePage(config, VIEWER, s, null),
          digestStatusPage(config, s),
          digestConsolePage(config, VIEWER, {
            next: null,
            sending: [s],
            archive: [],
            notice: { ok: false, text: message("console-digest.test.tooMany", { minutes: 10 }) },
          }),
        ]) {
          if (language === "xa") expect(untranslatedInHtml(html, allowed), s.state).toEqual([]);
          else expect(vietnameseIn(html.split("Bản tin số 7").join("")), s.state).toEqual([]);
        }
      }
    }
  });
});

describe("an English console on a Vietnamese site", () => {
  it("speaks English in the console and leaves the site Vietnamese", async () => {
    const consolePage = await (await s.en?.get("/console"))?.text();
    expect(consolePage).toContain('<html lang="en">');
    expect(consolePage).toContain(">Overview</h1>");
    expect(consolePage).toContain(">Sign out</button>");
    const home = await (await request("/", {}, EN)).text();
    expect(home).toContain('<html lang="vi"');
    expect(home).toContain("Chủ đề");
    expect(home).not.toContain("Overview");
  });
});
