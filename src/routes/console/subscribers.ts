import { Hono } from "hono";
import { zonedIso } from "../../dates.ts";
import { liftSuppression } from "../../delivery/repository.ts";
import { message } from "../../i18n/index.ts";
import { transportTakesUtf8 } from "../../mail/index.ts";
import { displayAddress, normaliseAddress } from "../../subscribers/address.ts";
import { isFrequency, topicsCell } from "../../subscribers/choices.ts";
import type { ConfirmationMessage } from "../../subscribers/confirmations.ts";
import { toCsv } from "../../subscribers/csv.ts";
import { importCsv } from "../../subscribers/import.ts";
import {
  countAudience,
  countByStatus,
  findByMailbox,
  listSubscribers,
  type SubscriberStatus,
  subscribersAfter,
} from "../../subscribers/repository.ts";
import { eraseSubscriber, publishedTopics, storedTopics } from "../../subscribers/service.ts";
import {
  eraseConfirmPage,
  exportFileName,
  importResultPage,
  type SubscribersNotice,
  subscribersPage,
} from "../../views/console/subscribers.tsx";
import { audit, auditWho } from "../audit.ts";
import { type ConsoleEnv, consoleUrl, field, fileField } from "./context.ts";

export const subscribers = new Hono<ConsoleEnv>();

const PAGE_SIZE = 50;
const EXPORT_PAGE = 1000;
const STATUSES = new Set<string>(["pending", "confirmed", "unsubscribed", "suppressed"]);
const id = (raw: string | undefined) => (raw && /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : null);

// What `?done=` may name: the list says it in the console's words.
const DONE = new Set<string>(["lifted", "not-suppressed", "erased", "not-found"] satisfies SubscribersNotice[]);
const notice = (raw: string | undefined) => (raw && DONE.has(raw) ? (raw as SubscribersNotice) : undefined);

subscribers.get("/console/subscribers", async (c) => {
  const query = (c.req.query("q") ?? "").trim().slice(0, 254);
  const raw = c.req.query("status") ?? "";
  const status = STATUSES.has(raw) ? (raw as SubscriberStatus) : null;
  const rawFrequency = c.req.query("frequency");
  const frequency = isFrequency(rawFrequency) ? rawFrequency : null;
  const tags = await publishedTopics(c.env.DB);
  // Any slug may be filtered by (a tag whose posts are gone may still be someone's choice); "all": everything.
  const rawTopic = (c.req.query("topic") ?? "").slice(0, 80);
  const topic = rawTopic === "all" || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rawTopic) ? rawTopic : null;
  const before = id(c.req.query("before"));
  const after = before === null ? id(c.req.query("after")) : null;
  // One more than a page tells whether there is a page beyond.
  const fetched = await listSubscribers(c.env.DB, {
    contains: query,
    status,
    topic,
    frequency,
    before,
    after,
    limit: PAGE_SIZE + 1,
  });
  const beyond = fetched.length > PAGE_SIZE;
  const rows = after !== null ? fetched.slice(beyond ? 1 : 0) : fetched.slice(0, PAGE_SIZE);
  const link = (key: "before" | "after", value: number) => {
    const q = new URLSearchParams();
    if (query) q.set("q", query);
    if (status) q.set("status", status);
    if (topic) q.set("topic", topic);
    if (frequency) q.set("frequency", frequency);
    q.set(key, String(value));
    return consoleUrl(c, `/console/subscribers?${q}`);
  };
  const first = rows[0];
  const last = rows.at(-1);
  const newer = first && (after !== null ? beyond : before !== null) ? link("after", first.id) : null;
  const older = last && (after !== null || beyond) ? link("before", last.id) : null;
  return c.html(
    subscribersPage(c.get("config"), c.get("session"), {
      counts: await countByStatus(c.env.DB),
      audience: await countAudience(c.env.DB),
      tags,
      rows,
      query,
      status,
      topic,
      frequency,
      newer,
      older,
      notice: notice(c.req.query("done")),
    }),
  );
});

const EXPORT_HEADER = [
  "email",
  "status",
  "created_at",
  "consent_at",
  "consent_method",
  "imported_at",
  "unsubscribed_at",
  "suppressed_reason",
  "suppressed_at",
  "suppression_lifted_at",
  "topics",
  "frequency",
  "choices_at",
];

