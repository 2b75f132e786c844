// HTML pages. Everything from content goes through JSX and is escaped, except the post body,
// which the Markdown renderer wrote with all source text escaped.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import type { DigestContent } from "../digest/compose.ts";
import type { DigestSummary } from "../digest/repository.ts";
import { FEED_PATHS, tagFeedPaths } from "../feeds/build.ts";
import { OPML_PATHS } from "../feeds/crawlers.ts";
import { siteText, type Translator } from "../i18n/index.ts";
import {
  fallbackPath,
  POST_IMAGE_SIZES,
  previewImage,
  srcset,
  THUMBNAIL_SIZES,
  thumbnailSrcset,
} from "../media/urls.ts";
import type { Post, PostImage } from "../posts/model.ts";
import { type Tag, tagSlug } from "../posts/tags.ts";
import { Layout } from "./layout.tsx";
import { SubscribeForm } from "./subscription.tsx";

const DOCTYPE = "<!doctype html>";

/** The `<rss>`, `<atom>` and `<json>` tags of a message, as links to a feed's three formats. */
function feedLinks(config: SiteConfig, paths: Record<"rss" | "atom" | "json", string>) {
  const link =
    (path: string) =>
    (chunks: Array<string | Child>): Child => <a href={absoluteUrl(config, path)}>{chunks}</a>;
  return { rss: link(paths.rss), atom: link(paths.atom), json: link(paths.json) };
}

function PostDate({ post, t }: { post: Post; t: Translator }) {
  return <time datetime={post.publishedAt}>{t.date(post.publishedMs)}</time>;
}

/** The home page: the publication and its posts, newest first. */
export function homePage(config: SiteConfig, posts: readonly Post[]): string {
  const t = siteText(config);
  return (
    DOCTYPE +
    (
      <Layout config={config} title={config.title} description={config.description} path="/">
        <h1>{config.title}</h1>
        {config.description ? <p class="meta">{config.description}</p> : null}
        {posts.length === 0 ? <p>{t.t("site.home.empty")}</p> : <PostList config={config} posts={posts} t={t} />}
        <SubscribeForm config={config} />
        <h2>{t.t("site.home.follow.heading")}</h2>
        <p>{t.rich<"site.home.follow.body", Child>("site.home.follow.body", feedLinks(config, FEED_PATHS))}</p>
      </Layout>
    ).toString()
  );
}

/**
 * A post's lead image under its headline, over its copies, as the body's photos are drawn
 * (posts/markdown.ts); on the first screen, so fetched first and never lazily.
 */
