// The audit log in the console: the owner's page with its filters, and a post's history on its form.

import { ROLES } from "../../access/actor.ts";
import type { AuditQuery, AuditQueryProblem } from "../../audit/filters.ts";
import { AUDIT_ACTIONS, type AuditRow, isAuditAction } from "../../audit/model.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { consoleText, type MessageKey, type Translator } from "../../i18n/index.ts";
import { when } from "./labels.ts";
import { CardsTable, consolePage, roleLabel, type Viewer } from "./layout.tsx";

export interface AuditView {
  rows: AuditRow[];
  query: AuditQuery;
  /** Everyone the log names, for the filter by person. */
  actors: string[];
  /** What was wrong with the filter, if anything (then no rows are shown). */
  problem?: AuditQueryProblem;
  /** Links to the neighbouring pages, when there are. */
  newer: string | null;
  older: string | null;
  /** The export link of the filter shown. */
  csv: string;
  /** Each post the rows name, by id: its current slug (to link to its page), when it still exists. */
  postSlugs: Record<string, string>;
}

const FIELD_KEYS: Record<string, MessageKey> = {
  title: "console-posts.field.title",
  slug: "console-posts.field.slug",
  author: "console-posts.field.author",
  published: "console-posts.field.published",
  tags: "console-posts.field.tags",
  summary: "console-posts.field.summary",
  language: "console-posts.field.language",
  key_points: "console-posts.field.keyPoints",
  markdown: "console-posts.field.markdown",
  image: "console-posts.field.image",
  alt: "console-posts.field.imageAlt",
  caption: "console-media.form.caption",
  credit: "console-media.form.credit",
};

/** An action's name in the console's words (the stored name for one this version does not know). */
export function actionName(t: Translator, action: string): string {
  return isAuditAction(action) ? t.t(`console-audit.action.${action}`) : action;
}

/** Who did it: the label they had then, or what kind of actor had none. */
export function actorName(t: Translator, r: AuditRow): string {
  if (r.actorKind === "anonymous") return t.t("console-audit.actor.anonymous");
  if (r.actorKind === "system") return t.t("console-audit.actor.system");
  return r.actorLabel ?? "";
}

const text = (v: unknown) => (typeof v === "string" ? v : "");
const isOneOf = <T extends string>(v: unknown, values: readonly T[]): v is T =>
  typeof v === "string" && (values as readonly string[]).includes(v);
const SIGN_IN_METHODS = ["link", "invitation", "owner-link", "admin-token"] as const;
const LINK_PROBLEMS = ["unknown", "used", "expired", "other-browser"] as const;
/** A role's name in the console's words (the stored word for one this version does not know). */
const role = (t: Translator, v: unknown) => (isOneOf(v, ROLES) ? roleLabel(t, v) : text(v));
const count = (v: unknown) => (typeof v === "number" ? v : 0);

/** What the row's object is, in words. */
function objectText(t: Translator, r: AuditRow): string {
  const d = r.detail ?? {};
  switch (r.objectType) {
    case "post":
      return t.t("console-audit.object.post", { title: text(d.title) || (r.objectId ?? "") });
    case "digest":
      return t.t("console-audit.object.digest", { number: r.objectId ?? "" });
    case "subscriber":
      return t.t("console-audit.object.subscriber", { id: r.objectId ?? "" });
    case "subscribers":
      return t.t("console-audit.object.subscribers");
    case "media":
      return t.t("console-audit.object.media", { hash: (r.objectId ?? "").slice(0, 12) });
    case "staff":
      return t.t("console-audit.object.staff", { email: text(d.email) || (r.objectId ?? "") });
    case "token":
      return t.t("console-audit.object.token", { name: text(d.name) || (r.objectId ?? "") });
    case "session":
      return t.t("console-audit.object.session", { id: r.objectId ?? "" });
    default:
      return r.objectId ?? "";
  }
}

