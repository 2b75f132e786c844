// The digest's HTML checked against caniemail's data for Gmail, Outlook and Apple Mail. React
// Email's own components (the hidden preheader, table layout, link targets) are the baseline:
// nothing beyond what they need may be reported.
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { caniemail } from "caniemail";
import { createElement as h } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalServer, startServer } from "./server.ts";

const CLIENTS: Parameters<typeof caniemail>[0]["clients"] = ["gmail.*", "outlook.*", "apple-mail.*"];

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

let server: LocalServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("the digest email's HTML", () => {
  it("uses nothing Gmail, Outlook or Apple Mail lack beyond React Email's own baseline", async () => {
    const html = await (await fetch(`${server.url}/digests/1`)).text();
    expect(html).toContain("Kết quả 6 tháng đầu năm 2021");
    const base = await baseline();
    expect(base.size).toBeGreaterThan(0);
    const extra = [...reported(html)].filter((issue) => !base.has(issue));
    expect(extra).toEqual([]);
  });
});
