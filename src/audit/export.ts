// The log's CSV export, streamed a page at a time so its size does not matter.
import { auditCsvLines, auditCsvStart } from "./csv.ts";
import type { AuditFilter } from "./model.ts";
import { listAudit } from "./repository.ts";

const EXPORT_PAGE = 1000;

/**
 * Every row matching the filter and older than the row `before` (the export's own record: the file
 * holds what the log held when it was asked for), newest first, as UTF-8 CSV with a byte order mark.
 */
export function auditCsvStream(
  db: D1Database,
  filter: AuditFilter,
  before: number,
  timeZone: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = before;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(auditCsvStart()));
        return;
      }
      const page = await listAudit(db, filter, { before: cursor, limit: EXPORT_PAGE });
      const last = page.at(-1);
      if (!last) {
        controller.close();
        return;
      }
      cursor = last.id;
      controller.enqueue(encoder.encode(auditCsvLines(page, timeZone)));
    },
  });
}
