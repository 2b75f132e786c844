// Both emails and the digest's web edition in the site's language: under the pseudo-language every
// word a reader sees (HTML, text part, subject, preheader, footer, the web page) comes from a
// catalogue, and an English site shows no Vietnamese outside the posts the test wrote.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { absoluteUrl, parseConfig, type SiteConfig } from "../../src/config.ts";
import { composeDigest, type DigestContent, testCopySubject } from "../../src/digest/compose.ts";
import {
  RECIPIENT_UNSUBSCRIBE_URL,
  type RenderedDigest,
  renderDigestEmail,
  renderDigestTestCopy,
  renderDigestWeb,
} from "../../src/digest/render.ts";
import { siteText } from "../../src/i18n/index.ts";
import { confirmationMail } from "../../src/mail/messages.ts";
import type { Post } from "../../src/posts/model.ts";
import { listPosts } from "../../src/posts/repository.ts";
import { digestPage } from "../../src/views/digest.tsx";
import { publish, request } from "../helpers.ts";
import { untranslatedInHtml, untranslatedInText } from "../untranslated.ts";

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

const settings = (language: string) => ({
  ...env,
  SITE_TITLE: "County Bulletin",
  SITE_LANGUAGE: language,
  MAIL_FROM: "County Bulletin <news@county.example>",
  MAIL_REPLY_TO: "editor@county.example",
});
const pseudo = parseConfig(settings("en-XA"));
const english = parseConfig(settings("en"));

// Three short English posts (each paragraph under the text part's 78 columns, so it stays on one
// line and can be named as content the test wrote), a day apart.
const POSTS = [
  ["county-fair", "County fair opens on Saturday", "2021-07-13T08:00:00+07:00"],
  ["library-hours", "Library extends its hours", "2021-07-14T08:00:00+07:00"],
  ["bridge-repairs", "Bridge repairs start in August", "2021-07-15T08:00:00+07:00"],
] as const;

let posts: Post[] = [];

beforeAll(async () => {
  for (const [slug, title, published] of POSTS) {
    const markdown = `${title} this week.\n\n## What changes\n\n- Doors open at nine.\n`;
    const res = await publish({ title, slug, author: "Clerk", published, language: "en", markdown });
    expect(res.status).toBe(201);
  }
  // Newest first, as the digest orders them.
  posts = (await listPosts(env.DB, 10)).value;
  expect(posts).toHaveLength(3);
});

/** What the test wrote or the site is configured with, which no catalogue holds. */
function contentOf(config: SiteConfig, content?: DigestContent): string[] {
  // The feeds' formats are proper names the site's shell shows as they are.
  const names = ["RSS", "Atom", "JSON Feed"];
  const site = [config.title, config.replyTo, absoluteUrl(config, "/"), RECIPIENT_UNSUBSCRIBE_URL, ...names];
  if (!content) return site;
  return [
    ...site,
    absoluteUrl(config, `/digests/${content.number}`),
    content.preheader,
    ...content.posts.flatMap((p) => [
      p.title,
      p.url,
      ...p.lead,
      ...p.sections.flatMap((s) => [s.heading, ...s.points]),
    ]),
  ];
}

/** Digest 1 of the newest `count` posts. */
function digestOf(config: SiteConfig, count: number): DigestContent {
  const content = composeDigest(1, posts.slice(0, count), config);
  if (!content) throw new Error("no digest composed");
  return content;
}

/** The digest as each reader gets it: a subscriber's email, a test copy, the web copy and its preview. */
async function renditions(
  content: DigestContent,
  config: SiteConfig,
): Promise<Record<"email" | "test copy" | "web copy" | "preview", RenderedDigest>> {
  return {
    email: await renderDigestEmail(content, config),
    "test copy": await renderDigestTestCopy(content, config),
    "web copy": await renderDigestWeb(content, config),
    preview: await renderDigestWeb(content, config, { preview: true }),
  };
}

/** The web edition's page, sent (with both neighbours) and as a preview; the subscribe form left out. */
function pages(content: DigestContent, config: SiteConfig): Record<string, string> {
  // The subscribe form belongs to the subscription pages, whose own test holds it to the catalogue.
  const withoutForm = (html: string) => html.replace(/<form class="subscribe"[\s\S]*?<\/form>/, "");
  return {
    sent: withoutForm(digestPage(config, { content, sentMs: Date.UTC(2021, 6, 16, 1), previous: 1, next: 3 })),
    preview: withoutForm(digestPage(config, { content, sentMs: null, previous: null, next: null })),
  };
}

