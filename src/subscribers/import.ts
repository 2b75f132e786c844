// Importing a list of addresses the editor attests consented: every row checked first, then all
// stored in one transaction or none; each new pending address gets its confirmation email through
// the confirmations queue, like an address typed into the form.
import { zonedIso } from "../dates.ts";
import { type Message, message } from "../i18n/index.ts";
import { cleanText } from "../text.ts";
import { normaliseAddress, SMTPUTF8_UNSUPPORTED } from "./address.ts";
import { type Choices, choiceText, MAX_TOPICS, readFrequencyCell, readTopicsCell } from "./choices.ts";
import type { ConfirmationMessage } from "./confirmations.ts";
import {
  addressColumn,
  type BinaryFormat,
  choiceColumns,
  type FileContent,
  parseCsv,
  readFileBytes,
  restoreCell,
} from "./csv.ts";
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
  /** What is wrong with it: a message of the console's catalogue, or an address check's words. */
  message: Message | string;
}

export interface ImportDeps {
  db: D1Database;
  queue: Queue<ConfirmationMessage>;
  nowMs: number;
  timeZone: string;
  /** Asked only when a row has a UTF-8 local part: can the mail transport deliver to it? */
  smtpUtf8: () => Promise<boolean>;
  /** The tag slugs a row may choose (asked only when the file has a topics column). */
  knownTopics: () => Promise<ReadonlySet<string>>;
}

export type ImportReport =
  /** The file as a whole cannot be read as a list of addresses. */
  | { kind: "unreadable"; message: Message }
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

/** Why a file that is not CSV text cannot be imported, and what to do instead. */
const NOT_TEXT: Record<"xlsx" | "xls" | "ods" | "zip" | BinaryFormat | "binary", Message> = {
  xlsx: message("console-subscribers.import.xlsx"),
  xls: message("console-subscribers.import.xls"),
  ods: message("console-subscribers.import.ods"),
  zip: message("console-subscribers.import.zip"),
  gzip: message("console-subscribers.import.gzip"),
  pdf: message("console-subscribers.import.pdf"),
  png: message("console-subscribers.import.image", { format: "PNG" }),
  jpeg: message("console-subscribers.import.image", { format: "JPEG" }),
  gif: message("console-subscribers.import.image", { format: "GIF" }),
  binary: message("console-subscribers.import.binary"),
};

function notText(content: Exclude<FileContent, { kind: "text" }>): Message {
  switch (content.kind) {
    case "spreadsheet":
      return NOT_TEXT[content.format];
    case "zip":
      return NOT_TEXT.zip;
    case "binary":
      return NOT_TEXT[content.format ?? "binary"];
  }
}

/** Said of a non-ASCII address in a file that is not UTF-8: its letters cannot be read for sure. */
const NOT_UTF8 = message("console-subscribers.import.notUtf8");

/** A row's choices from the file's topics and frequency columns (absent: the defaults), or what is wrong. */
function readChoices(
  cells: readonly string[],
  columns: { topics: number | null; frequency: number | null },
  known: ReadonlySet<string>,
): Choices | { problem: Omit<ImportProblem, "line"> } {
  const topicsCell = columns.topics === null ? "" : restoreCell(cells[columns.topics] ?? "");
  const frequencyCell = columns.frequency === null ? "" : restoreCell(cells[columns.frequency] ?? "");
  const topics = readTopicsCell(topicsCell, known);
  if (!topics.ok) {
    const m =
      "unknown" in topics
        ? message("reader-choice.import.unknownTopic", { topics: shown(topics.unknown.join(", ")) })
        : message("reader-choice.import.tooMany", { max: MAX_TOPICS });
    return { problem: { value: shown(topicsCell), message: m } };
  }
  const frequency = readFrequencyCell(frequencyCell);
  if (frequency === null) {
    const value = shown(frequencyCell);
    return { problem: { value, message: message("reader-choice.import.frequency", { value }) } };
  }
  return { topics: topics.topics, frequency };
}

/** Imports a CSV file; `confirmedElsewhere` stores new addresses as confirmed, recording so as their consent. */
export async function importCsv(
  deps: ImportDeps,
  bytes: Uint8Array,
  confirmedElsewhere: boolean,
): Promise<ImportReport> {
  if (bytes.length > IMPORT_LIMITS.bytes) {
    return {
      kind: "unreadable",
      message: message("console-subscribers.import.tooLarge", { megabytes: IMPORT_LIMITS.bytes / 1_000_000 }),
    };
  }
  const content = readFileBytes(bytes);
  if (content.kind !== "text") return { kind: "unreadable", message: notText(content) };
  const records = parseCsv(content.text);
  if (records.length === 0) return { kind: "unreadable", message: message("console-subscribers.import.empty") };
  const where = addressColumn(records);
  if (!where) {
    return { kind: "unreadable", message: message("console-subscribers.import.noColumn") };
  }
  const data = where.header ? records.slice(1) : records;
  if (data.length === 0) {
    const header = shown(records[0]?.cells.join(", ") ?? "");
    return { kind: "unreadable", message: message("console-subscribers.import.headerOnly", { header }) };
  }
  if (data.length > IMPORT_LIMITS.rows) {
    return {
      kind: "unreadable",
      message: message("console-subscribers.import.tooManyRows", { rows: data.length, limit: IMPORT_LIMITS.rows }),
    };
  }

  const columns = where.header ? choiceColumns(records[0]?.cells ?? []) : { topics: null, frequency: null };
  const known = columns.topics === null ? new Set<string>() : await deps.knownTopics();
  const problems: ImportProblem[] = [];
  const rows: (ImportRow & { line: number })[] = [];
  const duplicates: { line: number; email: string; firstLine: number }[] = [];
  const firstLineOf = new Map<string, number>();
  let utf8Rows: { line: number; value: string }[] = [];
  for (const { line, cells } of data) {
    const value = cells[where.column] ?? "";
    if (!content.utf8 && /[^\x00-\x7f]/.test(value)) {
      problems.push({ line, value: shown(value), message: NOT_UTF8 });
      continue;
    }
    // A cell as bantin's export neutralised it (an address that starts with `+`, `-` or `=`) reads back as it was.
    const address = normaliseAddress(restoreCell(value.trim()));
    if (!address.ok) {
      problems.push({ line, value: shown(value), message: address.message });
      continue;
    }
    const choices = readChoices(cells, columns, known);
    if ("problem" in choices) {
      problems.push({ line, ...choices.problem });
      continue;
    }
    const first = firstLineOf.get(address.mailbox);
    if (first !== undefined) {
      duplicates.push({ line, email: address.email, firstLine: first });
      continue;
    }
    firstLineOf.set(address.mailbox, line);
    if (address.utf8Local) utf8Rows.push({ line, value: shown(value) });
    rows.push({ line, email: address.email, mailbox: address.mailbox, choices });
  }
  if (utf8Rows.length > 0 && (await deps.smtpUtf8())) utf8Rows = [];
  for (const r of utf8Rows) problems.push({ ...r, message: SMTPUTF8_UNSUPPORTED });
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    return { kind: "bad-rows", problems, rows: data.length };
  }

  const nowIso = zonedIso(deps.nowMs, deps.timeZone);
  const choicesOf = new Map(rows.map((r) => [r.email, choiceText(r.choices)]));
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
          batch.map((email) => {
            const choices = choicesOf.get(email);
            return { body: { kind: "confirm", email, requestedMs: deps.nowMs, ...(choices ? { choices } : {}) } };
          }),
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
