import { describe, expect, it } from "vitest";
import { canonicalTopic, normalisePercentEncoding } from "../../src/websub/topic.ts";

describe("canonical topics (RFC 3986 §6)", () => {
  const site = "http://127.0.0.1:8841";
  const atom = { url: `${site}/atom.xml`, path: "/atom.xml" };

  it("reads every spelling of a feed's URL as the feed's own URL", () => {
    for (const topic of [
      "http://127.0.0.1:8841/atom.xml",
      "HTTP://127.0.0.1:8841/atom.xml",
      "http://127.1:8841/atom.xml",
      "http://0x7f000001:8841/atom.xml",
      "http://2130706433:8841/atom.xml",
      "http://0177.0.0.1:8841/atom.xml",
      "http://127.0.0.1.:8841/atom.xml",
      "http://127.0.0.1:08841/atom.xml",
      "http://127.0.0.1:8841/./atom.xml",
      "http://127.0.0.1:8841/x/../atom.xml",
      "http://127.0.0.1:8841/x/%2E%2e/atom.xml",
      "http://127.0.0.1:8841/%61tom.xml",
      "http://127.0.0.1:8841/%61%74%6f%6D%2exml",
      "http://127.0.0.1:8841/atom.xml?",
      "http://127.0.0.1:8841/atom.xml#",
      `http://127.0.0.1:8841${"/x/..".repeat(394)}/atom.xml`,
    ]) {
      expect(canonicalTopic(site, topic), topic).toEqual(atom);
    }
    expect(canonicalTopic("https://news.example.org", "https://NEWS.example.org:443/tags/d%61n-van/rss.xml")).toEqual({
      url: "https://news.example.org/tags/dan-van/rss.xml",
      path: "/tags/dan-van/rss.xml",
    });
    expect(canonicalTopic("https://x.example/tin", "https://x.example/tin/./archive/2/feed.json")).toEqual({
      url: "https://x.example/tin/archive/2/feed.json",
      path: "/archive/2/feed.json",
    });
    expect(canonicalTopic("https://x.example.", "https://x.example/atom.xml")?.url).toBe("https://x.example./atom.xml");
  });

  it("refuses what is another resource, or no feed of this site", () => {
    for (const topic of [
      "https://127.0.0.1:8841/atom.xml",
      "http://127.0.0.1:8842/atom.xml",
      "http://127.0.0.2:8841/atom.xml",
      "http://localhost:8841/atom.xml",
      "http://u:p@127.0.0.1:8841/atom.xml",
      "http://127.0.0.1:8841/atom.xml?a=1",
      "http://127.0.0.1:8841/atom.xml#x",
      "http://127.0.0.1:8841/Atom.xml",
      "http://127.0.0.1:8841/%2Fatom.xml",
      "http://127.0.0.1:8841//atom.xml",
      "http://127.0.0.1:8841/atom.xml/",
      "/atom.xml",
      "not a url",
      `http://127.0.0.1:8841${"/x/..".repeat(395)}/atom.xml`,
    ]) {
      expect(canonicalTopic(site, topic), topic).toBeNull();
    }
    expect(canonicalTopic("https://x.example/tin", "https://x.example/atom.xml")).toBeNull();
  });

  it("decodes percent-encoded unreserved characters and upper-cases the other triplets", () => {
    expect(normalisePercentEncoding("/%7e%2D%5f%2e%41%7A%30/%c3%a2%2f%20")).toBe("/~-_.Az0/%C3%A2%2F%20");
  });
});
