// Subscriber lists as CSV files, in and out. Pure. Parsing and quoting are d3-dsv's (RFC 4180);
// what is added here: telling a text file from a spreadsheet or other binary file, finding the
// address column, record line numbers, and neutralising cells a spreadsheet would run as formulas
// (and reading them back).
import { csvFormatRow, dsvFormat } from "d3-dsv";

/** What an uploaded file holds, from its bytes, before any CSV is read from it. */
export type FileContent =
  /** Text. `utf8` is false when some bytes were not UTF-8 (a legacy code page): they read as U+FFFD. */
  | { kind: "text"; text: string; utf8: boolean }
  /** A spreadsheet saved in its own format rather than as CSV. */
  | { kind: "spreadsheet"; format: "xlsx" | "xls" | "ods" }
  /** Another ZIP archive (a Word document, a folder of files). */
  | { kind: "zip" }
  /** Not text: a known format (a PDF, an image, gzip), or bytes no text file holds (NUL). */
  | { kind: "binary"; format: BinaryFormat | null };

export type BinaryFormat = "pdf" | "png" | "jpeg" | "gif" | "gzip";

const bytesOf = (ascii: string) => Array.from(ascii, (c) => c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

function includesAscii(bytes: Uint8Array, ascii: string): boolean {
  const needle = bytesOf(ascii);
  const first = needle[0] ?? 0;
  for (let i = bytes.indexOf(first); i >= 0; i = bytes.indexOf(first, i + 1)) {
    if (needle.every((b, j) => bytes[i + j] === b)) return true;
  }
  return false;
}

const BINARY_SIGNATURES: [BinaryFormat, number[]][] = [
  ["pdf", bytesOf("%PDF-")],
  ["png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["jpeg", [0xff, 0xd8, 0xff]],
  ["gif", bytesOf("GIF8")],
  ["gzip", [0x1f, 0x8b]],
];

/**
 * Reads an uploaded file's bytes. Not text: a spreadsheet in its own format (an Excel .xlsx is a ZIP
 * archive, an .xls an OLE2 compound file, an .ods a ZIP whose first entry names its type), another
 * ZIP, a known binary format, any file with a NUL byte. UTF-16 with a byte order mark (Excel's
 * "Unicode text") is decoded; anything else is read as UTF-8.
 */
export function readFileBytes(bytes: Uint8Array): FileContent {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // Names in a ZIP's central directory are stored as they are: every .xlsx has xl/workbook.xml.
    if (includesAscii(bytes, "xl/workbook.")) return { kind: "spreadsheet", format: "xlsx" };
    if (includesAscii(bytes, "application/vnd.oasis.opendocument.spreadsheet")) {
      return { kind: "spreadsheet", format: "ods" };
    }
    return { kind: "zip" };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { kind: "spreadsheet", format: "xls" };
  }
  for (const [format, signature] of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature)) return { kind: "binary", format };
  }
  for (const [bom, encoding] of [
    [[0xff, 0xfe], "utf-16le"],
    [[0xfe, 0xff], "utf-16be"],
  ] as const) {
    if (startsWith(bytes, bom)) return { kind: "text", text: new TextDecoder(encoding).decode(bytes), utf8: true };
  }
  if (bytes.includes(0)) return { kind: "binary", format: null };
  try {
    return {
      kind: "text",
      text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes),
      utf8: true,
    };
  } catch {
    return { kind: "text", text: new TextDecoder("utf-8").decode(bytes), utf8: false };
  }
}

/** One record of a CSV file and the line it starts on (1-based; quoted line breaks counted). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * The separator of a file: the one of `,`, `;` and tab that its first line uses most (spreadsheets
 * in Vietnamese, whose decimal separator is a comma, write `;`).
 */
function separatorOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => first.split(ch).length - 1;
  const [best] = [",", ";", "\t"].sort((a, b) => count(b) - count(a));
  return best && count(best) > 0 ? best : ",";
}

/** The records of a CSV text (a UTF-8 byte order mark dropped), with their line numbers; blank lines left out. */
export function parseCsv(text: string): CsvRecord[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows = dsvFormat(separatorOf(body)).parseRows(body);
  const records: CsvRecord[] = [];
  let line = 1;
  for (const cells of rows) {
    if (cells.some((c) => c.trim() !== "")) records.push({ line, cells });
    line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  }
  return records;
}

const HEADER = /^(e-?mail|thư điện tử|địa chỉ( email| thư)?|address)$/i;

/**
 * Where the addresses are: a first record with no `@` is a header, and its address column is the one
 * named like "email"; with no header, the first column holding an `@` in the first record.
 */
export function addressColumn(records: readonly CsvRecord[]): { column: number; header: boolean } | null {
  const first = records[0];
  if (!first) return null;
  const at = first.cells.findIndex((c) => c.includes("@"));
  if (at >= 0) return { column: at, header: false };
  const named = first.cells.findIndex((c) => HEADER.test(c.trim()));
  if (named >= 0) return { column: named, header: true };
  return first.cells.length === 1 ? { column: 0, header: true } : null;
}

const TOPICS_HEADER = /^(topics?|chủ đề)$/i;
const FREQUENCY_HEADER = /^(frequency|tần suất|cách nhận)$/i;

/** Where a header names the topics and frequency columns (bantin's export does), if it does. */
export function choiceColumns(header: readonly string[]): { topics: number | null; frequency: number | null } {
  const find = (name: RegExp) => {
    const i = header.findIndex((c) => name.test(c.trim()));
    return i >= 0 ? i : null;
  };
  return { topics: find(TOPICS_HEADER), frequency: find(FREQUENCY_HEADER) };
}

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) gets a leading apostrophe, so it is shown as text (OWASP's advice for CSV injection).
 * So does a cell that starts with an apostrophe, so that `restoreCell` reads every cell back as it was.
 */
export function neutraliseCell(value: string): string {
  return /^['=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The value a cell written by `neutraliseCell` stands for: an export read back in is what was exported. */
export function restoreCell(cell: string): string {
  return /^'['=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** CSV lines (each ending in CRLF, as RFC 4180 writes them) of rows, every cell neutralised. */
export function toCsv(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map((r) => `${csvFormatRow(r.map((v) => neutraliseCell(v ?? "")))}\r\n`).join("");
}