/** The row's detail, in words where the console knows its shape. */
function detailText(t: Translator, r: AuditRow): string {
  const d = r.detail ?? {};
  const changed = Array.isArray(d.changed) ? (d.changed as string[]) : null;
  if (changed && changed.length > 0) {
    const names = changed.map((f) => {
      const key = FIELD_KEYS[f];
      return key ? t.t(key) : f;
    });
    return t.t("console-audit.detail.changed", { fields: names.join(", ") });
  }
  switch (r.action) {
    case "digest.send":
      return t.t("console-audit.detail.recipients", { count: count(d.recipients) });
    case "digest.test":
      return d.recipient === "subscriber"
        ? t.t("console-audit.detail.testTo.subscriber")
        : t.t("console-audit.detail.testTo.other");
    case "subscribers.import":
      return t.t("console-audit.detail.import", {
        rows: count(d.rows),
        added: count(d.added),
        existing: count(d.existing),
      });
    case "subscribers.export":
      return t.t("console-audit.detail.addresses", { count: count(d.count) });
    case "audit.export":
      return t.t("console-audit.detail.count", { count: count(d.count) });
    case "passkey.register":
    case "passkey.remove":
      return t.t("console-passkeys.audit.passkey", { name: text(d.name) });
    case "session.sign-in":
      if (d.method === "passkey") return t.t("console-passkeys.audit.passkey", { name: text(d.passkey) });
      return isOneOf(d.method, SIGN_IN_METHODS) ? t.t(`console-audit.detail.method.${d.method}`) : "";
    case "session.sign-in-failed":
      if (d.method === "passkey") return t.t("console-passkeys.audit.failed");
      if (isOneOf(d.reason, LINK_PROBLEMS)) return t.t(`console-audit.detail.failed.${d.reason}`);
      return d.via === "console" ? t.t("console-audit.detail.via.console") : t.t("console-audit.detail.via.api");
    case "session.sign-out":
      return d.via === "my-sessions" ? t.t("console-audit.detail.mySessions") : "";
    case "staff.invite":
      return t.t(d.via === "npm start" ? "console-audit.detail.inviteNpmStart" : "console-audit.detail.invite", {
        role: role(t, d.role),
      });
    case "staff.role-change":
      return t.t("console-audit.detail.role", { from: role(t, d.from), to: role(t, d.to) });
    case "token.create":
      return t.t("console-audit.detail.tokenRole", { role: role(t, d.role) });
    case "token.revoke":
      return t.t("console-audit.detail.tokenOf", { email: text(d.email) });
    default:
      return "";
  }
}

const PROBLEMS: Record<AuditQueryProblem, MessageKey> = {
  action: "console-audit.problem.action",
  from: "console-audit.problem.from",
  to: "console-audit.problem.to",
  range: "console-audit.problem.range",
  before: "console-audit.problem.page",
  after: "console-audit.problem.page",
  limit: "console-audit.problem.page",
};

