// The site's pages and the subscription flow in the site's language: under the pseudo-language every
// word a reader sees comes from the catalogue (test/untranslated.ts), and an English site shows no
// Vietnamese. Content this file writes (titles, tags, addresses, the site's title) is allowed.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { message } from "../../src/i18n/index.ts";
import { normaliseAddress, SMTPUTF8_UNSUPPORTED } from "../../src/subscribers/address.ts";
import { findByMailbox } from "../../src/subscribers/repository.ts";
import { signToken } from "../../src/subscribers/tokens.ts";
import { digestArchivePage } from "../../src/views/pages.tsx";
import { subscribeErrorPage, tokenProblemPage } from "../../src/views/subscription.tsx";
import { ADMIN, publish, request } from "../helpers.ts";
import { confirmTokenOf, subscriptionHarness } from "../subscriptions.ts";
import { untranslatedInHtml, untranslatedInText } from "../untranslated.ts";

const SITE = { SITE_TITLE: "County Bulletin", SITE_DESCRIPTION: "News from the county, on the web and by email." };
const POST = {
  slug: "county-fair-opens",
  title: "County fair opens on Saturday",
  summary: "Rides, livestock and a pie contest.",
  author: "Jane Doe",
  language: "en",
  // Tuesday 13 July 2021, 08:05 in the site's time zone (Asia/Ho_Chi_Minh).
  published: "2021-07-13T08:05:00+07:00",
  tags: ["Events", "Farming"],
  markdown: "The fair opens at nine.\n\nTickets are free for children.",
};
const WITHDRAWN = {
  slug: "road-closure",
  title: "Road closure on Main Street",
  author: "Jane Doe",
  language: "en",
  published: "2021-07-12T09:00:00+07:00",
  markdown: "Main Street is closed.",
};
const ADDRESS = "reader@example.org";
/** What this file wrote, and the proper names that stay literal (the footer's feed links). */
const CONTENT = [
  SITE.SITE_TITLE,
  SITE.SITE_DESCRIPTION,
  POST.title,
  POST.summary,
  POST.author,
  ...POST.tags,
  "The fair opens at nine.",
  "Tickets are free for children.",
  ADDRESS,
  "RSS",
  "Atom",
  "JSON Feed",
];
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

const h = subscriptionHarness();
const pseudo = { ...h.bindings, ...SITE, SITE_LANGUAGE: "en-XA", CONSOLE_LANGUAGE: "en-XA" } as Env;
const english: Env = { ...h.bindings, ...SITE, SITE_LANGUAGE: "en" };
const pseudoConfig = parseConfig({ SITE_URL: "https://bantin.example", ...SITE, SITE_LANGUAGE: "en-XA" });
const englishConfig = parseConfig({ SITE_URL: "https://bantin.example", ...SITE, SITE_LANGUAGE: "en" });

const form = (body: Record<string, string>, ip: string) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": ip },
  body: new URLSearchParams(body).toString(),
});
const json = (body: unknown, ip: string) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
  body: JSON.stringify(body),
});

/** The page at `path` under both settings: its status, pseudo-language leftovers, and the English page. */
async function both(path: string, init?: () => RequestInit) {
  const p = await request(path, init?.(), pseudo);
  const e = await request(path, init?.(), english);
  return { status: p.status, pseudo: await p.text(), english: await e.text(), englishStatus: e.status };
}

function expectTranslated(page: { pseudo: string; english: string }, label: string) {
  expect(untranslatedInHtml(page.pseudo, CONTENT), label).toEqual([]);
  expect(page.english.match(VIETNAMESE), label).toBeNull();
}

