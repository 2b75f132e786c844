// Subscriber lists as CSV files, in and out. Pure. Parsing and quoting are d3-dsv's (RFC 4180);
// what is added here: finding the address column, record line numbers, and neutralising cells a
// spreadsheet would run as formulas.
import { csvFormatRow, dsvFormat } from "d3-dsv";

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

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) gets a leading apostrophe, so it is shown as text (OWASP's advice for CSV injection).
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV lines (each ending in CRLF, as RFC 4180 writes them) of rows, every cell neutralised. */
export function toCsv(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map((r) => `${csvFormatRow(r.map((v) => neutraliseCell(v ?? "")))}\r\n`).join("");
}
