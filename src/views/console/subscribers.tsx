// Subscribers in the console: counts, a searchable list, lifting a suppression, erasing an address,
// CSV export and import.

import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { consoleText, type Message, type Translator } from "../../i18n/index.ts";
import type { Tag } from "../../posts/tags.ts";
import { displayAddress } from "../../subscribers/address.ts";
import { FREQUENCIES, type Frequency } from "../../subscribers/choices.ts";
import { IMPORT_LIMITS, type ImportReport } from "../../subscribers/import.ts";
import type { Audience, ListedSubscriber, SubscriberStatus } from "../../subscribers/repository.ts";
import { consentMethod, subscriberStates, whenIso } from "./labels.ts";
import { Breakable, Csrf, consolePage, PostButton, SearchForm, type Viewer } from "./layout.tsx";

export interface SubscribersView {
  counts: Record<SubscriberStatus, number>;
  /** Confirmed readers by their choices. */
  audience: Audience;
  /** The tags readers can choose (with published posts). */
  tags: readonly Tag[];
  rows: ListedSubscriber[];
  query: string;
  status: SubscriberStatus | null;
  /** The choice filters: a tag slug or "all" (chose everything); a frequency. */
  topic: string | null;
  frequency: Frequency | null;
  /** Links to the neighbouring pages, when there are. */
  newer: string | null;
  older: string | null;
  /** What the editor just did, said once on the list. */
  notice?: SubscribersNotice;
}

/** The outcomes of lifting a suppression or erasing an address, as the list's `?done=` names them. */
export type SubscribersNotice = "lifted" | "not-suppressed" | "erased" | "not-found";

const NOTICES = {
  lifted: "console-subscribers.done.lifted",
  "not-suppressed": "console-subscribers.done.notSuppressed",
  erased: "console-subscribers.done.erased",
  "not-found": "console-subscribers.done.notFound",
} as const satisfies Record<SubscribersNotice, string>;

/** The export's file name, in the console's language, as ASCII a Content-Disposition header can carry. */
export function exportFileName(config: SiteConfig): string {
  const name = consoleText(config)
    .t("console-subscribers.export.fileName")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "subscribers";
}

/** Short names of the frequencies, for lists and filters. */
export function frequencyNames(t: Translator): Record<Frequency, string> {
  return {
    weekly: t.t("reader-choice.frequency.weeklyShort"),
    "each-post": t.t("reader-choice.frequency.eachPostShort"),
  };
}

