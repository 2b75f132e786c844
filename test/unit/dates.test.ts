import { describe, expect, it } from "vitest";
import { parseOffsetDateTime, ZonedDate, zonedIso } from "../../src/dates.ts";
import { resolveLanguage } from "../../src/i18n/index.ts";
import { translatorFor } from "../../src/i18n/translator.ts";

/** A day as Vietnamese readers see it, through the Vietnamese catalogue's Intl forms. */
const formatVietnameseDate = (ms: number, timeZone: string): string =>
  translatorFor(resolveLanguage("vi", "SITE_LANGUAGE"), timeZone).date(ms);

describe("dates", () => {
  it("writes the report's date the Vietnamese way", () => {
    const ms = Date.parse("2021-07-13T10:00:00+07:00");
    expect(formatVietnameseDate(ms, "Asia/Ho_Chi_Minh")).toBe("Thứ Ba, 13/07/2021");
  });

  it("uses the site's time zone, not UTC, to pick the calendar day", () => {
    // 20:30 UTC on Monday 12 July is 03:30 on Tuesday 13 July in Vietnam.
    const ms = Date.parse("2021-07-12T20:30:00Z");
    expect(formatVietnameseDate(ms, "Asia/Ho_Chi_Minh")).toBe("Thứ Ba, 13/07/2021");
    expect(formatVietnameseDate(ms, "UTC")).toBe("Thứ Hai, 12/07/2021");
    expect(formatVietnameseDate(Date.parse("2022-05-29T09:00:00+07:00"), "Asia/Ho_Chi_Minh")).toBe(
      "Chủ Nhật, 29/05/2022",
    );
  });

  it("keeps the editor's offset when printing ISO 8601 and RFC 822 dates", () => {
    const d = ZonedDate.fromOffsetString("2021-07-13T10:00:00+07:00");
    expect(d.toISOString()).toBe("2021-07-13T10:00:00+07:00");
    expect(d.toUTCString()).toBe("Tue, 13 Jul 2021 10:00:00 +0700");
    expect(d.getTime()).toBe(Date.parse("2021-07-13T03:00:00Z"));
    expect(JSON.stringify({ d })).toBe('{"d":"2021-07-13T10:00:00+07:00"}');
    expect(new ZonedDate(0, -330).toISOString()).toBe("1969-12-31T18:30:00-05:30");
  });

  it("rejects dates without an offset or that do not exist", () => {
    expect(parseOffsetDateTime("2021-07-13T10:00:00")).toBeNull();
    expect(parseOffsetDateTime("2021-02-30T10:00:00+07:00")).toBeNull();
    expect(parseOffsetDateTime("13/07/2021")).toBeNull();
    expect(parseOffsetDateTime("2021-07-13T10:00:00+15:00")).toBeNull();
    expect(parseOffsetDateTime("2021-07-13T10:00:00Z")?.offsetMinutes).toBe(0);
  });

  it("accepts only real times in the years 1900 to 2099, with offsets up to ±14:00", () => {
    for (const bad of [
      "0000-01-01T00:00:00Z",
      "0099-07-13T10:00:00+07:00",
      "1899-12-31T23:59:59Z",
      "2100-01-01T00:00:00Z",
      "9999-12-31T23:59:59-14:00",
      "2021-07-13T24:00:00+07:00",
      "2021-07-13T10:60:00+07:00",
      "2021-07-13T10:00:99+07:00",
      "2021-07-13T10:00:60+07:00",
      "2021-07-13T10:00:00+00:99",
      "2021-07-13T10:00:00+14:01",
      "2021-13-01T10:00:00+07:00",
      "2021-00-10T10:00:00+07:00",
      "2021-07-00T10:00:00+07:00",
    ]) {
      expect(parseOffsetDateTime(bad), bad).toBeNull();
    }
    expect(parseOffsetDateTime("1949-10-15T08:00:00+07:00")?.epochMs).toBe(Date.parse("1949-10-15T01:00:00Z"));
    expect(parseOffsetDateTime("2099-12-31T23:59:59-14:00")?.epochMs).toBe(Date.parse("2100-01-01T13:59:59Z"));
    expect(parseOffsetDateTime("2021-07-13T10:00:00+14:00")?.offsetMinutes).toBe(840);
    expect(parseOffsetDateTime("2021-07-13T10:00:00-09:30")?.offsetMinutes).toBe(-570);
    expect(parseOffsetDateTime("2024-02-29T10:00+07:00")).not.toBeNull();
  });

  it("writes now with the time zone's own offset", () => {
    expect(zonedIso(Date.parse("2026-11-30T11:00:00Z"), "Asia/Ho_Chi_Minh")).toBe("2026-11-30T18:00:00+07:00");
  });
});
