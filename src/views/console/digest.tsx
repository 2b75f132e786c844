// The digest in the console: the next one as it will be sent, a test copy, sending it, its progress, the archive.

import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { DigestStatus } from "../../delivery/repository.ts";
import type { DigestSummary } from "../../digest/repository.ts";
import { consoleText } from "../../i18n/index.ts";
import { DigestProgress } from "../admin.tsx";
import { when } from "./labels.ts";
import { Csrf, consolePage, described, Field } from "./layout.tsx";

export interface NextDigestView {
  number: number;
  subject: string;
  period: string;
  titles: string[];
  recipients: number;
  text: string;
}

export interface DigestView {
  next: NextDigestView | null;
  /** Digests whose deliveries are not all settled. */
  sending: DigestStatus[];
  archive: DigestSummary[];
  notice?: { ok: boolean; text: string };
  testTo?: string;
  testError?: string;
}

/** `/console/digest`. */
export function digestConsolePage(config: SiteConfig, csrf: string, v: DigestView): string {
  const url = (p: string) => absoluteUrl(config, p);
  const { next } = v;
  const hint =
    "Bản thử có chữ [Thử] ở đầu tiêu đề, không được tính và không ghi vào danh sách gửi. Gửi tới người đăng ký đã xác nhận: thư đúng như bản thật, với liên kết hủy đăng ký của họ. Gửi tới địa chỉ khác: thư ghi rõ là bản thử, không có liên kết hủy.";
  return consolePage({
    config,
    csrf,
    title: "Bản tin",
    path: "/console/digest",
    children: (
      <>
        <h1>Bản tin qua email</h1>
        {v.notice ? (
          <p class={v.notice.ok ? "notice" : "alert"} role={v.notice.ok ? "status" : "alert"}>
            {v.notice.text}
          </p>
        ) : null}
        {v.sending.map((s) => (
          <section key={s.number} class="panel" aria-label={`Bản tin số ${s.number} đang gửi`}>
            <h2>
              <a href={url(`/console/digests/${s.number}`)}>Bản tin số {s.number}</a>: đang gửi
            </h2>
            <DigestProgress config={config} status={s}>
              <a href={url(`/console/digests/${s.number}`)}>Mở trang tình trạng để tiếp tục gửi</a>
            </DigestProgress>
          </section>
        ))}
        <h2>Bản tin tiếp theo</h2>
        {next ? (
          <>
            <p>
              <strong>Số {next.number}</strong>: {next.subject} ({next.period}). Sẽ gửi tới {next.recipients} người đã
              xác nhận.
            </p>
            <ul class="plain">
              {next.titles.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
            <div class="actions">
              <a class="button" href={url("/console/digest/send")}>
                Gửi ngay…
              </a>
            </div>
            <form method="post" action={url("/console/digest/test")} class="panel">
              <Csrf token={csrf} />
              <div class="row">
                <Field id="test-to" label="Gửi thử tới một địa chỉ" error={v.testError} hint={hint}>
                  <input
                    id="test-to"
                    name="to"
                    type="email"
                    required
                    autocomplete="email"
                    value={v.testTo ?? ""}
                    {...described("test-to", v.testError, hint)}
                  />
                </Field>
                <div class="field">
                  <button type="submit">Gửi thử</button>
                </div>
              </div>
            </form>
            <div class="frames">
              <figure>
                <figcaption>Trên điện thoại (360 px)</figcaption>
                <div class="scroll">
                  <iframe
                    title={`Bản tin số ${next.number} trên điện thoại`}
                    src={url("/console/frame/digest")}
                    sandbox=""
                    class="phone"
                  />
                </div>
              </figure>
              <figure class="wide">
                <figcaption>Trên máy tính</figcaption>
                <div class="scroll">
                  <iframe
                    title={`Bản tin số ${next.number} trên máy tính`}
                    src={url("/console/frame/digest")}
                    sandbox=""
                    class="desktop"
                  />
                </div>
              </figure>
            </div>
            <details>
              <summary>Bản văn bản thuần (cho hộp thư không hiện HTML)</summary>
              <pre class="text">{next.text}</pre>
            </details>
          </>
        ) : (
          <p>Chưa có bài mới kể từ bản tin trước, nên chưa có gì để gửi.</p>
        )}
        <h2>Các số đã gửi</h2>
        {v.archive.length === 0 ? (
          <p>Chưa gửi bản tin nào.</p>
        ) : (
          <div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Số
                  </th>
                  <th scope="col">Tiêu đề</th>
                  <th scope="col">Gửi lúc</th>
                  <th scope="col">Xem</th>
                </tr>
              </thead>
              <tbody>
                {v.archive.map((d) => (
                  <tr key={d.number}>
                    <td class="num" data-label="Số">
                      {d.number}
                    </td>
                    <td data-label="Tiêu đề">{d.subject}</td>
                    <td data-label="Gửi lúc">{when(d.createdMs, consoleText(config))}</td>
                    <td data-label="Xem">
                      <a href={url(`/console/digests/${d.number}`)}>Tình trạng gửi</a> ·{" "}
                      <a href={url(`/digests/${d.number}`)}>Bản web</a>
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
  csrf: string,
  v: { number: number; subject: string; recipients: number; fingerprint: string; changed?: boolean },
): string {
  return consolePage({
    config,
    csrf,
    title: `Gửi bản tin số ${v.number}`,
    path: "/console/digest/send",
    children: (
      <>
        <h1>Gửi bản tin số {v.number}?</h1>
        {v.changed ? (
          <p class="alert" role="alert">
            Bản tin đã thay đổi từ lúc bạn mở trang xác nhận (có bài mới, hoặc số này đã được gửi). Hãy xem lại.
          </p>
        ) : null}
        <p>{v.subject}</p>
        <p class="stat">Sẽ gửi tới {v.recipients} người đã xác nhận.</p>
        <p>Không thể gọi lại thư đã gửi. Người đăng ký chỉ nhận mỗi số một lần.</p>
        <form method="post" action={absoluteUrl(config, "/console/digest/send")} class="actions">
          <Csrf token={csrf} />
          <input type="hidden" name="fingerprint" value={v.fingerprint} />
          <button type="submit">Gửi tới {v.recipients} người</button>
          <a class="button secondary" href={absoluteUrl(config, "/console/digest")}>
            Thôi, quay lại
          </a>
        </form>
      </>
    ),
  });
}

/** `/console/digests/:number`: the live status of a digest (it reloads itself while sending). */
export function digestStatusConsolePage(
  config: SiteConfig,
  csrf: string,
  s: DigestStatus,
  refresh: number | null,
): string {
  return consolePage({
    config,
    csrf,
    title: `Bản tin số ${s.number}: tình trạng gửi`,
    path: `/console/digests/${s.number}`,
    refresh,
    children: (
      <>
        <h1>Bản tin số {s.number}: tình trạng gửi</h1>
        <DigestProgress config={config} status={s}>
          <form method="post" action={absoluteUrl(config, `/console/digests/${s.number}/resume`)}>
            <Csrf token={csrf} />
            <button type="submit">Tiếp tục gửi</button>
          </form>
        </DigestProgress>
        <p>
          <a href={absoluteUrl(config, `/digests/${s.number}`)}>Bản web</a> ·{" "}
          <a href={absoluteUrl(config, "/console/digest")}>Về trang bản tin</a>
        </p>
      </>
    ),
  });
}
