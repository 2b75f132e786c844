import { describe, expect, it } from "vitest";
import { publish, request } from "../helpers.ts";

// Text an editor (or a compromised editor account) might send.
const HOSTILE_TITLE = `Tin ]]> nóng <script>alert('x')</script> & \u0007 🇻🇳 ]]>]]> ${"Lạng Sơn".normalize("NFD")}`;
const HOSTILE_BODY = [
  "Đoạn có ]]> và ]]> hai lần, <script>alert(1)</script>, ký tự điều khiển \u0000\u001B, emoji 🎉.",
  "",
  `## Phần ${"Đồng Đăng".normalize("NFD")}`,
  "",
  "[bấm](javascript:alert(1)) <iframe src=//evil></iframe>",
].join("\n");

describe("hostile text", () => {
  it("is escaped on pages and in every feed, with control characters removed and NFC restored", async () => {
    const res = await publish({
      title: HOSTILE_TITLE,
      slug: "hostile",
      author: "Tác giả <b>",
      published: "2021-07-14T09:00:00+07:00",
      tags: ['Đ&Đ "x"'],
      markdown: HOSTILE_BODY,
    });
    expect(res.status).toBe(201);

    const page = await (await request("/posts/hostile")).text();
    expect(page).not.toMatch(/<script|<iframe|javascript:/);
    expect(page).toContain("&lt;script&gt;");
    expect(page).toContain("Lạng Sơn");
    expect(page).toContain("Đồng Đăng");
    expect(page).not.toContain("\u0007");

    for (const path of ["/rss.xml", "/atom.xml"]) {
      const xml = await (await request(path)).text();
      expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
      // Outside CDATA sections there is no raw markup from the content.
      const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "");
      expect(outsideCdata).not.toMatch(/<script|<iframe|<b>|<tag>/);
      expect(xml).toContain("Lạng Sơn");
      expect(xml).toContain("🇻🇳");
      expect(xml).not.toContain("Lạng Sơn".normalize("NFD"));
    }
    const json = (await (await request("/feed.json")).json()) as { items: { title: string; content_html: string }[] };
    const item = json.items.find((i) => i.title.startsWith("Tin"));
    // The control character goes, and the spaces around it become one: titles are one line.
    expect(item?.title).toBe("Tin ]]> nóng <script>alert('x')</script> & 🇻🇳 ]]>]]> Lạng Sơn");
    expect(item?.content_html).not.toMatch(/<script|<iframe|javascript:/);
  });

  it("refuses tags with markup characters, which no feed could carry in an attribute", async () => {
    const res = await publish({
      title: "T",
      author: "A",
      published: "2021-07-14T09:00:00+07:00",
      tags: ["<tag>"],
      markdown: "x",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("tags.0 must not contain < or >");
  });
});
