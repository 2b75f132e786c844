import { describe, expect, it } from "vitest";
import { formatVietnameseDate, parseOffsetDateTime, ZonedDate, zonedIso } from "../../src/dates.ts";

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

  it("writes now with the time zone's own offset", () => {
    expect(zonedIso(Date.parse("2026-11-30T11:00:00Z"), "Asia/Ho_Chi_Minh")).toBe("2026-11-30T18:00:00+07:00");
  });
});
