// Importing a list of addresses the editor attests consented: every row checked first, then all
// stored in one transaction or none; each new pending address gets its confirmation email through
// the confirmations queue, like an address typed into the form.
import { zonedIso } from "../dates.ts";
import { cleanText } from "../text.ts";
import { normaliseAddress, SMTPUTF8_UNSUPPORTED } from "./address.ts";
import type { ConfirmationMessage } from "./confirmations.ts";
import { addressColumn, parseCsv } from "./csv.ts";
import { type ImportRow, importSubscribers, type SubscriberStatus } from "./repository.ts";

/** What one file may hold: 20,000 addresses in 4 MB (a Worker reads the whole file, and checks each row). */
export const IMPORT_LIMITS = { rows: 20_000, bytes: 4_000_000 };

/** The consent method recorded for addresses imported as confirmed elsewhere. */
export const CONFIRMED_ELSEWHERE = "confirmed elsewhere (CSV import, attested by the editor)";

/** Messages to the queue per sendBatch call (the Queues limit). */
const QUEUE_BATCH = 100;

export interface ImportProblem {
  line: number;
  /** The cell as read, cleaned of control characters and cut short for showing. */
  value: string;
  message: string;
}

export interface ImportDeps {
  db: D1Database;
  queue: Queue<ConfirmationMessage>;
  nowMs: number;
  timeZone: string;
  /** Asked only when a row has a UTF-8 local part: can the mail transport deliver to it? */
  smtpUtf8: () => Promise<boolean>;
}

export type ImportReport =
  /** The file as a whole cannot be read as a list of addresses. */
  | { kind: "unreadable"; message: string }
  /** Some rows are wrong: nothing was stored; each is reported with its line. */
  | { kind: "bad-rows"; problems: ImportProblem[]; rows: number }
  | {
      kind: "imported";
      rows: number;
      added: string[];
      confirmed: boolean;
      existing: { email: string; status: SubscriberStatus }[];
      duplicates: { line: number; email: string; firstLine: number }[];
      /** Confirmation requests queued (pending imports only). */
      queued: number;
      /** Set when the queue refused some requests: those addresses stay pending without an email. */
      queueError: string | null;
    };

// Hidden characters (bidi overrides, zero-width joiners) are shown as U+FFFD, so the editor sees them.
const shown = (value: string) =>
  cleanText(value)
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/gu, "\uFFFD")
    .replace(/\s+/g, " ")
    .slice(0, 120);

/** Imports a CSV file; `confirmedElsewhere` stores new addresses as confirmed, recording so as their consent. */
export async function importCsv(deps: ImportDeps, text: string, confirmedElsewhere: boolean): Promise<ImportReport> {
  if (new TextEncoder().encode(text).length > IMPORT_LIMITS.bytes) {
    return { kind: "unreadable", message: `Tệp quá lớn: tối đa ${IMPORT_LIMITS.bytes / 1_000_000} MB.` };
  }
  const records = parseCsv(text);
  const where = addressColumn(records);
  if (!where) {
    return {
      kind: "unreadable",
      message:
        records.length === 0
          ? "Tệp không có dòng nào."
          : "Không tìm thấy cột địa chỉ email: dòng đầu cần có một cột tên “email”, hoặc một địa chỉ.",
    };
  }
  const data = where.header ? records.slice(1) : records;
  if (data.length > IMPORT_LIMITS.rows) {
    return {
      kind: "unreadable",
      message: `Tệp có ${data.length.toLocaleString("vi-VN")} dòng; mỗi lần nhập tối đa ${IMPORT_LIMITS.rows.toLocaleString("vi-VN")} dòng. Hãy chia tệp ra.`,
    };
  }

  const problems: ImportProblem[] = [];
  const rows: (ImportRow & { line: number })[] = [];
  const duplicates: { line: number; email: string; firstLine: number }[] = [];
  const firstLineOf = new Map<string, number>();
  let utf8Rows: { line: number; value: string }[] = [];
  for (const { line, cells } of data) {
    const value = cells[where.column] ?? "";
    const address = normaliseAddress(value);
    if (!address.ok) {
      problems.push({ line, value: shown(value), message: address.message });
      continue;
    }
    const first = firstLineOf.get(address.mailbox);
    if (first !== undefined) {
      duplicates.push({ line, email: address.email, firstLine: first });
      continue;
    }
    firstLineOf.set(address.mailbox, line);
    if (address.utf8Local) utf8Rows.push({ line, value: shown(value) });
    rows.push({ line, email: address.email, mailbox: address.mailbox });
  }
  if (utf8Rows.length > 0 && (await deps.smtpUtf8())) utf8Rows = [];
  for (const r of utf8Rows) problems.push({ ...r, message: SMTPUTF8_UNSUPPORTED });
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    return { kind: "bad-rows", problems, rows: data.length };
  }

  const nowIso = zonedIso(deps.nowMs, deps.timeZone);
  const outcome = await importSubscribers(deps.db, rows, {
    nowIso,
    confirmedMethod: confirmedElsewhere ? CONFIRMED_ELSEWHERE : null,
  });
  let queued = 0;
  let queueError: string | null = null;
  if (!confirmedElsewhere) {
    try {
      for (let i = 0; i < outcome.added.length; i += QUEUE_BATCH) {
        const batch = outcome.added.slice(i, i + QUEUE_BATCH);
        await deps.queue.sendBatch(
          batch.map((email) => ({ body: { kind: "confirm", email, requestedMs: deps.nowMs } })),
        );
        queued += batch.length;
      }
    } catch (error) {
      queueError = error instanceof Error ? error.message : String(error);
      console.error(`import: ${outcome.added.length - queued} confirmation requests not queued: ${queueError}`);
    }
  }
  return {
    kind: "imported",
    rows: data.length,
    added: outcome.added,
    confirmed: confirmedElsewhere,
    existing: outcome.existing,
    duplicates,
    queued,
    queueError,
  };
}
