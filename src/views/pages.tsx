// HTML pages. Everything from content goes through JSX and is escaped, except the post body,
// which the Markdown renderer wrote with all source text escaped.
import { raw } from "hono/html";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { formatVietnameseDate } from "../dates.ts";
import type { DigestContent } from "../digest/compose.ts";
import type { DigestSummary } from "../digest/repository.ts";
import { tagFeedPaths } from "../feeds/build.ts";
import { OPML_PATHS } from "../feeds/crawlers.ts";
import type { Post } from "../posts/model.ts";
import { type Tag, tagSlug } from "../posts/tags.ts";
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
        {posts.length === 0 ? <p>Chưa có bài viết nào.</p> : <PostList config={config} posts={posts} />}
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
          {post.tags.length > 0 ? (
            <p class="tags">
              Chủ đề:{" "}
              {post.tags.map((tag, i) => {
                const slug = tagSlug(tag);
                return (
                  <>
                    {i > 0 ? ", " : ""}
                    {slug ? <a href={absoluteUrl(config, `/tags/${slug}`)}>{tag}</a> : tag}
                  </>
                );
              })}
            </p>
          ) : null}
        </article>
        <SubscribeForm config={config} />
      </Layout>
    ).toString()
  );
}

/** A list of posts, newest first, as the home page shows them. */
function PostList({ config, posts }: { config: SiteConfig; posts: readonly Post[] }) {
  return (
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
  );
}

/** Every tag with the number of its posts. */
export function tagsPage(config: SiteConfig, tags: readonly Tag[]): string {
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`Chủ đề – ${config.title}`}
        description={`Các chủ đề của ${config.title}, mỗi chủ đề có trang và nguồn tin (RSS, Atom, JSON Feed) riêng.`}
        path="/tags"
      >
        <h1>Chủ đề</h1>
        {tags.length === 0 ? (
          <p>Chưa có chủ đề nào.</p>
        ) : (
          <ul class="tag-list">
            {tags.map((tag) => (
              <li key={tag.slug}>
                <a href={absoluteUrl(config, `/tags/${tag.slug}`)}>{tag.name}</a> ({tag.count} bài)
              </li>
            ))}
          </ul>
        )}
        <p>
          Nhập mọi nguồn tin vào trình đọc tin bằng một tệp OPML:{" "}
          <a href={absoluteUrl(config, OPML_PATHS.atom)}>feeds.opml</a> (Atom). Nếu trình đọc của bạn chỉ nhận RSS hoặc
          JSON Feed, hãy dùng <a href={absoluteUrl(config, OPML_PATHS.rss)}>feeds-rss.opml</a> hoặc{" "}
          <a href={absoluteUrl(config, OPML_PATHS.json)}>feeds-json.opml</a>.
        </p>
      </Layout>
    ).toString()
  );
}

/** One tag: its posts, newest first, and its feeds. */
export function tagPage(config: SiteConfig, tag: Tag, posts: readonly Post[]): string {
  const paths = tagFeedPaths(tag.slug);
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`${tag.name} – ${config.title}`}
        headline={`Chủ đề: ${tag.name}`}
        description={`Các bài về ${tag.name} trên ${config.title} (${tag.count} bài), mới nhất trước.`}
        path={`/tags/${tag.slug}`}
        feeds={{ title: `${config.title} – ${tag.name}`, paths }}
      >
        <h1>Chủ đề: {tag.name}</h1>
        <p class="meta">
          {tag.count} bài · theo dõi chủ đề này: <a href={absoluteUrl(config, paths.rss)}>RSS</a>,{" "}
          <a href={absoluteUrl(config, paths.atom)}>Atom</a>, <a href={absoluteUrl(config, paths.json)}>JSON Feed</a>
        </p>
        <PostList config={config} posts={posts} />
        <p>
          <a href={absoluteUrl(config, "/tags")}>Mọi chủ đề</a>
        </p>
      </Layout>
    ).toString()
  );
}

/** The page of a withdrawn post (410 Gone). */
export function gonePage(config: SiteConfig, path: string): string {
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`Bài viết đã được gỡ – ${config.title}`}
        description="Bài viết này đã được gỡ khỏi trang và không còn được đăng."
        path={path}
      >
        <h1>Bài viết đã được gỡ</h1>
        <p>Bài viết này đã được ban biên tập gỡ khỏi trang và không còn được đăng.</p>
        <p>
          <a href={absoluteUrl(config, "/")}>Về trang chủ</a>
        </p>
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
