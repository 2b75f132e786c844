import type { SiteConfig } from "../config.ts";
import type { DigestStatus } from "../delivery/repository.ts";
import { Layout } from "./layout.tsx";

const LABELS = {
  queued: "Chờ gửi",
  sending: "Đang gửi",
  sent: "Đã gửi",
  failed: "Thất bại",
  skipped: "Bỏ qua",
} as const;

/** The editor's view of a digest going out; it refreshes itself until every delivery is settled. */
export function digestStatusPage(config: SiteConfig, s: DigestStatus): string {
  const done = s.counts.sent + s.counts.failed + s.counts.skipped;
  const finished = done === s.total;
  return (
    "<!doctype html>" +
    (
      <Layout
        config={config}
        title={`Bản tin số ${s.number}: tình trạng gửi`}
        path={`/admin/digests/${s.number}/status`}
      >
        {finished ? null : <meta http-equiv="refresh" content="2" />}
        <h1>Bản tin số {s.number}</h1>
        <p class="meta">{s.subject}</p>
        <p>
          <progress max={Math.max(s.total, 1)} value={done} style="width:100%" /> {done}/{s.total}
          {finished ? " · đã xong" : " · đang gửi…"}
        </p>
        <table>
          <tbody>
            {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((k) => (
              <tr key={k}>
                <th style="text-align:left;padding-right:1rem">{LABELS[k]}</th>
                <td id={`count-${k}`}>{s.counts[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {s.failures.length > 0 ? (
          <>
            <h2>Thất bại</h2>
            <ul>
              {s.failures.map((f) => (
                <li key={f.subscriberId}>
                  {f.email ?? `(đã xóa #${f.subscriberId})`}: {f.reason} ({f.attempts} lần)
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Layout>
    ).toString()
  );
}
