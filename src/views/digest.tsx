// The web edition of a digest: a page of the site with the digest's content, rendered from the
// stored content (not the email's HTML), with no personal link.
import type { DigestImageProps } from "../../emails/_components/PostBlock.tsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import type { DigestContent } from "../digest/compose.ts";
import { previewNotice } from "../digest/render.ts";
import { siteText } from "../i18n/index.ts";
import { POST_IMAGE_SIZES } from "../media/urls.ts";
import { Layout } from "./layout.tsx";
import { SubscribeForm } from "./subscription.tsx";

export interface DigestEdition {
  content: DigestContent;
  /** When it was sent; null for the preview of the next digest. */
  sentMs: number | null;
  /** Numbers of the sent digests before and after it, when there are. */
  previous: number | null;
  next: number | null;
}

/** A digest's headline for search results and link previews: subject, period, section headings. */
export function digestDescription(content: DigestContent): string {
  const period = content.period.charAt(0).toLowerCase() + content.period.slice(1);
  return `${content.subject} (${period}). ${content.preheader}`;
}

/** A post's lead image as the email shows it (linked unless decorative), over the site's copies; lazy below the first. */
function DigestPhoto({ image, url, first }: { image: DigestImageProps; url: string; first: boolean }) {
  const img = (
    <img
      src={image.url}
      srcset={image.srcset}
      sizes={POST_IMAGE_SIZES}
      width={image.width}
      height={image.height}
      alt={image.alt}
      loading={first ? undefined : "lazy"}
      decoding="async"
    />
  );
  return image.alt === "" ? (
    <p class="photo">{img}</p>
  ) : (
    <p class="photo">
      <a href={url}>{img}</a>
    </p>
  );
}

/** The page `/digests/:number`. */
export function digestPage(config: SiteConfig, edition: DigestEdition): string {
  const { content, sentMs, previous, next } = edition;
  const n = content.number;
  const t = siteText(config);
  const numbered = (m: number) => ({ number: String(m) });
  const digestUrl = (number: number) => absoluteUrl(config, `/digests/${number}`);
  return (
    "<!doctype html>" +
    (
      <Layout
        config={config}
        title={t.t("digest-web.title", { ...numbered(n), title: config.title })}
        headline={content.subject}
        description={digestDescription(content)}
        path={`/digests/${n}`}
        type="article"
      >
        {sentMs === null ? (
          <p class="notice" role="note">
            {previewNotice(t)}
          </p>
        ) : null}
        <h1>{t.t("digest-web.heading", numbered(n))}</h1>
        <p class="meta">
          {content.period}
          {sentMs === null ? null : ` · ${t.t("digest-web.sent", { date: t.date(sentMs) })}`} ·{" "}
          <a href={absoluteUrl(config, `/digests/${n}.txt`)}>{t.t("digest-web.textVersion")}</a>
        </p>
        {content.posts.map((post, i) => (
          <article class="digest-post" key={post.url}>
            <h2>
              <a href={post.url}>{post.title}</a>
            </h2>
            <p class="meta">{post.date}</p>
            {post.image ? <DigestPhoto image={post.image} url={post.url} first={i === 0} /> : null}
            {post.lead.map((paragraph) => (
              <p key={paragraph}>{paragraph}</p>
            ))}
            {post.sections.map((section) => (
              <section key={section.heading}>
                <h3>{section.heading}</h3>
                <ul class="points">
                  {section.points.map((point) => (
                    <li key={point}>{point}</li>
                  ))}
                </ul>
              </section>
            ))}
            <p>
              <a href={post.url}>
                <strong>{t.t("digest-web.readMore")}</strong>
              </a>
            </p>
          </article>
        ))}
        <nav class="pager" aria-label={t.t("digest-web.pager.label")}>
          {previous === null ? null : (
            <a href={digestUrl(previous)} rel="prev">
              {t.t("digest-web.pager.previous", numbered(previous))}
            </a>
          )}
          <a href={absoluteUrl(config, "/digests")}>{t.t("digest-web.pager.all")}</a>
          {next === null ? null : (
            <a href={digestUrl(next)} rel="next">
              {t.t("digest-web.pager.next", numbered(next))}
            </a>
          )}
        </nav>
        <SubscribeForm config={config} />
      </Layout>
    ).toString()
  );
}