// Streamed a page at a time, so the list's size does not matter. A byte order mark first: Excel
// reads the file as UTF-8 only with it. Addresses as the console and the emails show them (the domain
// in Unicode, ví-dụ.vn rather than xn--v-d-rma6749a.vn); the import reads either form.
subscribers.get("/console/subscribers.csv", async (c) => {
  const db = c.env.DB;
  // An export of every address is on record, with how many it held (never which).
  const counts = await countByStatus(db);
  await audit(c, {
    action: "subscribers.export",
    object: { type: "subscribers", id: "csv" },
    detail: { count: Object.values(counts).reduce((a, b) => a + b, 0), ...counts },
  });
  const encoder = new TextEncoder();
  let afterId = 0;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${toCsv([EXPORT_HEADER])}`));
        return;
      }
      const page = await subscribersAfter(db, afterId, EXPORT_PAGE);
      const last = page.at(-1);
      if (!last) {
        controller.close();
        return;
      }
      afterId = last.id;
      controller.enqueue(
        encoder.encode(
          toCsv(
            page.map((s) => [
              displayAddress(s.email),
              s.status,
              s.createdAt,
              s.consentAt,
              s.consentMethod,
              s.importedAt,
              s.unsubscribedAt,
              s.suppressedReason,
              s.suppressedAt,
              s.suppressionLiftedAt,
              topicsCell(s.choices.topics),
              s.choices.frequency,
              s.choicesAt,
            ]),
          ),
        ),
      );
    },
  });
  const config = c.get("config");
  const day = zonedIso(Date.now(), config.timeZone).slice(0, 10);
  return c.body(stream, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="bantin-${exportFileName(config)}-${day}.csv"`,
  });
});

subscribers.post("/console/subscribers/import", async (c) => {
  const form = c.get("form");
  const config = c.get("config");
  const me = c.get("session");
  const file = fileField(form, "file");
  if (field(form, "attest") !== "yes" || !file) {
    const refusal = !file
      ? message("console-subscribers.import.noFile")
      : message("console-subscribers.import.noAttestation");
    return c.html(importResultPage(config, me, { kind: "unreadable", message: refusal }), 400);
  }
  const report = await importCsv(
    {
      db: c.env.DB,
      queue: c.env.CONFIRMATIONS as Queue<ConfirmationMessage>,
      nowMs: Date.now(),
      timeZone: config.timeZone,
      smtpUtf8: () => transportTakesUtf8(c.env),
      knownTopics: () => storedTopics(c.env.DB),
    },
    new Uint8Array(await file.arrayBuffer()),
    field(form, "confirmed") === "yes",
  );
  if (report.kind === "imported") {
    await audit(c, {
      action: "subscribers.import",
      object: { type: "subscribers", id: "csv" },
      detail: {
        rows: report.rows,
        added: report.added.length,
        existing: report.existing.length,
        duplicates: report.duplicates.length,
        confirmed: report.confirmed,
        queued: report.queued,
      },
    });
  }
  return c.html(importResultPage(config, me, report), report.kind === "imported" ? 200 : 400);
});

subscribers.post("/console/subscribers/lift", async (c) => {
  const address = normaliseAddress(field(c.get("form"), "email"));
  if (!address.ok) return c.redirect(consoleUrl(c, "/console/subscribers?done=not-found"), 303);
  const lifted = await liftSuppression(c.env.DB, address.mailbox, zonedIso(Date.now(), c.get("config").timeZone));
  const known = await findByMailbox(c.env.DB, address.mailbox);
  if (lifted && known) {
    await audit(c, {
      action: "subscriber.lift",
      object: { type: "subscriber", id: String(known.id) },
      detail: { status: lifted },
    });
  }
  const done = lifted ? "lifted" : known ? "not-suppressed" : "not-found";
  return c.redirect(consoleUrl(c, `/console/subscribers?done=${done}`), 303);
});

subscribers.get("/console/subscribers/erase", async (c) => {
  const address = normaliseAddress(c.req.query("email") ?? "");
  const found = address.ok ? await findByMailbox(c.env.DB, address.mailbox) : null;
  if (!found) return c.redirect(consoleUrl(c, "/console/subscribers?done=not-found"), 303);
  return c.html(eraseConfirmPage(c.get("config"), c.get("session"), found.email));
});

subscribers.post("/console/subscribers/erase", async (c) => {
  const address = normaliseAddress(field(c.get("form"), "email"));
  const erased = address.ok && (await eraseSubscriber(c.env.DB, address.mailbox, auditWho(c), Date.now()));
  return c.redirect(consoleUrl(c, `/console/subscribers?done=${erased ? "erased" : "not-found"}`), 303);
});
