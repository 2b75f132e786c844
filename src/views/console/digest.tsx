// The digest in the console: the next one as it will be sent, a test copy, sending it, its progress, the archive.

import { may } from "../../access/roles.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { DigestStatus } from "../../delivery/repository.ts";
import { testCopyMark } from "../../digest/compose.ts";
import type { DigestSummary } from "../../digest/repository.ts";
import { consoleText, type Message, siteText } from "../../i18n/index.ts";
import { DigestProgress } from "../admin.tsx";
import { when } from "./labels.ts";
import { Csrf, consolePage, described, Field, type Viewer } from "./layout.tsx";
import { PostSets } from "./post-email.tsx";

export interface NextDigestView {
  number: number;
  subject: string;
  period: string;
  titles: string[];
  recipients: number;
  text: string;
  /** Who would get which of its posts (readers' choices), and who nothing. */
  sets?: { sets: { titles: string[]; readers: number }[]; nothingFor: number };
}

export interface DigestView {
  next: NextDigestView | null;
  /** Digests whose deliveries are not all settled. */
  sending: DigestStatus[];
  archive: DigestSummary[];
  notice?: { ok: boolean; text: Message };
  testTo?: string;
  /** Why the address was refused (the address check's words, or a message of the catalogue). */
  testError?: string | Message;
}