/** The choice filters of the search: topic and frequency. */
function ChoiceFilters({ t, v }: { t: Translator; v: SubscribersView }) {
  const frequencies = frequencyNames(t);
  // A filtered tag without published posts any more still shows as chosen.
  const tags =
    v.topic && v.topic !== "all" && !v.tags.some((tag) => tag.slug === v.topic)
      ? [...v.tags, { slug: v.topic, name: v.topic }]
      : v.tags;
  return (
    <>
      <div class="field">
        <label for="topic">{t.t("reader-choice.topics.label")}</label>
        <select id="topic" name="topic">
          <option value="" selected={v.topic === null}>
            {t.t("reader-choice.console.anyTopic")}
          </option>
          <option value="all" selected={v.topic === "all"}>
            {t.t("reader-choice.console.choseAll")}
          </option>
          {tags.map((tag) => (
            <option key={tag.slug} value={tag.slug} selected={v.topic === tag.slug}>
              {tag.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="frequency">{t.t("reader-choice.frequency.label")}</label>
        <select id="frequency" name="frequency">
          <option value="" selected={v.frequency === null}>
            {t.t("reader-choice.console.anyFrequency")}
          </option>
          {FREQUENCIES.map((f) => (
            <option key={f} value={f} selected={v.frequency === f}>
              {frequencies[f]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/**
 * The audience by choice: confirmed readers by frequency, and for each tag how many chose it and
 * how many get its posts (with those who chose everything).
 */
function AudiencePanel({ t, audience, tags }: { t: Translator; audience: Audience; tags: readonly Tag[] }) {
  const frequencies = frequencyNames(t);
  const names = new Map(tags.map((tag) => [tag.slug, tag.name]));
  // Tags readers chose whose posts are gone are counted too, under their slug.
  const slugs = [...tags.map((tag) => tag.slug), ...[...audience.byTopic.keys()].filter((s) => !names.has(s)).sort()];
  return (
    <section aria-labelledby="audience-h">
      <h2 id="audience-h">{t.t("reader-choice.console.audience")}</h2>
      <p class="hint">{t.t("reader-choice.console.audienceHint", { count: audience.confirmed })}</p>
      <div class="grid">
        <div class="panel">
          <table class="counts">
            <caption>{t.t("reader-choice.console.byFrequency")}</caption>
            <tbody>
              {FREQUENCIES.map((f) => (
                <tr key={f}>
                  <th scope="row">{frequencies[f]}</th>
                  <td>{t.number(audience.byFrequency[f])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="panel scroll">
          <table class="counts">
            <caption>{t.t("reader-choice.console.byTopic")}</caption>
            <thead>
              <tr>
                <th scope="col">{t.t("reader-choice.console.topic")}</th>
                <th scope="col" class="num">
                  {t.t("reader-choice.console.chose")}
                </th>
                <th scope="col" class="num">
                  {t.t("reader-choice.console.reached")}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t.t("reader-choice.topics.all")}</th>
                <td>{t.number(audience.everything)}</td>
                <td>{t.number(audience.everything)}</td>
              </tr>
              {slugs.map((slug) => {
                const chose = audience.byTopic.get(slug) ?? 0;
                return (
                  <tr key={slug}>
                    <th scope="row">{names.get(slug) ?? slug}</th>
                    <td>{t.number(chose)}</td>
                    <td>{t.number(chose + audience.everything)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** `/console/subscribers`. */
export function subscribersPage(config: SiteConfig, me: Viewer, v: SubscribersView): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const states = subscriberStates(t);
  const total = Object.values(v.counts).reduce((a, b) => a + b, 0);
  const tagNames = new Map(v.tags.map((tag) => [tag.slug, tag.name]));
  return consolePage({
    config,
    me,
    title: t.t("console-subscribers.title"),
    path: "/console/subscribers",
    children: (
      <>
        <h1>{t.t("console-subscribers.title")}</h1>
        {v.notice ? (
          <p class="notice" role="status">
            {t.t(NOTICES[v.notice])}
          </p>
        ) : null}
        <div class="grid">
          {(Object.keys(states) as SubscriberStatus[]).map((s) => (
            <div key={s} class="panel">
              <p class="stat">{t.number(v.counts[s])}</p>
              <p>{states[s]}</p>
            </div>
          ))}
        </div>
        <AudiencePanel t={t} audience={v.audience} tags={v.tags} />
        <SearchForm
          t={t}
          action={url("/console/subscribers")}
          label={t.t("console-subscribers.search.label")}
          query={v.query}
          name="status"
          states={states}
          selected={v.status}
          allLabel={t.t("console-subscribers.search.all", { total: t.number(total) })}
          extra={<ChoiceFilters t={t} v={v} />}
        />
        {v.rows.length === 0 ? (
          <p>{t.t("console-subscribers.list.empty")}</p>
        ) : (
          <div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{t.t("console-subscribers.list.address")}</th>
                  <th scope="col">{t.t("console-subscribers.list.state")}</th>
                  <th scope="col">{t.t("console-subscribers.list.consent")}</th>
                  <th scope="col">{t.t("reader-choice.console.receives")}</th>
                  <th scope="col">{t.t("console-subscribers.list.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {v.rows.map((s) => (
                  <SubscriberRow
                    key={s.id}
                    t={t}
                    config={config}
                    csrf={me.csrf}
                    s={s}
                    states={states}
                    tagNames={tagNames}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {v.newer || v.older ? (
          <nav class="actions" aria-label={t.t("console-subscribers.list.pages")}>
            {v.newer ? <a href={v.newer}>{t.t("console-subscribers.list.newer")}</a> : null}
            {v.older ? <a href={v.older}>{t.t("console-subscribers.list.older")}</a> : null}
          </nav>
        ) : null}
        <h2>{t.t("console-subscribers.transfer.heading")}</h2>
        <p>
          <a class="button secondary" href={url("/console/subscribers.csv")}>
            {t.t("console-subscribers.export.download")}
          </a>
        </p>
        <form
          method="post"
          action={url("/console/subscribers/import")}
          enctype="multipart/form-data"
          class="panel"
          aria-labelledby="import-h"
        >
          <h3 id="import-h">{t.t("console-subscribers.import.heading")}</h3>
          <Csrf token={me.csrf} />
          <div class="field">
            <label for="file">{t.t("console-subscribers.import.file")}</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint" />
            <p class="hint" id="file-hint">
              {t.t("console-subscribers.import.fileHint", { rows: IMPORT_LIMITS.rows })}{" "}
              {t.t("reader-choice.import.hint")}
            </p>
          </div>
          <label class="check">
            <input type="checkbox" name="attest" value="yes" required />
            <span>{t.t("console-subscribers.import.attest")}</span>
          </label>
          <label class="check">
            <input type="checkbox" name="confirmed" value="yes" />
            <span>{t.t("console-subscribers.import.confirmedElsewhere")}</span>
          </label>
          <button type="submit">{t.t("console-subscribers.import.submit")}</button>
        </form>
      </>
    ),
  });
}

/** One subscriber of the list: address, state, consent record and what can be done. */
function SubscriberRow(props: {
  t: Translator;
  config: SiteConfig;
  csrf: string;
  s: ListedSubscriber;
  states: Record<SubscriberStatus, string>;
  tagNames: ReadonlyMap<string, string>;
}) {
  const { t, s } = props;
  const { topics, frequency } = s.choices;
  const url = (p: string) => absoluteUrl(props.config, p);
  const address = displayAddress(s.email);
  return (
    <tr>
      <td>
        <Breakable text={address} />
      </td>
      <td data-label={t.t("console-subscribers.list.state")}>
        <span class="badge">{props.states[s.status]}</span>
        {s.status === "suppressed" ? (
          <p class="hint">
            {t.t("console-subscribers.list.suppressed", {
              reason: s.suppressedReason ?? t.t("console-subscribers.list.reasonUnknown"),
              when: whenIso(s.suppressedAt, t),
            })}
          </p>
        ) : null}
        {s.status === "unsubscribed" && s.unsubscribedAt ? (
          <p class="hint">{t.t("console-subscribers.list.unsubscribed", { when: whenIso(s.unsubscribedAt, t) })}</p>
        ) : null}
      </td>
      <td data-label={t.t("console-subscribers.list.consent")}>
        {s.consentAt ? (
          <>
            {whenIso(s.consentAt, t)}
            <p class="hint">{consentMethod(s.consentMethod, t)}</p>
          </>
        ) : s.importedAt ? (
          <p class="hint">{t.t("console-subscribers.list.importedPending", { when: whenIso(s.importedAt, t) })}</p>
        ) : (
          <p class="hint">{t.t("console-subscribers.list.unconfirmed")}</p>
        )}
      </td>
      <td data-label={t.t("reader-choice.console.receives")}>
        {topics === "all"
          ? t.t("reader-choice.topics.all")
          : t.list(topics.map((slug) => props.tagNames.get(slug) ?? slug))}
        {" · "}
        {frequencyNames(t)[frequency]}
        {s.status === "pending" ? <p class="hint">{t.t("reader-choice.console.requested")}</p> : null}
        {s.choicesAt && s.choicesAt !== s.consentAt && s.status !== "pending" ? (
          <p class="hint">{t.t("reader-choice.console.changedAt", { when: whenIso(s.choicesAt, t) })}</p>
        ) : null}
      </td>
      <td data-label={t.t("console-subscribers.list.actions")}>
        {s.status === "suppressed" ? (
          <PostButton
            action={url("/console/subscribers/lift")}
            csrf={props.csrf}
            fields={{ email: s.email }}
            label={t.t("console-subscribers.list.lift")}
            ariaLabel={t.t("console-subscribers.list.liftLabel", { address })}
          />
        ) : null}{" "}
        <a
          href={url(`/console/subscribers/erase?email=${encodeURIComponent(s.email)}`)}
          aria-label={t.t("console-subscribers.list.eraseLabel", { address })}
        >
          {t.t("console-subscribers.list.erase")}
        </a>
      </td>
    </tr>
  );
}

/** A row's problem in the console's words (an address check may still give its own). */
const problemText = (t: Translator, m: Message | string) => (typeof m === "string" ? m : t.message(m));

/** The outcome of an import: what was stored, or every bad line and nothing stored. */
export function importResultPage(config: SiteConfig, me: Viewer, report: ImportReport): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const SHOWN = 500;
  return consolePage({
    config,
    me,
    title: t.t("console-subscribers.result.title"),
    path: "/console/subscribers/import",
    children: (
      <>
        <h1>{t.t("console-subscribers.result.title")}</h1>
        {report.kind === "unreadable" ? (
          <p class="alert" role="alert">
            {t.t("console-subscribers.result.unreadable", { reason: t.message(report.message) })}
          </p>
        ) : report.kind === "bad-rows" ? (
          <>
            <p class="alert" role="alert">
              {t.t("console-subscribers.result.badRows", { problems: report.problems.length, rows: report.rows })}
            </p>
            <div class="scroll">
              <table class="cards">
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      {t.t("console-subscribers.result.line")}
                    </th>
                    <th scope="col">{t.t("console-subscribers.result.value")}</th>
                    <th scope="col">{t.t("console-subscribers.result.error")}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.problems.slice(0, SHOWN).map((p) => (
                    <tr key={p.line}>
                      <td class="num" data-label={t.t("console-subscribers.result.line")}>
                        {p.line}
                      </td>
                      <td data-label={t.t("console-subscribers.result.value")}>
                        <Breakable text={p.value} />
                      </td>
                      <td data-label={t.t("console-subscribers.result.error")}>{problemText(t, p.message)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {report.problems.length > SHOWN ? (
              <p>{t.t("console-subscribers.result.moreProblems", { more: report.problems.length - SHOWN })}</p>
            ) : null}
          </>
        ) : (
          <>
            <p class="notice" role="status">
              {report.confirmed
                ? t.t("console-subscribers.result.importedConfirmed", {
                    added: report.added.length,
                    rows: report.rows,
                  })
                : t.t("console-subscribers.result.importedPending", {
                    added: report.added.length,
                    rows: report.rows,
                    queued: report.queued,
                  })}
            </p>
            {report.queueError ? (
              <p class="alert" role="alert">
                {t.t("console-subscribers.result.queueError", {
                  refused: report.added.length - report.queued,
                  error: report.queueError,
                })}
              </p>
            ) : null}
            {report.existing.length > 0 ? (
              <>
                <h2>{t.t("console-subscribers.result.existing", { count: t.number(report.existing.length) })}</h2>
                <ul class="plain">
                  {report.existing.slice(0, SHOWN).map((e) => (
                    <li key={e.email}>
                      {t.t("console-subscribers.result.existingItem", {
                        address: displayAddress(e.email),
                        state: subscriberStates(t)[e.status],
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {report.duplicates.length > 0 ? (
              <>
                <h2>{t.t("console-subscribers.result.duplicates", { count: t.number(report.duplicates.length) })}</h2>
                <ul class="plain">
                  {report.duplicates.slice(0, SHOWN).map((d) => (
                    <li key={d.line}>
                      {t.t("console-subscribers.result.duplicateItem", {
                        line: d.line,
                        address: displayAddress(d.email),
                        firstLine: d.firstLine,
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
        <p>
          <a href={url("/console/subscribers")}>{t.t("console-subscribers.result.back")}</a>
        </p>
      </>
    ),
  });
}

/** `/console/subscribers/erase`: erasing is for good, so it is confirmed first. */
export function eraseConfirmPage(config: SiteConfig, me: Viewer, email: string): string {
  const t = consoleText(config);
  return consolePage({
    config,
    me,
    title: t.t("console-subscribers.erase.title"),
    path: "/console/subscribers/erase",
    children: (
      <>
        <h1>{t.t("console-subscribers.erase.heading", { address: displayAddress(email) })}</h1>
        <p>{t.t("console-subscribers.erase.explain")}</p>
        <form method="post" action={absoluteUrl(config, "/console/subscribers/erase")} class="actions">
          <Csrf token={me.csrf} />
          <input type="hidden" name="email" value={email} />
          <button type="submit">{t.t("console-subscribers.erase.submit")}</button>
          <a class="button secondary" href={absoluteUrl(config, "/console/subscribers")}>
            {t.t("console-subscribers.erase.cancel")}
          </a>
        </form>
      </>
    ),
  });
}
