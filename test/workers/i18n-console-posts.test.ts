// The console's posts speak the console's language (CONSOLE_LANGUAGE): under the pseudo-language
// every word of the list, the post form (its hints, its errors), the preview note, the notices after
// saving and the withdrawal confirmation comes from the catalogue; in English none is Vietnamese.
// The whole page is read, the console's shell (nav, title, footer) included; the site's title is content.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, publish, request } from "../helpers.ts";
import { untranslatedInHtml, untranslatedInText } from "../untranslated.ts";
import { type Signed, signIn } from "./console-harness.ts";

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

/** Everything this test writes that a page shows back (all ASCII, so the English check can read it all). */
const CONTENT = [
  env.SITE_TITLE,
  "Another post",
  "Sent post",
  "Fresh post",
  "Draft post",
  "Later post",
  "Gone post",
  "Filler",
  "Ann Author",
];
CONTENT.push("Local", "Lead of", "Section", "Text.", "Gone section", "old point", "nothing-like-this", "sent-post");

const LONG_SUMMARY = "s".repeat(5000);
const LONG_POINT = "p".repeat(2000);
CONTENT.push("deep", LONG_SUMMARY, LONG_POINT);

const localIn = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 19);

function fields(title: string, slug: string, action: string, date = "2026-11-20T09:00:00") {
  return {
    title,
    slug,
    author: "Ann Author",
    date,
    offset: "+07:00",
    tags: "Local",
    summary: "",
    language: "en",
    markdown: `Lead of ${title}.\r\n\r\n## Section\r\n\r\nText.\r\n`,
    action,
  };
}

/** The Worker's bindings with the console in another language (CONSOLE_LANGUAGE is optional, so not in Env). */
const consoleIn = (language: string): Env => ({ ...env, CONSOLE_LANGUAGE: language }) as Env;

const main = (html: string) => html;

type Visited = { name: string; status: number; html?: string; text?: string };

/** Every page and answer of the console's posts, in one language's console. */
async function visitAll(s: Signed): Promise<Visited[]> {
  const out: Visited[] = [];
  const page = async (name: string, res: Promise<Response>) => {
    const r = await res;
    out.push({ name, status: r.status, html: main(await r.text()) });
  };
  await page("list", s.get("/console/posts"));
  await page("list, a search that finds nothing", s.get("/console/posts?q=nothing-like-this"));
  await page("list, a search", s.get("/console/posts?q=sent"));
  await page("list, drafts only", s.get("/console/posts?state=draft"));
  await page("list, second page", s.get("/console/posts?page=2"));
  await page("new post", s.get("/console/posts/new"));
  const empty = { ...fields("", "", "publish"), author: "", markdown: "", date: "2021-13-40T10:00" };
  await page(
    "form with errors",
    s.post("/console/posts/new", {
      ...empty,
      slug: "Not A Slug",
      tags: "<b>",
      language: "not a tag",
      "kp_section[]": "Gone section",
      "kp_points[]": "old point",
    }),
  );
  await page(
    "form with limits passed",
    s.post("/console/posts/new", {
      ...fields("x".repeat(301), "", "publish"),
      tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(","),
      markdown: `${">".repeat(30)} deep`,
    }),
  );
  await page(
    "form with a key point too long",
    s.post("/console/posts/new", {
      ...fields("Fresh post", "", "publish"),
      summary: LONG_SUMMARY,
      "kp_section[]": "Section",
      "kp_points[]": LONG_POINT,
    }),
  );
  await page("form, slug taken", s.post("/console/posts/new", fields("Fresh post", "sent-post", "publish")));
  const future = localIn(Date.now() + 3 * 24 * 3600_000);
  await page(
    "form, published in the future",
    s.post("/console/posts/new", fields("Another post", "", "publish", future)),
  );
  await page("form, scheduled in the past", s.post("/console/posts/new", fields("Another post", "", "schedule")));
  await page(
    "form, a published post saved as a draft",
    s.post("/console/posts/fresh-post", fields("Fresh post", "fresh-post", "draft")),
  );
  await page("preview before the first", s.get("/console/frame/post"));
  await page("preview with errors", s.post("/console/frame/post", empty));
  for (const slug of ["draft-post", "later-post", "gone-post", "fresh-post", "sent-post"]) {
    await page(`edit ${slug}`, s.get(`/console/posts/${slug}`));
  }
  for (const done of ["draft", "scheduled", "published", "restored", "updated", "unchanged", "withdrawn"]) {
    for (const slug of ["fresh-post", "sent-post"]) {
      await page(`notice ${done} on ${slug}`, s.get(`/console/posts/${slug}?done=${done}`));
    }
  }
  await page("withdraw, never sent", s.get("/console/posts/fresh-post/withdraw"));
  await page("withdraw, sent in a digest", s.get("/console/posts/sent-post/withdraw"));
  const refused = await s.post("/console/posts/draft-post/withdraw", {});
  out.push({ name: "withdrawing a draft", status: refused.status, text: await refused.text() });
  return out;
}