describe("the site's pages in the site's language", () => {
  it("words the empty home, topics and digest pages, and the 404", async () => {
    for (const path of ["/", "/tags", "/digests", "/no-such-page", "/posts/no-such-post"]) {
      const page = await both(path);
      expectTranslated(page, path);
    }
    const home = await both("/");
    expect(home.english).toContain("<p>No posts yet.</p>");
    expect((await both("/no-such-page")).english).toContain("<h1>Page not found</h1>");
  });

  it("words the home, post, topics and topic pages, with English dates", async () => {
    expect((await publish(POST)).status).toBe(201);
    for (const path of ["/", `/posts/${POST.slug}`, "/tags", "/tags/events"]) {
      const page = await both(path);
      expect(page.status, path).toBe(200);
      expectTranslated(page, path);
    }
    const post = await both(`/posts/${POST.slug}`);
    expect(post.english).toContain(`<time datetime="${POST.published}">Tuesday, 13 July 2021</time>`);
    expect(post.english).toContain('<p class="tags">Topics: <a href=');
    const tags = await both("/tags");
    expect(tags.english).toContain("Events</a> (1 post)");
    const tag = await both("/tags/events");
    expect(tag.english).toContain("<h1>Topic: Events</h1>");
    expect(tag.english).toMatch(/1 post · follow this topic: <a href="[^"]+\/tags\/events\/rss\.xml">RSS<\/a>/);
  });

  it("words the page of a withdrawn post (410)", async () => {
    expect((await publish(WITHDRAWN)).status).toBe(201);
    expect((await request(`/admin/posts/${WITHDRAWN.slug}`, { method: "DELETE", headers: ADMIN })).status).toBe(200);
    const page = await both(`/posts/${WITHDRAWN.slug}`);
    expect(page.status).toBe(410);
    expectTranslated(page, "410");
    expect(page.english).toContain("<h1>This post has been removed</h1>");
  });

  it("words the digest archive with a sent issue and the next one as a preview", () => {
    // The subject and period are the digest's own (composed elsewhere): content here.
    const sent = [{ number: 1, createdMs: Date.UTC(2021, 6, 13, 1, 5), period: "06/07 – 13/07", subject: "Issue one" }];
    const upcoming = { number: 2, period: "14/07 – 20/07", subject: "Issue two" };
    const render = (config: typeof pseudoConfig) => digestArchivePage(config, sent as never, upcoming as never);
    const allowed = [...CONTENT, "Issue one", "Issue two"];
    expect(untranslatedInHtml(render(pseudoConfig), allowed)).toEqual([]);
    const en = render(englishConfig);
    expect(en.match(VIETNAMESE)).toBeNull();
    expect(en).toContain("Sent Tuesday, 13 July 2021");
  });

  it("titles the feeds and the OPML lists' topics in the site's language", async () => {
    const atom = await (await request("/tags/events/atom.xml", undefined, english)).text();
    expect(atom).toContain("<title>County Bulletin – Topic: Events</title>");
    const opml = await (await request("/feeds.opml", undefined, english)).text();
    expect(opml).toContain('<outline text="Topics" title="Topics">');
    const pseudoOpml = await (await request("/feeds.opml", undefined, pseudo)).text();
    expect(pseudoOpml).toMatch(/<outline text="⟦[^"]+⟧" title=/);
  });

  it("answers 503, 413 and closed subscriptions in the site's (or the console's) language", async () => {
    const big = () => ({
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(1 << 20) },
      body: new Uint8Array(1 << 20),
    });
    for (const path of ["/subscribe", "/console/login"]) {
      const page = await both(path, big);
      expect(page.status, path).toBe(413);
      expect(untranslatedInText(page.pseudo), path).toEqual([]);
      expect(page.english.match(VIETNAMESE), path).toBeNull();
    }
    expect((await both("/subscribe", big)).english).toBe("What you sent is too large: this page takes at most 16 KB.");

    const closed = await request("/subscribe", form({ email: ADDRESS }, "192.0.2.1"), { ...pseudo, TOKEN_SECRET: "" });
    expect(closed.status).toBe(503);
    // The setting's name stays as it is.
    expect(untranslatedInText(await closed.text(), ["TOKEN_SECRET"])).toEqual([]);
    const noMail = await request("/subscribe", form({ email: ADDRESS }, "192.0.2.1"), {
      ...pseudo,
      SMTP_URL: "http//wrong",
    });
    expect(noMail.status).toBe(503);
    const noMailText = await noMail.text();
    // The operator's detail (which setting is wrong) is the mail module's, in English: inside the brackets.
    expect(noMailText).toMatch(/^⟦.*SMTP_URL must.*⟧$/s);
    expect(untranslatedInText(noMailText)).toEqual([]);

    // A post whose page cannot be built: 503 with Retry-After.
    expect((await publish({ ...POST, slug: "broken-post", title: "Broken" })).status).toBe(201);
    await env.DB.batch([
      env.DB.prepare("UPDATE posts SET sections = '{not json' WHERE slug = 'broken-post'"),
      env.DB.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
    ]);
    const errors = console.error;
    console.error = () => {};
    try {
      const unavailable = await both("/posts/broken-post");
      expect(unavailable.status).toBe(503);
      expect(untranslatedInText(unavailable.pseudo)).toEqual([]);
      expect(unavailable.english).toBe("This page can’t be shown right now. Please try again in a few minutes.");
    } finally {
      console.error = errors;
    }
    await env.DB.batch([
      env.DB.prepare("UPDATE posts SET sections = '[]' WHERE slug = 'broken-post'"),
      env.DB.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
    ]);
    expect((await request("/admin/posts/broken-post", { method: "DELETE", headers: ADMIN })).status).toBe(200);
  });
});

