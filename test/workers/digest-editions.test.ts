import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { createEditionedDigest, editionEmail, type StoredEdition } from "../../src/delivery/sends-repository.ts";
import { composeDigest } from "../../src/digest/compose.ts";
import { editionRenderer, MARK_CLOSE, MARK_OPEN, type MarkedHtml, renderDigestEmail } from "../../src/digest/render.ts";
import type { Post } from "../../src/posts/model.ts";
import { listPosts } from "../../src/posts/repository.ts";
import { publish, reportInput } from "../helpers.ts";

/** An edition's HTML from its marked form, as storage rebuilds it: each marker replaced by the text it stands for. */
const unmarked = (m: MarkedHtml): string =>
  m.shared.reduce((html, text, k) => html.split(`${MARK_OPEN}${k}${MARK_CLOSE}`).join(text), m.html);

const config = parseConfig(env);
const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 30, 1, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "+00:00");

// Posts whose text needs escaping, on several days (the period is a range), one with a preheader
// with long headings (the preheader is cut at 140 characters) and one with none of its own.
const inputs = [
  {
    title: `Hội nghị "Dân vận khéo" & <tổng kết> năm 2026`,
    tags: ["lang-son"],
    published: iso(T - 2 * DAY),
    markdown: `Mở đầu: 5 > 3 & "trích dẫn" <b>không phải thẻ</b>.\n\n## Kết quả & bài học\n\nCác xã đã hoàn thành kế hoạch. Một câu nữa.`,
  },
  {
    title: "Tin ngắn",
    tags: ["kinh-te"],
    published: iso(T - DAY),
    markdown: `Tin ngắn không có mục nào.`,
  },
  {
    title: "Một tin rất dài về nhiều nội dung",
    tags: ["van-hoa"],
    published: iso(T),
    markdown: `Mở đầu.\n\n## ${"Tiêu đề mục rất dài của bài ".repeat(4).trim()}\n\nĐiểm một.\n\n## ${"Một mục thứ hai cũng dài ".repeat(3).trim()}\n\nĐiểm hai.`,
  },
];

let posts: Post[] = [];

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  for (const input of inputs) expect((await publish({ author: "Ban Dân vận", ...input })).status).toBe(201);
  posts = (await listPosts(env.DB, 20)).value;
  expect(posts.length).toBeGreaterThanOrEqual(4);
});

const part = (ids: Set<string>) => {
  const content = composeDigest(
    7,
    posts.filter((p) => ids.has(p.id)),
    config,
  );
  if (!content) throw new Error("no edition composed");
  return content;
};

describe("a digest's editions composed from pieces", () => {
  it("are, byte for byte, the email a whole render of their posts gives", async () => {
    const whole = part(new Set(posts.map((p) => p.id)));
    const render = await editionRenderer(whole, config);
    const ids = whole.postIds;
    const sets = [
      ids,
      [ids[0]],
      [ids[1]],
      [ids.at(-1)],
      [ids[1], ids[2]],
      [ids[0], ids.at(-1)],
      ids.filter((_, i) => i % 2 === 1),
    ].map((s) => new Set(s.filter((id): id is string => id !== undefined)));
    const preheaders = new Set<number>();
    for (const set of sets) {
      const edition = part(set);
      preheaders.add(edition.preheader.length);
      const composed = await render(edition);
      const full = await renderDigestEmail(edition, config);
      expect(composed.html).toBe(full.html);
      expect(composed.text).toBe(full.text);
      expect(composed.subject).toBe(full.subject);
      expect(composed.preheader).toBe(full.preheader);
    }
    // Preheaders of several lengths came through (the Preview pads each to 150 characters).
    expect(preheaders.size).toBeGreaterThan(2);
    // What needed escaping was there, escaped.
    const tricky = await render(
      part(new Set([ids.find((id) => posts.find((p) => p.id === id)?.title.includes("&")) ?? ""])),
    );
    expect(tricky.html).toContain(
      "<title>Bản tin Dân vận số 7: Hội nghị &quot;Dân vận khéo&quot; &amp; &lt;tổng kết> năm 2026</title>",
    );
    expect(tricky.html).not.toContain("bantinslot");
  });

  it("holds the posts an edition has, in the digest's order, and none other", async () => {
    const whole = part(new Set(posts.map((p) => p.id)));
    const render = await editionRenderer(whole, config);
    const edition = part(new Set([whole.postIds[0] ?? "", whole.postIds[2] ?? ""]));
    const { html } = await render(edition);
    const titles = whole.posts.map((p) => html.indexOf(p.url));
    expect(titles[0]).toBeGreaterThan(0);
    expect(titles[2]).toBeGreaterThan(titles[0] ?? 0);
    expect(titles.filter((at) => at >= 0)).toHaveLength(2);
  });

  it("are stored byte for byte as composed, though sent to storage without the text they share", async () => {
    const whole = part(new Set(posts.map((p) => p.id)));
    const render = await editionRenderer(whole, config);
    const ids = whole.postIds;
    const sets = [[ids[0]], [ids[1], ids[2]], [ids[0], ids.at(-1)], ids.filter((_, i) => i % 2 === 1)].map(
      (s) => new Set(s.filter((id): id is string => id !== undefined)),
    );
    const email = await renderDigestEmail(whole, config);
    const editions: StoredEdition[] = [{ postIds: ids, recipients: 1, email }];
    for (const set of sets) {
      const rendered = await render(part(set));
      if (!rendered.marked) throw new Error("a composed edition comes marked");
      // The marked form is far smaller, and gives the HTML back.
      expect(rendered.marked.html.length * 4).toBeLessThan(rendered.html.length);
      expect(unmarked(rendered.marked)).toBe(rendered.html);
      editions.push({ postIds: [...set], recipients: 1, email: rendered });
    }
    const stored = await createEditionedDigest(env.DB, {
      content: whole,
      email,
      createdAt: iso(T),
      createdMs: T,
      editions,
      // No posts for readers: no windows, only the editions under test.
      posts: [],
      windowSize: 50,
      nothingFor: 0,
    });
    expect(stored).toBe(0);
    for (const [i, e] of editions.entries()) {
      const back = await editionEmail(env.DB, whole.number, i + 1);
      expect(back?.html).toBe(e.email.html);
      expect(back?.text).toBe(e.email.text);
    }
  });

  it("are not marked when their text holds a marker's character", async () => {
    const whole = part(new Set(posts.map((p) => p.id)));
    const odd = { ...whole, posts: whole.posts.map((p, i) => (i === 1 ? { ...p, title: `${p.title} \uE001` } : p)) };
    const render = await editionRenderer(odd, config);
    const [id, post] = [odd.postIds[1], odd.posts[1]];
    if (!id || !post) throw new Error("the digest has a second post");
    const rendered = await render({ ...odd, postIds: [id], posts: [post] });
    expect(rendered.html).toContain("\uE001");
    expect(rendered.marked).toBeUndefined();
    // An edition's own text (its subject) with one: not marked either.
    const plain = await editionRenderer(whole, config);
    const edition = part(new Set([whole.postIds[0] ?? ""]));
    expect((await plain({ ...edition, subject: `${edition.subject} \uE000` })).marked).toBeUndefined();
    expect((await plain(edition)).marked).toBeDefined();
  });
});