/** `/console/digest`. */
export function digestConsolePage(config: SiteConfig, me: Viewer, v: DigestView): string {
  // The status of a sent digest names the addresses that failed: an owner's (access/roles.ts).
  const statusOpen = may(me.actor, "GET /console/digests/:number");
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const { next } = v;
  const hint = t.t("console-digest.test.hint", { prefix: testCopyMark(siteText(config)) });
  const testError = v.testError === undefined || typeof v.testError === "string" ? v.testError : t.message(v.testError);
  return consolePage({
    config,
    me,
    title: t.t("console-digest.title"),
    path: "/console/digest",
    children: (
      <>
        <h1>{t.t("console-digest.heading")}</h1>
        {v.notice ? (
          <p class={v.notice.ok ? "notice" : "alert"} role={v.notice.ok ? "status" : "alert"}>
            {t.message(v.notice.text)}
          </p>
        ) : null}
        {v.sending.map((s) => (
          <section
            key={s.number}
            class="panel"
            aria-label={t.t("console-digest.sending.label", { number: String(s.number) })}
          >
            <h2>
              {t.rich("console-digest.sending.heading", {
                number: String(s.number),
                link: (chunks) => (statusOpen ? <a href={url(`/console/digests/${s.number}`)}>{chunks}</a> : chunks),
              })}
            </h2>
            <DigestProgress t={t} status={s}>
              {statusOpen ? (
                <a href={url(`/console/digests/${s.number}`)}>{t.t("console-digest.sending.open")}</a>
              ) : null}
            </DigestProgress>
          </section>
        ))}
        <h2>{t.t("console-digest.next")}</h2>
        {next ? (
          <>
            <p>
              {t.rich("console-digest.next.summary", {
                number: String(next.number),
                subject: next.subject,
                period: next.period,
                strong: (chunks) => <strong>{chunks}</strong>,
              })}{" "}
              {t.t("console-digest.next.recipients", { recipients: next.recipients })}
            </p>
            <ul class="plain">
              {next.titles.map((title) => (
                <li key={title}>{title}</li>
              ))}
            </ul>
            {next.sets ? <PostSets t={t} sets={next.sets.sets} nothingFor={next.sets.nothingFor} /> : null}
            {may(me.actor, "GET /console/digest/send") ? (
              <div class="actions">
                <a class="button" href={url("/console/digest/send")}>
                  {t.t("console-digest.sendNow")}
                </a>
              </div>
            ) : null}
            {may(me.actor, "POST /console/digest/test") ? (
              <form method="post" action={url("/console/digest/test")} class="panel">
                <Csrf token={me.csrf} />
                <div class="row">
                  <Field id="test-to" label={t.t("console-digest.test.label")} error={testError} hint={hint}>
                    <input
                      id="test-to"
                      name="to"
                      type="email"
                      required
                      autocomplete="email"
                      value={v.testTo ?? ""}
                      {...described("test-to", testError, hint)}
                    />
                  </Field>
                  <div class="field">
                    <button type="submit">{t.t("console-digest.test.submit")}</button>
                  </div>
                </div>
              </form>
            ) : null}
            <div class="frames">
              <figure>
                <figcaption>{t.t("console-digest.preview.phone")}</figcaption>
                <div class="scroll">
                  <iframe
                    title={t.t("console-digest.preview.phoneTitle", { number: String(next.number) })}
                    src={url("/console/frame/digest")}
                    sandbox=""
                    class="phone"
                  />
                </div>
              </figure>
              <figure class="wide">
                <figcaption>{t.t("console-digest.preview.desktop")}</figcaption>
                <div class="scroll">
                  <iframe
                    title={t.t("console-digest.preview.desktopTitle", { number: String(next.number) })}
                    src={url("/console/frame/digest")}
                    sandbox=""
                    class="desktop"
                  />
                </div>
              </figure>
            </div>
            <details>
              <summary>{t.t("console-digest.preview.text")}</summary>
              <pre class="text">{next.text}</pre>
            </details>
          </>
        ) : (
          <p>{t.t("console-digest.nothingNew")}</p>
        )}
        <h2>{t.t("console-digest.archive")}</h2>
        {v.archive.length === 0 ? (
          <p>{t.t("console-digest.archive.none")}</p>
        ) : (
          <div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {t.t("console-digest.archive.number")}
                  </th>
                  <th scope="col">{t.t("console-digest.archive.subject")}</th>
                  <th scope="col">{t.t("console-digest.archive.sentAt")}</th>
                  <th scope="col">{t.t("console-digest.archive.view")}</th>
                </tr>
              </thead>
              <tbody>
                {v.archive.map((d) => (
                  <tr key={d.number}>
                    <td class="num" data-label={t.t("console-digest.archive.number")}>
                      {d.number}
                    </td>
                    <td data-label={t.t("console-digest.archive.subject")}>{d.subject}</td>
                    <td data-label={t.t("console-digest.archive.sentAt")}>{when(d.createdMs, t)}</td>
                    <td data-label={t.t("console-digest.archive.view")}>
                      {statusOpen ? (
                        <>
                          <a href={url(`/console/digests/${d.number}`)}>{t.t("console-digest.archive.status")}</a> ·{" "}
                        </>
                      ) : null}
                      <a href={url(`/digests/${d.number}`)}>{t.t("console-digest.archive.web")}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    ),
  });
}

/** `/console/digest/send`: the confirmation, with the number of recipients. */
export function sendConfirmPage(
  config: SiteConfig,
  me: Viewer,
  v: { number: number; subject: string; recipients: number; fingerprint: string; changed?: boolean },
): string {
  const t = consoleText(config);
  const number = String(v.number);
  return consolePage({
    config,
    me,
    title: t.t("console-digest.confirm.title", { number }),
    path: "/console/digest/send",
    children: (
      <>
        <h1>{t.t("console-digest.confirm.heading", { number })}</h1>
        {v.changed ? (
          <p class="alert" role="alert">
            {t.t("console-digest.confirm.changed")}
          </p>
        ) : null}
        <p>{v.subject}</p>
        <p class="stat">{t.t("console-digest.confirm.recipients", { recipients: v.recipients })}</p>
        <p>{t.t("console-digest.confirm.final")}</p>
        <form method="post" action={absoluteUrl(config, "/console/digest/send")} class="actions">
          <Csrf token={me.csrf} />
          <input type="hidden" name="fingerprint" value={v.fingerprint} />
          <button type="submit">{t.t("console-digest.confirm.submit", { recipients: v.recipients })}</button>
          <a class="button secondary" href={absoluteUrl(config, "/console/digest")}>
            {t.t("console-digest.confirm.cancel")}
          </a>
        </form>
      </>
    ),
  });
}

/**
 * `/console/digests/:number`: the live status of a digest (it reloads itself while sending), or of a
 * post's own email (a number below zero), with who got which posts.
 */
export function digestStatusConsolePage(
  config: SiteConfig,
  me: Viewer,
  s: DigestStatus,
  refresh: number | null,
  sets?: { sets: { titles: string[]; readers: number }[]; nothingFor: number } | null,
): string {
  const t = consoleText(config);
  const title =
    s.kind === "post"
      ? t.t("reader-choice.postEmail.statusTitle", { title: s.subject })
      : t.t("console-digest.status.title", { number: String(s.number) });
  return consolePage({
    config,
    me,
    title,
    path: `/console/digests/${s.number}`,
    refresh,
    children: (
      <>
        <h1>{title}</h1>
        <DigestProgress t={t} status={s}>
          <form method="post" action={absoluteUrl(config, `/console/digests/${s.number}/resume`)}>
            <Csrf token={me.csrf} />
            <button type="submit">{t.t("console-digest.status.resume")}</button>
          </form>
        </DigestProgress>
        {sets ? <PostSets t={t} sets={sets.sets} nothingFor={sets.nothingFor} renders={s.renders} /> : null}
        <p>
          {s.kind === "digest" ? (
            <>
              <a href={absoluteUrl(config, `/digests/${s.number}`)}>{t.t("console-digest.status.web")}</a> ·{" "}
            </>
          ) : null}
          <a href={absoluteUrl(config, "/console/digest")}>{t.t("console-digest.status.back")}</a>
        </p>
      </>
    ),
  });
}
