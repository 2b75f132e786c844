// Subscriber CSV files: what an uploaded file is before it is read as CSV, and cells written safe for
// spreadsheets reading back as they were.
import { describe, expect, it } from "vitest";
import { neutraliseCell, readFileBytes, restoreCell } from "../../src/subscribers/csv.ts";
import { ODS, XLSX } from "../fixtures/spreadsheets.ts";

const base64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => [...p]));

describe("an uploaded file", () => {
  it("is a spreadsheet when saved as .xlsx, .ods or .xls rather than as CSV", () => {
    expect(readFileBytes(base64(XLSX))).toEqual({ kind: "spreadsheet", format: "xlsx" });
    expect(readFileBytes(base64(ODS))).toEqual({ kind: "spreadsheet", format: "ods" });
    const ole2 = concat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Uint8Array(504));
    expect(readFileBytes(ole2)).toEqual({ kind: "spreadsheet", format: "xls" });
  });

  it("is binary when it is another ZIP, a PDF, an image, or holds a NUL byte", () => {
    expect(readFileBytes(concat(ascii("PK\x03\x04"), ascii("word/document.xml")))).toEqual({ kind: "zip" });
    expect(readFileBytes(ascii("%PDF-1.7\n%âãÏÓ\n"))).toEqual({ kind: "binary", format: "pdf" });
    expect(readFileBytes(concat([0x89], ascii("PNG\r\n\x1a\n"), [0, 0, 0, 13]))).toEqual({
      kind: "binary",
      format: "png",
    });
    expect(readFileBytes(concat([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ kind: "binary", format: "jpeg" });
    expect(readFileBytes(concat(ascii("email\nan@example.org"), [0], ascii("\n")))).toEqual({
      kind: "binary",
      format: null,
    });
  });

  it("is text in UTF-8 (a byte order mark or not) or UTF-16 with a byte order mark", () => {
    const utf8 = new TextEncoder().encode("\uFEFFemail\nbình@ví-dụ.vn\n");
    expect(readFileBytes(utf8)).toEqual({ kind: "text", text: "email\nbình@ví-dụ.vn\n", utf8: true });
    const text = "email\tten\r\nan@ví-dụ.vn\tAn\r\n";
    const le = concat([0xff, 0xfe], ...Array.from(text, (c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
    const be = concat([0xfe, 0xff], ...Array.from(text, (c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));
    expect(readFileBytes(le)).toEqual({ kind: "text", text, utf8: true });
    expect(readFileBytes(be)).toEqual({ kind: "text", text, utf8: true });
  });

  it("in a legacy code page is text, its foreign bytes read as U+FFFD and marked so", () => {
    // "Bình;bình@x.vn" in Windows-1258, as Excel's plain "CSV" writes it on a Vietnamese Windows.
    const cp1258 = concat(ascii("B"), [0xec], ascii("nh;b"), [0xec], ascii("nh@x.vn\r\n"));
    expect(readFileBytes(cp1258)).toEqual({ kind: "text", text: "B\uFFFDnh;b\uFFFDnh@x.vn\r\n", utf8: false });
  });
});

describe("a cell written for spreadsheets", () => {
  it("reads back as it was, formulas neutralised on the way", () => {
    for (const value of [
      "an@example.org",
      "=cmd|'/Ccalc'!A0@example.org",
      "+tin@example.org",
      "-tin@example.org",
      "@x",
      "'nhay@example.org",
      "''hai@example.org",
      "'=x@example.org",
      "\t=1+1",
      "o'brien@example.org",
      "",
    ]) {
      const written = neutraliseCell(value);
      expect(written, value).not.toMatch(/^[=+\-@\t\r]/);
      expect(restoreCell(written), value).toBe(value);
    }
  });

  it("is left alone when it was not neutralised", () => {
    for (const cell of ["'nhay@example.org", "an@example.org", "'"]) expect(restoreCell(cell)).toBe(cell);
  });
});
