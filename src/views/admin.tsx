// A digest's progress as the editor reads it: in the console, and on the admin API's status page.
import type { Child } from "hono/jsx";
import type { SiteConfig } from "../config.ts";
import type { DigestStatus } from "../delivery/repository.ts";
import { consoleText, type Translator } from "../i18n/index.ts";
import { when } from "./console/labels.ts";
import { consolePage } from "./console/layout.tsx";

/** The delivery states, in the order the counts table lists them, with their names. */
const COUNTS = {
  queued: "console-digest.progress.queued",
  sending: "console-digest.progress.inFlight",
  sent: "console-digest.progress.sent",
  failed: "console-digest.progress.failed",
  skipped: "console-digest.progress.skipped",
} as const satisfies Record<keyof DigestStatus["counts"], string>;

/** A digest's state after its counts ("đang gửi…", "đã xong"). */
const STATES = {
  sending: "console-digest.progress.sending",
  paused: "console-digest.progress.paused",
  stalled: "console-digest.progress.stalled",
  done: "console-digest.progress.done",
} as const satisfies Record<DigestStatus["state"], string>;

/** Seconds after which a status page reloads itself: while deliveries move, never once done or waiting for the operator. */
export function statusRefresh(s: DigestStatus): number | null {
  return s.state === "sending" ? 2 : s.state === "stalled" ? 30 : s.pause?.kind === "cooldown" ? 15 : null;
}

/** A digest's progress, pause and failures; `children` is the resume form (each page posts it its own way). */
export function DigestProgress({ t, status: s, children }: { t: Translator; status: DigestStatus; children: Child }) {
  const done = s.counts.sent + s.counts.failed + s.counts.skipped;
  return (
    <>
      <p class="meta">{s.subject}</p>
      <p>
        <progress max={Math.max(s.total, 1)} value={done} />{" "}
        {t.t("console-digest.progress.count", {
          done: t.number(done),
          total: t.number(s.total),
          percent: t.number(s.total === 0 ? 100 : Math.floor((done * 100) / s.total)),
          state: t.t(STATES[s.state]),
        })}
      </p>
      {s.pause ? (
        <div id="pause" role="status">
          <h2>{t.t("console-digest.progress.pause", { reason: s.pause.reason })}</h2>
          <p>{t.t("console-digest.progress.nobodyDropped")}</p>
          {s.pause.kind === "cooldown" && s.pause.resumesAtMs !== null ? (
            <p>{t.t("console-digest.progress.resumesAt", { time: when(s.pause.resumesAtMs, t) })}</p>
          ) : (
            <p>{t.t("console-digest.progress.fixMailer")}</p>
          )}
          {children}
        </div>
      ) : null}
      <table class="counts">
        <tbody>
          {(Object.keys(COUNTS) as (keyof typeof COUNTS)[]).map((k) => (
            <tr key={k}>
              <th>{t.t(COUNTS[k])}</th>
              <td id={`count-${k}`}>{t.number(s.counts[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.failures.length > 0 ? (
        <>
          <h2>{t.t("console-digest.progress.failures")}</h2>
          <ul>
            {s.failures.map((f) => (
              <li key={f.subscriberId}>
                {t.t("console-digest.progress.failure", {
                  email: f.email ?? t.t("console-digest.progress.deleted", { id: String(f.subscriberId) }),
                  reason: f.reason ?? "",
                  attempts: f.attempts,
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/**
 * The editor's view of a digest going out, for the admin API (Basic credentials): a console page
 * without the console's navigation, in the console's language. It refreshes itself while deliveries
 * move, and stops when the digest is done or paused (a paused digest waits for the operator, or for
 * its cooldown).
 */
export function digestStatusPage(config: SiteConfig, s: DigestStatus): string {
  const t = consoleText(config);
  return consolePage({
    config,
    title: t.t("console-digest.status.title", { number: String(s.number) }),
    path: `/admin/digests/${s.number}/status`,
    refresh: statusRefresh(s),
    children: (
      <>
        <h1>{t.t("console-digest.status.heading", { number: String(s.number) })}</h1>
        <DigestProgress t={t} status={s}>
          <form method="post" action={`${config.siteUrl}/admin/digests/${s.number}/resume`}>
            <button type="submit">{t.t("console-digest.status.resume")}</button>
          </form>
        </DigestProgress>
      </>
    ),
  });
}
