import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

const good = { SITE_URL: "https://news.example.org/", SITE_TITLE: "Bản tin" };

describe("config", () => {
  it("fills defaults and drops the trailing slash of SITE_URL", () => {
    expect(parseConfig(good)).toEqual({
      siteUrl: "https://news.example.org",
      title: "Bản tin",
      description: "",
      language: "vi",
      timeZone: "Asia/Ho_Chi_Minh",
    });
    expect(parseConfig({ ...good, SITE_URL: "https://example.org/ban-tin/" }).siteUrl).toBe(
      "https://example.org/ban-tin",
    );
  });

  it("says what to fix for each bad setting", () => {
    let error: unknown;
    try {
      parseConfig({
        SITE_URL: "news.example.org",
        SITE_TITLE: "",
        SITE_TIMEZONE: "Asia/Hanoi_City",
        SITE_LANGUAGE: "Tiếng Việt",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("SITE_URL must be an absolute http(s) URL");
    expect(message).toContain("SITE_TITLE is not set");
    expect(message).toContain("SITE_TIMEZONE must be an IANA time zone");
    expect(message).toContain("SITE_LANGUAGE must be a language tag");
    expect(() => parseConfig({ ...good, SITE_URL: "ftp://example.org" })).toThrow(/absolute http\(s\) URL/);
    expect(() => parseConfig({ ...good, SITE_URL: "https://example.org/?a=1" })).toThrow(/query or fragment/);
  });
});