function LeadImage({ image }: { image: PostImage }) {
  return (
    <figure class="photo lead">
      <img
        src={fallbackPath(image)}
        srcset={srcset(image)}
        sizes={POST_IMAGE_SIZES}
        width={image.width}
        height={image.height}
        alt={image.alt}
        decoding="async"
        fetchpriority="high"
      />
      {image.caption || image.credit ? (
        <figcaption>
          {image.caption ?? ""}
          {image.credit ? (
            <>
              {" "}
              <span class="credit">{image.credit}</span>
            </>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A post page: the full article. */
export function postPage(config: SiteConfig, post: Post): string {
  const t = siteText(config);
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
        image={post.image ? { ...previewImage(post.image, config.siteUrl), alt: post.image.alt } : undefined}
      >
        <article lang={post.language}>
          <h1>{post.title}</h1>
          <div class="meta">
            <PostDate post={post} t={t} /> · <span class="byline">{post.author}</span>
          </div>
          {post.image ? <LeadImage image={post.image} /> : null}
          {raw(post.bodyHtml)}
          {post.tags.length > 0 ? (
            <p class="tags">
              {t.t("site.post.tags")}{" "}
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

/**
 * A post's lead image in a list of posts. alt="": it repeats the headline beside it, which is the
 * link, and a list read aloud should say each post once; the post page gives the photo's alt text.
 * Only the first post's is on the first screen: the others load as they scroll into view.
 */
function Thumbnail({ image, first }: { image: PostImage; first: boolean }) {
  return (
    <img
      src={fallbackPath(image, 360)}
      srcset={thumbnailSrcset(image)}
      sizes={THUMBNAIL_SIZES}
      width={image.width}
      height={image.height}
      alt=""
      loading={first ? undefined : "lazy"}
      decoding="async"
    />
  );
}

/** A list of posts, newest first, as the home page shows them. */
function PostList({ config, posts, t }: { config: SiteConfig; posts: readonly Post[]; t: Translator }) {
  return (
    <ol class="posts">
      {posts.map((post, i) => {
        const text = (
          <>
            <h2>
              <a href={absoluteUrl(config, `/posts/${post.slug}`)}>{post.title}</a>
            </h2>
            <div class="meta">
              <PostDate post={post} t={t} /> · {post.author}
            </div>
            <p>{post.summary}</p>
          </>
        );
        // With a photo, the text is one block beside it (layout.tsx's grid from 36rem up).
        return post.image ? (
          <li key={post.id} lang={post.language} class="pic">
            <Thumbnail image={post.image} first={i === 0} />
            <div>{text}</div>
          </li>
        ) : (
          <li key={post.id} lang={post.language}>
            {text}
          </li>
        );
      })}
    </ol>
  );
}

/** Every tag with the number of its posts. */
export function tagsPage(config: SiteConfig, tags: readonly Tag[]): string {
  const t = siteText(config);
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`${t.t("site.tags.heading")} – ${config.title}`}
        description={t.t("site.tags.description", { site: config.title })}
        path="/tags"
      >
        <h1>{t.t("site.tags.heading")}</h1>
        {tags.length === 0 ? (
          <p>{t.t("site.tags.empty")}</p>
        ) : (
          <ul class="tag-list">
            {tags.map((tag) => (
              <li key={tag.slug}>
                <a href={absoluteUrl(config, `/tags/${tag.slug}`)}>{tag.name}</a>{" "}
                {t.t("site.tags.count", { count: tag.count })}
              </li>
            ))}
          </ul>
        )}
        <p>{t.rich<"site.tags.opml", Child>("site.tags.opml", feedLinks(config, OPML_PATHS))}</p>
      </Layout>
    ).toString()
  );
}

/** One tag: its posts, newest first, and its feeds. */
export function tagPage(config: SiteConfig, tag: Tag, posts: readonly Post[]): string {
  const t = siteText(config);
  const paths = tagFeedPaths(tag.slug);
  const heading = t.t("site.tag.heading", { name: tag.name });
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`${tag.name} – ${config.title}`}
        headline={heading}
        description={t.t("site.tag.description", { name: tag.name, site: config.title, count: tag.count })}
        path={`/tags/${tag.slug}`}
        feeds={{ title: `${config.title} – ${tag.name}`, paths }}
      >
        <h1>{heading}</h1>
        <p class="meta">
          {t.rich<"site.tag.follow", Child>("site.tag.follow", { count: tag.count, ...feedLinks(config, paths) })}
        </p>
        <PostList config={config} posts={posts} t={t} />
        <p>
          <a href={absoluteUrl(config, "/tags")}>{t.t("site.tag.allTopics")}</a>
        </p>
        <SubscribeForm config={config} topic={{ slug: tag.slug, name: tag.name }} />
      </Layout>
    ).toString()
  );
}

/** The page of a withdrawn post (410 Gone). */
export function gonePage(config: SiteConfig, path: string): string {
  const t = siteText(config);
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`${t.t("site.gone.heading")} – ${config.title}`}
        description={t.t("site.gone.description")}
        path={path}
      >
        <h1>{t.t("site.gone.heading")}</h1>
        <p>{t.t("site.gone.body")}</p>
        <p>
          <a href={absoluteUrl(config, "/")}>{t.t("site.backHome")}</a>
        </p>
      </Layout>
    ).toString()
  );
}

/** The 404 page. */
export function notFoundPage(config: SiteConfig): string {
  const t = siteText(config);
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`${t.t("site.notFound.heading")} – ${config.title}`}
        description={t.t("site.notFound.body")}
        path="/"
      >
        <h1>{t.t("site.notFound.heading")}</h1>
        <p>{t.t("site.notFound.body")}</p>
        <p>
          <a href={absoluteUrl(config, "/")}>{t.t("site.backHome")}</a>
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
  const t = siteText(config);
  return (
    DOCTYPE +
    (
      <Layout
        config={config}
        title={`${t.t("site.digests.heading")} – ${config.title}`}
        description={t.t("site.digests.description", { site: config.title })}
        path="/digests"
      >
        <h1>{t.t("site.digests.heading")}</h1>
        <p class="meta">{t.t("site.digests.intro")}</p>
        <ol class="posts">
          {upcoming ? (
            <li>
              <h2>
                <a href={absoluteUrl(config, `/digests/${upcoming.number}`)}>
                  {t.t("site.digests.issue", { number: upcoming.number })}
                </a>
              </h2>
              <div class="meta">
                {t.t("site.digests.preview")} · {upcoming.period} ·{" "}
                <a href={absoluteUrl(config, `/digests/${upcoming.number}.txt`)}>{t.t("site.digests.textVersion")}</a>
              </div>
              <p>{upcoming.subject}</p>
            </li>
          ) : null}
          {sent.map((d) => (
            <li key={d.number}>
              <h2>
                <a href={absoluteUrl(config, `/digests/${d.number}`)}>
                  {t.t("site.digests.issue", { number: d.number })}
                </a>
              </h2>
              <div class="meta">
                {t.t("site.digests.sent", { date: t.date(d.createdMs) })} · {d.period} ·{" "}
                <a href={absoluteUrl(config, `/digests/${d.number}.txt`)}>{t.t("site.digests.textVersion")}</a>
              </div>
              <p>{d.subject}</p>
            </li>
          ))}
        </ol>
        {!upcoming && sent.length === 0 ? <p>{t.t("site.digests.empty")}</p> : null}
        <SubscribeForm config={config} />
      </Layout>
    ).toString()
  );
}