describe("the subscription flow in the site's language", () => {
  it("words the form with every address error shown", () => {
    const refusals = [
      "",
      `${"a".repeat(65)}@example.org`,
      "a\u202eb@example.org",
      "no-at-sign",
      "a b@example.org",
      "ad\u043cin@example.org",
      "a@-example.org",
    ].map((raw) => {
      const check = normaliseAddress(raw);
      if (check.ok) throw new Error(`${raw} was accepted`);
      return { raw, message: check.message };
    });
    expect(new Set(refusals.map((r) => r.message.key)).size).toBe(refusals.length);
    refusals.push({ raw: "người@example.org", message: SMTPUTF8_UNSUPPORTED });
    refusals.push({ raw: "", message: message("subscription.error.unreadableForm") });
    for (const { raw, message: m } of refusals) {
      const html = subscribeErrorPage(pseudoConfig, m, raw);
      expect(untranslatedInHtml(html, CONTENT), m.key).toEqual([]);
      expect(html, m.key).toContain('role="alert">⟦');
      const en = subscribeErrorPage(englishConfig, m, "");
      expect(en.match(VIETNAMESE), m.key).toBeNull();
    }
    expect(subscribeErrorPage(englishConfig, refusals[0]?.message ?? SMTPUTF8_UNSUPPORTED, "")).toContain(
      'placeholder="you@example.com"',
    );
  });

  it("words every page of subscribing, confirming and unsubscribing, and the JSON answers", async () => {
    const invalid = await both("/subscribe", () => form({ email: "a b@example.org" }, "192.0.2.10"));
    expect(invalid.status).toBe(400);
    expectTranslated(invalid, "invalid");
    expect(invalid.english).toContain("That email address isn’t valid");

    const accepted = await request("/subscribe", form({ email: ADDRESS }, "192.0.2.11"), pseudo);
    expect(accepted.status).toBe(200);
    expect(untranslatedInHtml(await accepted.text(), CONTENT)).toEqual([]);
    const acceptedEn = await request("/subscribe", form({ email: "other@example.org" }, "192.0.2.12"), english);
    expect((await acceptedEn.text()).match(VIETNAMESE)).toBeNull();

    for (const [body, status] of [
      [{ email: "a b@example.org" }, 400],
      [{ email: "json@example.org" }, 202],
    ] as const) {
      const res = await request("/subscribe", json(body, "192.0.2.13"), pseudo);
      expect(res.status).toBe(status);
      const answer = (await res.json()) as { error?: string; message?: string };
      expect(untranslatedInText(answer.error ?? answer.message ?? "")).toEqual([]);
    }

    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await request("/subscribe", form({ email: `flood${i}@example.org` }, "198.51.100.9"), pseudo);
    }
    expect(last?.status).toBe(429);
    expect(untranslatedInHtml((await last?.text()) ?? "", CONTENT)).toEqual([]);
    const limitedJson = await request("/subscribe", json({ email: "x@example.org" }, "198.51.100.9"), pseudo);
    expect(limitedJson.status).toBe(429);
    expect(untranslatedInText(((await limitedJson.json()) as { error: string }).error)).toEqual([]);

    await h.drain();
    const token = confirmTokenOf(h.mails.find((m) => m.to === ADDRESS));
    expect(token).not.toBe("");
    const confirmLink = `/confirm?token=${encodeURIComponent(token)}`;
    const action = await both(confirmLink);
    expect(action.status).toBe(200);
    expectTranslated(action, "confirm button");
    expect(action.english).toContain(`Press the button to start receiving the newsletter at ${ADDRESS}.`);
    const confirmed = await request("/confirm", form({ token }, "192.0.2.14"), pseudo);
    expect(confirmed.status).toBe(200);
    expect(untranslatedInHtml(await confirmed.text(), CONTENT)).toEqual([]);
    const confirmedEn = await request("/confirm", form({ token }, "192.0.2.14"), english);
    expect((await confirmedEn.text()).match(VIETNAMESE)).toBeNull();

    const subscriber = await findByMailbox(env.DB, ADDRESS);
    if (!subscriber) throw new Error("not stored");
    const leave = await signToken("test-token-secret", "unsubscribe", subscriber.handle, subscriber.email, Date.now());
    const leaveLink = `/unsubscribe?token=${encodeURIComponent(leave)}`;
    const leaveButton = await both(leaveLink);
    expect(leaveButton.status).toBe(200);
    expectTranslated(leaveButton, "unsubscribe button");
    const left = await request("/unsubscribe", form({ token: leave }, "192.0.2.15"), pseudo);
    expect(left.status).toBe(200);
    expect(untranslatedInHtml(await left.text(), CONTENT)).toEqual([]);
    const leftEn = await request("/unsubscribe", form({ token: leave }, "192.0.2.15"), english);
    expect((await leftEn.text()).match(VIETNAMESE)).toBeNull();

    const broken = await both("/confirm?token=not-a-token");
    expect(broken.status).toBe(400);
    expectTranslated(broken, "malformed token");
  });

  it("words every problem a link can have", () => {
    for (const reason of ["malformed", "forged", "expired", "unknown"] as const) {
      expect(untranslatedInHtml(tokenProblemPage(pseudoConfig, reason), CONTENT), reason).toEqual([]);
      expect(tokenProblemPage(englishConfig, reason).match(VIETNAMESE), reason).toBeNull();
    }
  });
});