beforeAll(async () => {
  const s = await signIn();
  const save = async (f: Record<string, string>) => expect((await s.post("/console/posts/new", f)).status).toBe(303);
  await save(fields("Sent post", "sent-post", "publish"));
  expect((await request("/admin/digests", { method: "POST", headers: ADMIN })).status).toBe(201);
  await save(fields("Fresh post", "fresh-post", "publish"));
  await save(fields("Draft post", "draft-post", "draft"));
  await save(fields("Later post", "later-post", "schedule", localIn(Date.now() + 3 * 24 * 3600_000)));
  await save(fields("Gone post", "gone-post", "publish"));
  expect((await s.post("/console/posts/gone-post/withdraw", {})).status).toBe(303);
  // More than a page of posts (50), so the list pages.
  for (let i = 0; i < 47; i++) {
    const res = await publish({
      title: `Filler ${i}`,
      slug: `filler-${i}`,
      author: "Ann Author",
      published: "2026-11-01T09:00:00+07:00",
      tags: ["Local"],
      language: "en",
      markdown: `Lead of Filler ${i}.`,
    });
    expect(res.status).toBeLessThan(300);
  }
});

describe("the console's posts under the pseudo-language", () => {
  it("show no word outside the catalogue on any page, error, notice or answer", async () => {
    const visited = await visitAll(await signIn(consoleIn("en-XA")));
    expect(visited).toHaveLength(37);
    const found = visited.flatMap((v) =>
      (v.html !== undefined ? untranslatedInHtml(v.html, CONTENT) : untranslatedInText(v.text ?? "", CONTENT)).map(
        (hit) => `${v.name}: ${hit}`,
      ),
    );
    expect(found).toEqual([]);
    // The pages are the ones meant: each state was reached.
    const byName = new Map(visited.map((v) => [v.name, v]));
    expect(byName.get("form with errors")?.status).toBe(400);
    expect(byName.get("form, slug taken")?.status).toBe(409);
    expect(byName.get("withdrawing a draft")?.status).toBe(409);
    expect(byName.get("list, second page")?.html).toContain("Filler");
    expect(byName.get("list, a search that finds nothing")?.html).not.toContain("<table");
  });
});

describe("the console's posts in English", () => {
  it("show no Vietnamese letter on any page, error, notice or answer", async () => {
    const visited = await visitAll(await signIn(consoleIn("en")));
    // The site's title (Vietnamese in the test settings) is content the shell shows.
    const vietnamese = visited
      .filter((v) => VIETNAMESE.test((v.html ?? v.text ?? "").split(env.SITE_TITLE).join(" ")))
      .map((v) => v.name);
    expect(vietnamese).toEqual([]);
    const byName = new Map(visited.map((v) => [v.name, v]));
    // Each page is the state it is named after.
    const expected: Record<string, string[]> = {
      "list, a search that finds nothing": ["0 posts", "No posts."],
      "form with errors": ["Title: can’t be empty", "Slug: only lower-case", "Gone section (no longer in the post)"],
      "form with limits passed": ["at most 300 characters", "Tags: at most 20 entries", "nested more than 20"],
      "form with a key point too long": ["Key points: at most 1,000 characters", "Summary: at most 2,000 characters"],
      "form, slug taken": ["Slug: “sent-post” already belongs to another post"],
      "form, published in the future": ["Publication date: is in the future"],
      "form, scheduled in the past": ["Publication date: must be in the future"],
      "form, a published post saved as a draft": ["readers have already seen this post"],
      "preview before the first": ["Click “Preview”"],
      "preview with errors": ["Can’t preview yet:", "Title: can’t be empty"],
      "edit later-post": ["Goes live at "],
      "edit gone-post": ["Republish"],
      "edit fresh-post": ["Update published post", "View on the site"],
      "notice withdrawn on sent-post": ["Withdrawn: the post is no longer on the site or in the feeds. It went out"],
      "withdraw, sent in a digest": ["It went out in digest #1 at "],
      "withdraw, never sent": ["It hasn’t gone out in any digest"],
    };
    const missing = Object.entries(expected).flatMap(([name, words]) =>
      words.filter((w) => !byName.get(name)?.html?.includes(w)).map((w) => `${name}: ${w}`),
    );
    expect(missing).toEqual([]);
    expect(byName.get("list, second page")?.html).toContain("52 posts · page 2 of 2");
    expect(byName.get("notice updated on sent-post")?.html).toContain("It went out in digest #1 at ");
    expect(byName.get("withdrawing a draft")?.text).toBe("This post isn’t published, so there’s nothing to withdraw.");
  });
});
