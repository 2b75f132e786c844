// Subscribers in the console: counts, a searchable list, lifting a suppression, erasing an address,
// CSV export and import.

import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { consoleText } from "../../i18n/index.ts";
import { displayAddress } from "../../subscribers/address.ts";
import { IMPORT_LIMITS, type ImportReport } from "../../subscribers/import.ts";
import type { ListedSubscriber, SubscriberStatus } from "../../subscribers/repository.ts";
import { consentMethod, subscriberStates, whenIso } from "./labels.ts";
import { Breakable, Csrf, consolePage, SearchForm } from "./layout.tsx";

export interface SubscribersView {
  counts: Record<SubscriberStatus, number>;
  rows: ListedSubscriber[];
  query: string;
  status: SubscriberStatus | null;
  /** Links to the neighbouring pages, when there are. */
  newer: string | null;
  older: string | null;
  notice?: string;
}

/** `/console/subscribers`. */
export function subscribersPage(config: SiteConfig, csrf: string, v: SubscribersView): string {
  const url = (p: string) => absoluteUrl(config, p);
  const total = Object.values(v.counts).reduce((a, b) => a + b, 0);
  return consolePage({
    config,
    csrf,
    title: "Người đăng ký",
    path: "/console/subscribers",
    children: (
      <>
        <h1>Người đăng ký</h1>
        {v.notice ? (
          <p class="notice" role="status">
            {v.notice}
          </p>
        ) : null}
        <div class="grid">
          {(Object.keys(subscriberStates(consoleText(config))) as SubscriberStatus[]).map((s) => (
            <div key={s} class="panel">
              <p class="stat">{v.counts[s]}</p>
              <p>{subscriberStates(consoleText(config))[s]}</p>
            </div>
          ))}
        </div>
        <SearchForm
          t={consoleText(config)}
          action={url("/console/subscribers")}
          label="Tìm địa chỉ"
          query={v.query}
          name="status"
          states={subscriberStates(consoleText(config))}
          selected={v.status}
          allLabel={`Tất cả (${total})`}
        />
        {v.rows.length === 0 ? (
          <p>Không có ai.</p>
        ) : (
          <div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">Địa chỉ</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Đồng ý</th>
                  <th scope="col">Thao tác</th>
                </tr>
              </thead>
              <tbody>
                {v.rows.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Breakable text={displayAddress(s.email)} />
                    </td>
                    <td data-label="Trạng thái">
                      <span class="badge">{subscriberStates(consoleText(config))[s.status]}</span>
                      {s.status === "suppressed" ? (
                        <p class="hint">
                          Lý do: {s.suppressedReason ?? "không rõ"} ({whenIso(s.suppressedAt, consoleText(config))})
                        </p>
                      ) : null}
                      {s.status === "unsubscribed" && s.unsubscribedAt ? (
                        <p class="hint">Hủy lúc {whenIso(s.unsubscribedAt, consoleText(config))}</p>
                      ) : null}
                    </td>
                    <td data-label="Đồng ý">
                      {s.consentAt ? (
                        <>
                          {whenIso(s.consentAt, consoleText(config))}
                          <p class="hint">{consentMethod(s.consentMethod, consoleText(config))}</p>
                        </>
                      ) : s.importedAt ? (
                        <p class="hint">
                          Nhập từ CSV lúc {whenIso(s.importedAt, consoleText(config))}; chờ xác nhận qua email
                        </p>
                      ) : (
                        <p class="hint">Chưa xác nhận</p>
                      )}
                    </td>
                    <td data-label="Thao tác">
                      {s.status === "suppressed" ? (
                        <form method="post" action={url("/console/subscribers/lift")} class="inline">
                          <Csrf token={csrf} />
                          <input type="hidden" name="email" value={s.email} />
                          <button type="submit" class="secondary" aria-label={`Gỡ chặn ${displayAddress(s.email)}`}>
                            Gỡ chặn
                          </button>
                        </form>
                      ) : null}{" "}
                      <a
                        href={url(`/console/subscribers/erase?email=${encodeURIComponent(s.email)}`)}
                        aria-label={`Xóa ${displayAddress(s.email)}`}
                      >
                        Xóa
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {v.newer || v.older ? (
          <nav class="actions" aria-label="Trang">
            {v.newer ? <a href={v.newer}>← Mới hơn</a> : null}
            {v.older ? <a href={v.older}>Cũ hơn →</a> : null}
          </nav>
        ) : null}
        <h2>Xuất và nhập</h2>
        <p>
          <a class="button secondary" href={url("/console/subscribers.csv")}>
            Tải xuống CSV (mọi người đăng ký)
          </a>
        </p>
        <form
          method="post"
          action={url("/console/subscribers/import")}
          enctype="multipart/form-data"
          class="panel"
          aria-labelledby="import-h"
        >
          <h3 id="import-h">Nhập từ tệp CSV</h3>
          <Csrf token={csrf} />
          <div class="field">
            <label for="file">Tệp CSV</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint" />
            <p class="hint" id="file-hint">
              Một cột tên “email” (hoặc địa chỉ ở cột đầu), tối đa {IMPORT_LIMITS.rows.toLocaleString("vi-VN")} dòng. Từ
              Excel, hãy lưu bảng tính thành “CSV UTF-8” (tệp .xlsx không nhập được). Nếu có dòng sai, không địa chỉ nào
              được nhập và mọi dòng sai được liệt kê. Địa chỉ đã có giữ nguyên trạng thái.
            </p>
          </div>
          <label class="check">
            <input type="checkbox" name="attest" value="yes" required />
            <span>Tôi xác nhận những người này đã đồng ý nhận bản tin.</span>
          </label>
          <label class="check">
            <input type="checkbox" name="confirmed" value="yes" />
            <span>
              Họ đã xác nhận ở nơi khác (không gửi thư xác nhận; ghi nhận như vậy). Nếu không chọn, mỗi địa chỉ mới nhận
              một thư xác nhận và chỉ nhận bản tin sau khi bấm xác nhận.
            </span>
          </label>
          <button type="submit">Nhập</button>
        </form>
      </>
    ),
  });
}

/** The outcome of an import: what was stored, or every bad line and nothing stored. */
export function importResultPage(config: SiteConfig, csrf: string, report: ImportReport): string {
  const url = (p: string) => absoluteUrl(config, p);
  const SHOWN = 500;
  return consolePage({
    config,
    csrf,
    title: "Kết quả nhập CSV",
    path: "/console/subscribers/import",
    children: (
      <>
        <h1>Kết quả nhập CSV</h1>
        {report.kind === "unreadable" ? (
          <p class="alert" role="alert">
            Không nhập được: {report.message}
          </p>
        ) : report.kind === "bad-rows" ? (
          <>
            <p class="alert" role="alert">
              Không địa chỉ nào được nhập: {report.problems.length} trong {report.rows} dòng có lỗi. Hãy sửa tệp rồi
              nhập lại.
            </p>
            <div class="scroll">
              <table class="cards">
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      Dòng
                    </th>
                    <th scope="col">Nội dung</th>
                    <th scope="col">Lỗi</th>
                  </tr>
                </thead>
                <tbody>
                  {report.problems.slice(0, SHOWN).map((p) => (
                    <tr key={p.line}>
                      <td class="num" data-label="Dòng">
                        {p.line}
                      </td>
                      <td data-label="Nội dung">
                        <Breakable text={p.value} />
                      </td>
                      <td data-label="Lỗi">{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {report.problems.length > SHOWN ? <p>… và {report.problems.length - SHOWN} dòng lỗi nữa.</p> : null}
          </>
        ) : (
          <>
            <p class="notice" role="status">
              Đã nhập {report.added.length} địa chỉ mới từ {report.rows} dòng
              {report.confirmed
                ? ", ghi nhận là đã xác nhận ở nơi khác."
                : `; ${report.queued} thư xác nhận đang được gửi đi.`}
            </p>
            {report.queueError ? (
              <p class="alert" role="alert">
                Hàng đợi thư xác nhận từ chối {report.added.length - report.queued} yêu cầu ({report.queueError}). Các
                địa chỉ đó đã được lưu ở trạng thái chờ xác nhận nhưng chưa có thư.
              </p>
            ) : null}
            {report.existing.length > 0 ? (
              <>
                <h2>Đã có, giữ nguyên ({report.existing.length})</h2>
                <ul class="plain">
                  {report.existing.slice(0, SHOWN).map((e) => (
                    <li key={e.email}>
                      {displayAddress(e.email)}: {subscriberStates(consoleText(config))[e.status]}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {report.duplicates.length > 0 ? (
              <>
                <h2>Dòng trùng, bỏ qua ({report.duplicates.length})</h2>
                <ul class="plain">
                  {report.duplicates.slice(0, SHOWN).map((d) => (
                    <li key={d.line}>
                      Dòng {d.line}: {displayAddress(d.email)} (trùng với dòng {d.firstLine})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
        <p>
          <a href={url("/console/subscribers")}>Về danh sách người đăng ký</a>
        </p>
      </>
    ),
  });
}

/** `/console/subscribers/erase`: erasing is for good, so it is confirmed first. */
export function eraseConfirmPage(config: SiteConfig, csrf: string, email: string): string {
  return consolePage({
    config,
    csrf,
    title: "Xóa địa chỉ",
    path: "/console/subscribers/erase",
    children: (
      <>
        <h1>Xóa {displayAddress(email)}?</h1>
        <p>
          Mọi dữ liệu về địa chỉ này (trạng thái, thời điểm và cách đồng ý, lần chặn) bị xóa vĩnh viễn. Nếu người này
          chỉ muốn thôi nhận thư, họ có thể tự hủy bằng liên kết trong mỗi bản tin.
        </p>
        <form method="post" action={absoluteUrl(config, "/console/subscribers/erase")} class="actions">
          <Csrf token={csrf} />
          <input type="hidden" name="email" value={email} />
          <button type="submit">Xóa vĩnh viễn</button>
          <a class="button secondary" href={absoluteUrl(config, "/console/subscribers")}>
            Thôi, quay lại
          </a>
        </form>
      </>
    ),
  });
}
