// The text parts are written from the templates' props (emails/_components/plain-text.ts), not
// converted from the HTML. Here they are held to what html-to-text, with the options of
// @react-email/render's toPlainText (which bantin used before), reads from the rendered HTML: the
// same words, links, line breaks and wrapping, except that headings keep their case. (toPlainText
// itself cannot be imported here: its module loads react-dom, and the workers project renders
// React Email through Preact, as the Worker does.)
import { convert, type SelectorDefinition } from "html-to-text";
import { describe, expect, it } from "vitest";
import Digest from "../../emails/Digest.tsx";
import { parseConfig } from "../../src/config.ts";
import type { DigestContent } from "../../src/digest/compose.ts";
import { renderDigestEmail, renderDigestWeb } from "../../src/digest/render.ts";
import { confirmationMail } from "../../src/mail/messages.ts";

/** @react-email/render 2.3's toPlainText selectors (its plainTextSelectors). */
const REACT_EMAIL_SELECTORS: SelectorDefinition[] = [
  { selector: "img", format: "skip" },
  { selector: "[data-skip-in-text=true]", format: "skip" },
  { selector: "a", options: { linkBrackets: false, hideLinkHrefIfSameAsText: true } },
  { selector: '[data-text-format="dataTable"]', format: "dataTable" },
  ...["td", "th"].map((selector) => ({
    selector,
    format: "block",
    options: { leadingLineBreaks: 1, trailingLineBreaks: 1 },
  })),
];
const KEEP_CASE = ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } }));
const converted = (html: string, wordwrap: number | false) =>
  `${convert(html, { wordwrap, selectors: [...REACT_EMAIL_SELECTORS, ...KEEP_CASE] }).trim()}\n`;

const config = parseConfig({
  SITE_URL: "https://bantin.example",
  SITE_TITLE: "Bản tin Dân vận",
  MAIL_FROM: "b@x.example",
});
const odd = parseConfig({
  SITE_URL: "https://x.example/sub/path",
  SITE_TITLE: 'A & B <Tin> "trích"',
  MAIL_FROM: "T <t@x.example>",
  MAIL_REPLY_TO: "reply+a&b@x.example",
});

const preview = Digest.PreviewProps;
const plain: DigestContent = { ...preview, number: 1, postIds: ["a"], lastModifiedMs: 0 };
const hostile: DigestContent = {
  number: 42,
  subject: 'Tin & "trích" <b>đậm</b>',
  preheader: "A · B & C",
  period: "Từ 01/07/2021 đến 13/07/2021",
  posts: [
    ...preview.posts,
    {
      title: "Tiêu đề có & và <script>alert(1)</script> và \"ngoặc\" 'đơn'",
      url: "https://bantin.example/posts/a?b=1&c=2",
      date: "Thứ Tư, 14/07/2021",
      lead: [
        "Một   đoạn  có\nnhiều khoảng trắng\tvà tab.",
        `Có\u00a0khoảng trắng không ngắt và một từ rất dài: ${"x".repeat(100)} rồi hết.`,
        "&amp; không phải thực thể &lt;tag&gt; ©",
        `${"ạ".repeat(77)} ${"ệ".repeat(78)} a ${"ố".repeat(76)} b`,
      ],
      sections: [],
    },
    {
      title: "Bài ngắn",
      url: "https://bantin.example/posts/ngan",
      date: "Thứ Năm, 15/07/2021",
      lead: ["Tóm tắt."],
      sections: [
        { heading: "Mục & <i>một</i>", points: ["Điểm một.", "Điểm hai có https://example.org/link trong câu."] },
      ],
    },
  ],
  postIds: ["a", "b", "c"],
  lastModifiedMs: 0,
};

describe("plain-text parts", () => {
  for (const [name, content, site] of [
    ["the preview digest", plain, config],
    ["a digest with markup, entities, odd spacing and long words", hostile, odd],
  ] as const) {
    it(`say what the HTML says, in ${name}`, async () => {
      for (const rendered of [
        await renderDigestEmail(content, site),
        await renderDigestWeb(content, site),
        await renderDigestWeb(content, site, { preview: true }),
      ]) {
        expect(rendered.text).toBe(converted(rendered.html, 78));
        // Content that looks like markup stays as the editor wrote it.
        if (content === hostile) expect(rendered.text).toContain("<script>alert(1)</script> và \"ngoặc\" 'đơn'");
        else expect(rendered.text).not.toMatch(/<[a-z/]|&[a-z#0-9]+;/i);
      }
    });
  }

  it("say what the HTML says in the confirmation, headings in their own case", async () => {
    for (const site of [config, odd]) {
      const mail = await confirmationMail(site, "a@b.example", "https://bantin.example/confirm?token=abc&x=1");
      expect(mail.text).toBe(converted(mail.html, false));
      expect(mail.text.startsWith(`Xác nhận đăng ký nhận ${site.title}\n\n`)).toBe(true);
      expect(mail.text).toContain("Xác nhận đăng ký https://bantin.example/confirm?token=abc&x=1\n");
    }
  });
});
