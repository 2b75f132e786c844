import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { consoleText, message, resolveLanguage, siteText } from "../../src/i18n/index.ts";
import { translatorFor } from "../../src/i18n/translator.ts";

const base = { SITE_URL: "https://news.example.org", SITE_TITLE: "County Bulletin" };
// 13 July 2021, 08:05 in Hà Nội (UTC+7): 01:05 UTC.
const JULY_13 = Date.UTC(2021, 6, 13, 1, 5);

describe("language settings", () => {
  it("uses the site's language for the console unless CONSOLE_LANGUAGE says otherwise", () => {
    const en = parseConfig({ ...base, SITE_LANGUAGE: "en" });
    expect(siteText(en).tag).toBe("en");
    expect(consoleText(en).tag).toBe("en");
    const mixed = parseConfig({ ...base, SITE_LANGUAGE: "en", CONSOLE_LANGUAGE: "vi" });
    expect(siteText(mixed).t("common.footer.topics")).toBe("Topics");
    expect(consoleText(mixed).t("common.footer.topics")).toBe("Chủ đề");
    expect(mixed.warnings).toEqual([]);
  });

  it("takes a regional tag as its language, with the region's dates", () => {
    const us = resolveLanguage("en-US", "SITE_LANGUAGE");
    expect(us).toMatchObject({ tag: "en-US", catalogue: "en", warning: null });
    expect(translatorFor(us, "Asia/Ho_Chi_Minh").date(JULY_13)).toBe("Tuesday, July 13, 2021");
    expect(resolveLanguage("vi-VN", "SITE_LANGUAGE")).toMatchObject({ tag: "vi-VN", catalogue: "vi" });
  });

  it("falls back to English, with one line to print, for a language without a catalogue", () => {
    const fr = parseConfig({ ...base, SITE_LANGUAGE: "fr" });
    expect(fr.language).toBe("fr");
    expect(fr.siteLanguage).toMatchObject({ tag: "en", catalogue: "en" });
    expect(fr.warnings).toHaveLength(1);
    expect(fr.warnings[0]).toMatch(/^SITE_LANGUAGE=fr: .*English \(supported: vi, en\)\.$/);
    const console = parseConfig({ ...base, CONSOLE_LANGUAGE: "de" });
    expect(console.siteLanguage.catalogue).toBe("vi");
    expect(console.warnings).toEqual([expect.stringMatching(/^CONSOLE_LANGUAGE=de: /)]);
  });

  it("refuses a setting that is not a language tag", () => {
    expect(() => parseConfig({ ...base, CONSOLE_LANGUAGE: "tiếng Việt" })).toThrow(/CONSOLE_LANGUAGE must be/);
  });
});

describe("dates, numbers and lists", () => {
  const vi = translatorFor(resolveLanguage("vi", "SITE_LANGUAGE"), "Asia/Ho_Chi_Minh");
  const en = translatorFor(resolveLanguage("en", "SITE_LANGUAGE"), "Asia/Ho_Chi_Minh");

  it("writes Vietnamese dates as the house style does and English ones with the month's name", () => {
    expect(vi.date(JULY_13)).toBe("Thứ Ba, 13/07/2021");
    expect(vi.shortDate(JULY_13)).toBe("13/07/2021");
    expect(vi.time(JULY_13)).toBe("08:05");
    expect(en.date(JULY_13)).toBe("Tuesday, 13 July 2021");
    expect(en.time(JULY_13)).toBe("08:05");
    // 23:30 UTC on the 12th is already the 13th in Hà Nội.
    expect(vi.date(Date.UTC(2021, 6, 12, 23, 30))).toBe("Thứ Ba, 13/07/2021");
    expect(en.date(Date.UTC(2021, 6, 12, 16, 30))).toBe("Monday, 12 July 2021");
  });

  it("groups digits and joins lists by each language's rules", () => {
    expect(vi.number(10_000)).toBe("10.000");
    expect(en.number(10_000)).toBe("10,000");
    expect(vi.list(["a", "b", "c"])).toBe("a, b và c");
    expect(en.list(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("the pseudo-language", () => {
  const pseudo = translatorFor(resolveLanguage("en-XA", "SITE_LANGUAGE"), "Asia/Ho_Chi_Minh");

  it("wraps and accents every message and every formatted date", () => {
    expect(pseudo.t("common.footer.topics")).toBe("⟦Töpïçš⟧");
    expect(pseudo.date(JULY_13)).toBe("⟦Tuesday, 13 July 2021⟧");
    expect(pseudo.tag).toBe("en-XA");
  });

  it("turns a domain message into words", () => {
    expect(pseudo.message(message("common.footer.digests"))).toBe("⟦Émáïl dïgëšt⟧");
  });
});
