// The digest and confirmation emails, as the local inbox received them, checked against
// caniemail's data for Gmail, Outlook and Apple Mail. React Email's own components (the hidden
// preheader, table layout, link targets) are the baseline: nothing beyond what they need may be
// reported, except the dark-mode stylesheet listed in DELIBERATE.
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { caniemail } from "caniemail";
import { createElement as h } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { readerEmails } from "./inbox.ts";
import { sharedServer } from "./server.ts";

const CLIENTS: Parameters<typeof caniemail>[0]["clients"] = ["gmail.*", "outlook.*", "apple-mail.*"];

/**
 * Features used on purpose beyond the baseline, each where caniemail calls it supported or partly
 * supported. Where a client lacks one, the email falls back to its inline light design, which
 * test/e2e/rendering.test.ts measures readable in light, dark, forced dark and inverted.
 */
const DELIBERATE: Record<string, string> = {
  // The dark palette: a <style> in <head> with a prefers-color-scheme query (Apple Mail, Outlook
  // apps, Gmail with Google accounts) and Outlook.com's [data-ogsc]/[data-ogsb] rules, applied
  // with !important over the inline light colours.
  "<style> element": "dark palette",
  "@media": "prefers-color-scheme: dark",
  "Class selector": "dark palette",
  "Attribute selector": "Outlook.com's [data-ogsc]/[data-ogsb]",
  "Descendant combinator": "[data-ogsc] .class",
  "!important keyword": "dark palette over inline colours",
  // background-color only (the part Outlook for Windows supports), for explicit backgrounds.
  background: "background-color",
  // On table cells only (the part Outlook for Windows supports): the 16 px side margin on phones,
  // and React Email's Button.
  padding: "cell padding",
};

function reported(html: string): Set<string> {
  const { issues } = caniemail({ clients: CLIENTS, html });
  const found = new Set<string>();
  for (const kind of [issues.errors, issues.warnings]) {
    for (const [client, list] of kind) for (const issue of list) found.add(`${client}: ${issue.title}`);
  }
  return found;
}

async function baseline(): Promise<Set<string>> {
  const link = h(Link, { href: "https://example.org/", style: { color: "#000" } }, "link");
  const doc = h(
    Html,
    { lang: "vi" },
    h(Head, null),
    h(Preview, null, "preheader"),
    h(
      Body,
      { style: { margin: 0 } },
      h(
        Container,
        null,
        h(Section, null, h(Heading, { as: "h1" }, "Heading"), h(Text, null, "Text ", link), h(Hr, null)),
      ),
    ),
  );
  return reported(await render(doc));
}

let emails: { confirmation: string; digest: string };

beforeAll(async () => {
  // The emails the shared server's reader received: they only need reading.
  emails = await readerEmails(await sharedServer());
});

describe("the emails' HTML", () => {
  it("uses nothing Gmail, Outlook or Apple Mail lack beyond React Email's own baseline", async () => {
    const base = await baseline();
    expect(base.size).toBeGreaterThan(0);
    expect(emails.digest).toContain("Kết quả 6 tháng đầu năm 2021");
    for (const html of [emails.digest, emails.confirmation]) {
      const extra = [...reported(html)].filter((issue) => !base.has(issue));
      const unexplained = extra.filter((issue) => !(issue.split(": ").slice(1).join(": ") in DELIBERATE));
      expect(unexplained).toEqual([]);
      // The partial supports above hold only as used: padding on cells (and React Email's Button
      // link, which carries its own Outlook workaround), no background images or shorthand.
      const padded = [...html.matchAll(/<(\w+)[^>]*style="[^"]*padding(?:-\w+)?:[1-9]/g)].map((m) => m[1]);
      expect(new Set(padded)).toEqual(new Set(html === emails.digest ? ["td"] : ["td", "a"]));
      expect(html).not.toMatch(/style="[^"]*background(?:-image)?:/);
    }
  });
});
