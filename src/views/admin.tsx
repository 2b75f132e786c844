import type { Child } from "hono/jsx";
import type { SiteConfig } from "../config.ts";
import { formatVietnameseDate, zonedIso } from "../dates.ts";
import type { DigestStatus } from "../delivery/repository.ts";
import { Layout } from "./layout.tsx";

const LABELS = {
  queued: "Chờ gửi",
  sending: "Đang gửi",
  sent: "Đã gửi",
  failed: "Thất bại",
  skipped: "Bỏ qua",
} as const;

const STATE = {
  sending: "đang gửi…",
  paused: "tạm dừng",
  stalled: "chưa có tiến triển: hàng đợi sẽ được khởi động lại trong vài phút",
  done: "đã xong",
} as const;

/** "08:05, Thứ Hai, 30/11/2026" in the site's time zone. */
function time(ms: number, config: SiteConfig): string {
  return `${zonedIso(ms, config.timeZone).slice(11, 16)}, ${formatVietnameseDate(ms, config.timeZone)}`;
}

/** Seconds after which a status page reloads itself: while deliveries move, never once done or waiting for the operator. */
export function statusRefresh(s: DigestStatus): number | null {
  return s.state === "sending" ? 2 : s.state === "stalled" ? 30 : s.pause?.kind === "cooldown" ? 15 : null;
}

/** A digest's progress, pause and failures; `children` is the resume form (each page posts it its own way). */
export function DigestProgress({
  config,
  status: s,
  children,
}: {
  config: SiteConfig;
  status: DigestStatus;
  children: Child;
}) {
  const done = s.counts.sent + s.counts.failed + s.counts.skipped;
  return (
    <>
      <p class="meta">{s.subject}</p>
      <p>
        <progress max={Math.max(s.total, 1)} value={done} /> {done}/{s.total} (
        {s.total === 0 ? 100 : Math.floor((done * 100) / s.total)} %)
        {` · ${STATE[s.state]}`}
      </p>
      {s.pause ? (
        <div id="pause" role="status">
          <h2>Tạm dừng: {s.pause.reason}</h2>
          <p>
            Không người đăng ký nào bị loại khỏi danh sách: lỗi này không phải do địa chỉ của họ. Những thư chưa gửi vẫn
            chờ trong hàng đợi.
          </p>
          {s.pause.kind === "cooldown" && s.pause.resumesAtMs !== null ? (
            <p>Việc gửi sẽ tự tiếp tục lúc {time(s.pause.resumesAtMs, config)}, hoặc ngay khi bạn bấm nút dưới đây.</p>
          ) : (
            <p>Hãy sửa cấu hình máy chủ thư (SMTP_URL, MAIL_FROM) rồi bấm nút dưới đây để gửi tiếp.</p>
          )}
          {children}
        </div>
      ) : null}
      <table class="counts">
        <tbody>
          {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((k) => (
            <tr key={k}>
              <th>{LABELS[k]}</th>
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
    </>
  );
}

/**
 * The editor's view of a digest going out. It refreshes itself while deliveries move, and stops when
 * the digest is done or paused (a paused digest waits for the operator, or for its cooldown).
 */
export function digestStatusPage(config: SiteConfig, s: DigestStatus): string {
  const refresh = statusRefresh(s);
  return (
    "<!doctype html>" +
    (
      <Layout
        config={config}
        title={`Bản tin số ${s.number}: tình trạng gửi`}
        path={`/admin/digests/${s.number}/status`}
      >
        {refresh ? <meta http-equiv="refresh" content={String(refresh)} /> : null}
        <h1>Bản tin số {s.number}</h1>
        <DigestProgress config={config} status={s}>
          <form method="post" action={`${config.siteUrl}/admin/digests/${s.number}/resume`}>
            <button type="submit">Tiếp tục gửi</button>
          </form>
        </DigestProgress>
      </Layout>
    ).toString()
  );
}
