import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { DigestStatus } from "../../delivery/repository.ts";
import { consoleText } from "../../i18n/index.ts";
import type { PostState, PostSummary } from "../../posts/repository.ts";
import type { SubscriberStatus } from "../../subscribers/repository.ts";
import { when } from "./labels.ts";
import { consolePage } from "./layout.tsx";

export interface Overview {
  posts: Record<PostState, number>;
  subscribers: Record<SubscriberStatus, number>;
  last: DigestStatus | null;
  lastSentMs: number | null;
  next: { number: number; newPosts: number };
  scheduled: PostSummary[];
}

/** `/console`: what there is, what went out last, what goes out next. */
export function overviewPage(config: SiteConfig, csrf: string, o: Overview): string {
  const url = (p: string) => absoluteUrl(config, p);
  const done = o.last ? o.last.counts.sent + o.last.counts.failed + o.last.counts.skipped : 0;
  return consolePage({
    config,
    csrf,
    title: "Tổng quan",
    path: "/console",
    children: (
      <>
        <h1>Tổng quan</h1>
        <div class="grid">
          <section class="panel" aria-labelledby="posts-h">
            <h2 id="posts-h">Bài viết</h2>
            <p class="stat">{o.posts.published} đã đăng</p>
            <p>
              {o.posts.draft} bản nháp · {o.posts.scheduled} đã lên lịch · {o.posts.withdrawn} đã gỡ
            </p>
            <p>
              <a class="button" href={url("/console/posts/new")}>
                Viết bài mới
              </a>
            </p>
          </section>
          <section class="panel" aria-labelledby="subs-h">
            <h2 id="subs-h">Người đăng ký</h2>
            <p class="stat">{o.subscribers.confirmed} đã xác nhận</p>
            <p>
              {o.subscribers.pending} chờ xác nhận · {o.subscribers.unsubscribed} đã hủy · {o.subscribers.suppressed} bị
              chặn
            </p>
            <p>
              <a href={url("/console/subscribers")}>Xem danh sách, nhập hoặc xuất CSV</a>
            </p>
          </section>
          <section class="panel" aria-labelledby="next-h">
            <h2 id="next-h">Bản tin tiếp theo</h2>
            {o.next.newPosts > 0 ? (
              <>
                <p class="stat">Số {o.next.number}</p>
                <p>
                  {o.next.newPosts} bài mới chưa gửi; sẽ tới {o.subscribers.confirmed} người đã xác nhận.
                </p>
              </>
            ) : (
              <p>Chưa có bài mới kể từ bản tin trước.</p>
            )}
            <p>
              <a href={url("/console/digest")}>Xem trước, gửi thử, gửi ngay</a>
            </p>
          </section>
          <section class="panel" aria-labelledby="last-h">
            <h2 id="last-h">Bản tin gần nhất</h2>
            {o.last && o.lastSentMs !== null ? (
              <>
                <p class="stat">Số {o.last.number}</p>
                <p>{o.last.subject}</p>
                <p>
                  Gửi lúc {when(o.lastSentMs, consoleText(config))} · {done}/{o.last.total} đã xử lý
                </p>
                <p>
                  <a href={url(`/console/digests/${o.last.number}`)}>Tình trạng gửi</a>
                </p>
              </>
            ) : (
              <p>Chưa gửi bản tin nào.</p>
            )}
          </section>
        </div>
        {o.scheduled.length > 0 ? (
          <>
            <h2>Bài đã lên lịch</h2>
            <ul class="plain">
              {o.scheduled.map((p) => (
                <li key={p.id}>
                  <a href={url(`/console/posts/${p.slug}`)}>{p.title}</a>: đăng lúc{" "}
                  {when(p.publishedMs, consoleText(config))}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    ),
  });
}
