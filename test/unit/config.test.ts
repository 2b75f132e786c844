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
      siteLanguage: { tag: "vi", catalogue: "vi", intl: "vi", pseudo: false, warning: null },
      consoleLanguage: { tag: "vi", catalogue: "vi", intl: "vi", pseudo: false, warning: null },
      warnings: [],
      timeZone: "Asia/Ho_Chi_Minh",
      mailFrom: { name: "Bản tin", address: "bantin@localhost" },
      replyTo: "bantin@localhost",
    });
    const mail = parseConfig({
      ...good,
      MAIL_FROM: "Ban biên tập <bbt@news.example.org>",
      MAIL_REPLY_TO: "lienhe@news.example.org",
    });
    expect(mail.mailFrom).toEqual({ name: "Ban biên tập", address: "bbt@news.example.org" });
    expect(mail.replyTo).toBe("lienhe@news.example.org");
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
    expect(() => parseConfig({ ...good, MAIL_FROM: "Bản tin <a@b>\r\nBcc: x@y" })).toThrow(
      /MAIL_FROM must be an address/,
    );
    expect(() => parseConfig({ ...good, MAIL_REPLY_TO: "not an address" })).toThrow(/MAIL_REPLY_TO must be/);
  });
});
