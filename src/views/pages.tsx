// HTML pages. Everything from content goes through JSX and is escaped, except the post body,
// which the Markdown renderer wrote with all source text escaped.
import { raw } from "hono/html";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { formatVietnameseDate } from "../dates.ts";
import type { DigestContent } from "../digest/compose.ts";
import type { DigestSummary } from "../digest/repository.ts";
import type { Post } from "../posts/model.ts";
import { Layout } from "./layout.tsx";
import { SubscribeForm } from "./subscription.tsx";

const DOCTYPE = "<!doctype html>";

function PostDate({ post, config }: { post: Post; config: SiteConfig }) {
  return <time datetime={post.publishedAt}>{formatVietnameseDate(post.publishedMs, config.timeZone)}</time>;
}

/** The home page: the publication and its posts, newest first. */
export function homePage(config: SiteConfig, posts: readonly Post[]): string {
  return (
    DOCTYPE +
    (
      <Layout config={config} title={config.title} description={config.description} path="/">
        <h1>{config.title}</h1>
        {config.description ? <p class="meta">{config.description}</p> : null}
        {posts.length === 0 ? (
          <p>Chưa có bài viết nào.</p>
        ) : (
          <ol class="posts">
            {posts.map((post) => (
              <li key={post.id} lang={post.language}>
                <h2>
                  <a href={absoluteUrl(config, `/posts/${post.slug}`)}>{post.title}</a>
                </h2>
                <div class="meta">
                  <PostDate post={post} config={config} /> · {post.author}
                </div>
                <p>{post.summary}</p>
              </li>
            ))}
          </ol>
        )}
        <SubscribeForm config={config} />
        <h2>Theo dõi</h2>
        <p>
          Nhận bài mới trong trình đọc tin: <a href={absoluteUrl(config, "/rss.xml")}>RSS</a>,{" "}
          <a href={absoluteUrl(config, "/atom.xml")}>Atom</a> hoặc{" "}
          <a href={absoluteUrl(config, "/feed.json")}>JSON Feed</a>.
        </p>
      </Layout>
    ).toString()
  );
}

/** A post page: the full article. */
export function postPage(config: SiteConfig, post: Post): string {
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`${post.title} – ${config.title}`}
        headline={post.title}
        description={post.summary}
        path={`/posts/${post.slug}`}
        type="article"
      >
        <article lang={post.language}>
          <h1>{post.title}</h1>
          <div class="meta">
            <PostDate post={post} config={config} /> · <span class="byline">{post.author}</span>
          </div>
          {raw(post.bodyHtml)}
          {post.tags.length > 0 ? <p class="tags">Chủ đề: {post.tags.join(", ")}</p> : null}
        </article>
        <SubscribeForm config={config} />
      </Layout>
    ).toString()
  );
}

/** The 404 page. */
export function notFoundPage(config: SiteConfig): string {
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`Không tìm thấy trang – ${config.title}`}
        description="Trang bạn tìm không tồn tại hoặc đã được chuyển đi."
        path="/"
      >
        <h1>Không tìm thấy trang</h1>
        <p>Trang bạn tìm không tồn tại hoặc đã được chuyển đi.</p>
        <p>
          <a href={absoluteUrl(config, "/")}>Về trang chủ</a>
        </p>
      </Layout>
    ).toString()
  );
}

/** The digest archive: sent digests, and the next one as a preview until it is sent. */
export function digestArchivePage(
  config: SiteConfig,
  sent: readonly DigestSummary[],
  upcoming: DigestContent | null,
): string {
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`Bản tin qua email – ${config.title}`}
        description={`Các số ${config.title} đã gửi qua email, mới nhất trước. Đăng ký để nhận số tiếp theo.`}
        path="/digests"
      >
        <h1>Bản tin qua email</h1>
        <p class="meta">Các số bản tin đã gửi tới bạn đọc đăng ký, mới nhất trước.</p>
        <ol class="posts">
          {upcoming ? (
            <li>
              <h2>
                <a href={absoluteUrl(config, `/digests/${upcoming.number}`)}>Bản tin số {upcoming.number}</a>
              </h2>
              <div class="meta">
                Bản xem trước, chưa gửi · {upcoming.period} ·{" "}
                <a href={absoluteUrl(config, `/digests/${upcoming.number}.txt`)}>bản văn bản</a>
              </div>
              <p>{upcoming.subject}</p>
            </li>
          ) : null}
          {sent.map((d) => (
            <li key={d.number}>
              <h2>
                <a href={absoluteUrl(config, `/digests/${d.number}`)}>Bản tin số {d.number}</a>
              </h2>
              <div class="meta">
                Đã gửi {formatVietnameseDate(d.createdMs, config.timeZone)} · {d.period} ·{" "}
                <a href={absoluteUrl(config, `/digests/${d.number}.txt`)}>bản văn bản</a>
              </div>
              <p>{d.subject}</p>
            </li>
          ))}
        </ol>
        {!upcoming && sent.length === 0 ? <p>Chưa có bản tin nào.</p> : null}
        <SubscribeForm config={config} />
      </Layout>
    ).toString()
  );
}