describe("the emails and the web edition under the pseudo-language", () => {
  it("hold every word of the confirmation email in the catalogue", async () => {
    const confirmUrl = absoluteUrl(pseudo, "/confirm?token=abc");
    const mail = await confirmationMail(pseudo, "reader@county.example", confirmUrl);
    const allowed = [...contentOf(pseudo), confirmUrl];
    expect(untranslatedInText(mail.subject, allowed)).toEqual([]);
    expect(untranslatedInHtml(mail.html, allowed)).toEqual([]);
    expect(untranslatedInText(mail.text, allowed)).toEqual([]);
    expect(mail.html).toMatch(/<html[^>]* lang="en-XA"/);
    expect(mail.headers?.["Content-Language"]).toBe("en-XA");
  });

  for (const count of [1, 2, 3]) {
    it(`hold every word of a digest of ${count} post(s) in the catalogue, in each of its copies`, async () => {
      const content = digestOf(pseudo, count);
      const allowed = contentOf(pseudo, content);
      expect(untranslatedInText(content.subject, allowed)).toEqual([]);
      expect(untranslatedInText(content.period, allowed)).toEqual([]);
      expect(untranslatedInText(testCopySubject(siteText(pseudo), content.subject), allowed)).toEqual([]);
      for (const [name, rendered] of Object.entries(await renditions(content, pseudo))) {
        expect(untranslatedInText(rendered.preheader, allowed), name).toEqual([]);
        expect(untranslatedInHtml(rendered.html, allowed), name).toEqual([]);
        expect(untranslatedInText(rendered.text, allowed), name).toEqual([]);
      }
      for (const [name, html] of Object.entries(pages(content, pseudo))) {
        expect(untranslatedInHtml(html, allowed), name).toEqual([]);
      }
    });
  }

  it("serve the web edition and its text through the site in the pseudo-language", async () => {
    const bindings = settings("en-XA") as Env;
    const content = digestOf(pseudo, 3);
    const allowed = contentOf(pseudo, content);
    const page = await request("/digests/1", undefined, bindings);
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/<form class="subscribe"[\s\S]*?<\/form>/, "");
    expect(untranslatedInHtml(html, allowed)).toEqual([]);
    const text = await (await request("/digests/1.txt", undefined, bindings)).text();
    expect(untranslatedInText(text, allowed)).toEqual([]);
  });
});

describe("an English site", () => {
  it("sends the confirmation email in English", async () => {
    const mail = await confirmationMail(english, "reader@county.example", absoluteUrl(english, "/confirm?token=abc"));
    expect(mail.subject).toBe("Confirm your subscription to County Bulletin");
    expect(mail.text).toContain("The link works for 7 days.");
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(VIETNAMESE);
    expect(mail.html).toMatch(/<html[^>]* lang="en"/);
    expect(mail.headers?.["Content-Language"]).toBe("en");
  });

  it("names the digest and counts its other posts by English plural rules", () => {
    expect(digestOf(english, 1).subject).toBe("County Bulletin no. 1: Bridge repairs start in August");
    expect(digestOf(english, 2).subject).toBe("County Bulletin no. 1: Bridge repairs start in August and 1 other post");
    expect(digestOf(english, 3).subject).toBe(
      "County Bulletin no. 1: Bridge repairs start in August and 2 other posts",
    );
    expect(digestOf(english, 1).period).toBe("15/07/2021");
    expect(digestOf(english, 3).period).toBe("13/07/2021 to 15/07/2021");
    expect(digestOf(english, 1).posts[0]?.date).toBe("Thursday, 15 July 2021");
    expect(testCopySubject(siteText(english), "Issue")).toBe("[Test] Issue");
  });

  it("writes every copy of the digest and its web edition in English", async () => {
    const content = digestOf(english, 3);
    for (const [name, rendered] of Object.entries(await renditions(content, english))) {
      for (const part of [rendered.subject, rendered.preheader, rendered.html, rendered.text]) {
        expect(part, name).not.toMatch(VIETNAMESE);
      }
      expect(rendered.html, name).toMatch(/<html[^>]* lang="en"/);
      expect(rendered.text, name).toContain("Issue 1");
    }
    const { email, "test copy": copy, preview } = await renditions(content, english);
    expect(email.text.replace(/\s+/g, " ")).toContain("Change what you receive or unsubscribe");
    expect(copy.text).toContain("This is a test copy of County Bulletin");
    expect(preview.text).toContain("Preview: this issue hasn’t been sent yet.");
    for (const [name, html] of Object.entries(pages(content, english))) {
      expect(html, name).not.toMatch(VIETNAMESE);
      expect(html, name).toContain("<h1>Issue 1</h1>");
    }
    expect(pages(content, english).sent).toContain("13/07/2021 to 15/07/2021 · sent Friday, 16 July 2021");
  });
});