/** `/console/audit`: the log, newest first, filtered by person, action and days. */
export function auditPage(config: SiteConfig, me: Viewer, v: AuditView): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const q = v.query;
  const invalid = (f: AuditQueryProblem[]) => (v.problem && f.includes(v.problem) ? "true" : undefined);
  return consolePage({
    config,
    me,
    title: t.t("console-audit.title"),
    path: "/console/audit",
    children: (
      <>
        <h1>{t.t("console-audit.title")}</h1>
        <p class="muted">{t.t("console-audit.intro")}</p>
        {v.problem ? (
          <p class="alert" role="alert" id="filter-problem">
            {t.t(PROBLEMS[v.problem])}
          </p>
        ) : null}
        <form method="get" action={url("/console/audit")} class="row">
          <div class="field">
            <label for="actor">{t.t("console-audit.filter.actor")}</label>
            <select id="actor" name="actor">
              <option value="" selected={q.actor === ""}>
                {t.t("console-audit.filter.actorAll")}
              </option>
              {(v.actors.includes(q.actor) || q.actor === "" ? v.actors : [q.actor, ...v.actors]).map((a) => (
                <option key={a} value={a} selected={q.actor === a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="action">{t.t("console-audit.filter.action")}</label>
            <select id="action" name="action" aria-invalid={invalid(["action"])}>
              <option value="" selected={q.action === ""}>
                {t.t("console-audit.filter.actionAll")}
              </option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a} selected={q.action === a}>
                  {actionName(t, a)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="from">{t.t("console-audit.filter.from")}</label>
            <input
              id="from"
              name="from"
              type="date"
              value={q.from}
              aria-invalid={invalid(["from", "range"])}
              aria-describedby="zone-hint"
            />
          </div>
          <div class="field">
            <label for="to">{t.t("console-audit.filter.to")}</label>
            <input
              id="to"
              name="to"
              type="date"
              value={q.to}
              aria-invalid={invalid(["to", "range"])}
              aria-describedby="zone-hint"
            />
          </div>
          <div class="field">
            <button type="submit">{t.t("console-audit.filter.submit")}</button>
          </div>
        </form>
        <p class="hint" id="zone-hint">
          {t.t("console-audit.filter.zone", { zone: config.timeZone })}{" "}
          {q.actor || q.action || q.from || q.to ? (
            <a href={url("/console/audit")}>{t.t("console-audit.filter.clear")}</a>
          ) : null}
        </p>
        {v.problem ? null : (
          <p class="actions">
            <a class="button secondary" href={v.csv} aria-describedby="csv-hint">
              {t.t("console-audit.export")}
            </a>
            <span class="hint" id="csv-hint">
              {t.t("console-audit.exportHint")}
            </span>
          </p>
        )}
        {v.rows.length === 0 ? (
          <p>{t.t("console-audit.empty")}</p>
        ) : (
          <CardsTable
            headings={[
              t.t("console-audit.col.time"),
              t.t("console-audit.col.actor"),
              t.t("console-audit.col.action"),
              t.t("console-audit.col.object"),
              t.t("console-audit.col.detail"),
              t.t("console-audit.col.client"),
            ]}
          >
            {v.rows.map((r) => {
              const slug = r.objectType === "post" && r.objectId ? v.postSlugs[r.objectId] : undefined;
              return (
                <tr key={String(r.id)} id={`entry-${r.id}`}>
                  <td>{when(r.atMs, t)}</td>
                  <td data-label={t.t("console-audit.col.actor")}>{actorName(t, r)}</td>
                  <td data-label={t.t("console-audit.col.action")}>{actionName(t, r.action)}</td>
                  <td data-label={t.t("console-audit.col.object")}>
                    {slug ? <a href={url(`/console/posts/${slug}`)}>{objectText(t, r)}</a> : objectText(t, r)}
                  </td>
                  <td data-label={t.t("console-audit.col.detail")}>{detailText(t, r)}</td>
                  <td data-label={t.t("console-audit.col.client")}>{r.client}</td>
                </tr>
              );
            })}
          </CardsTable>
        )}
        {v.newer || v.older ? (
          <nav class="actions" aria-label={t.t("console-audit.pages")}>
            {v.newer ? <a href={v.newer}>{t.t("console-audit.newer")}</a> : null}
            {v.older ? <a href={v.older}>{t.t("console-audit.older")}</a> : null}
          </nav>
        ) : null}
      </>
    ),
  });
}

/** A post's history from the log, oldest first: who wrote it, published it, each update, withdrawals. */
export function PostHistory({ t, rows }: { t: Translator; rows: AuditRow[] }) {
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t.t("console-audit.history.heading")}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t.t("console-audit.history.empty")}</p>
      ) : (
        <ol class="plain history">
          {rows.map((r) => {
            const detail = detailText(t, r);
            return (
              <li key={String(r.id)}>
                {t.t("console-audit.history.entry", {
                  time: when(r.atMs, t),
                  action: actionName(t, r.action),
                  actor: actorName(t, r),
                })}
                {detail ? <span class="muted"> ({detail})</span> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
