// The media library in the console: every photo with what it is, where it is used and what the
// editor wrote about it; uploading several at once (then describing each); deleting an unused one.

import { may } from "../../access/roles.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { consoleText, type Message, type Translator } from "../../i18n/index.ts";
import { DESCRIPTION_LIMITS, type LibraryPhoto } from "../../media/library.ts";
import type { Media, MediaUse } from "../../media/repository.ts";
import { MEDIA_LIMITS, type MediaType } from "../../media/sniff.ts";
import { heightAt, mediaPath, variantPath } from "../../media/urls.ts";
import { VARIANT_WIDTHS } from "../../media/variants.ts";
import { whenIso } from "./labels.ts";
import { Csrf, consolePage, type Viewer } from "./layout.tsx";

/** The types an upload may be, for the file input's `accept`. */
export const ACCEPT = "image/jpeg,image/png,image/webp,image/avif,image/gif";

const TYPE_NAMES: Readonly<Record<MediaType, string>> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/avif": "AVIF",
  "image/gif": "GIF",
};

const THUMB = VARIANT_WIDTHS[0];
const MB = 1024 * 1024;

/** What `?done=` may name on the library. */
export type MediaNotice = "saved" | "deleted" | "not-found";
const NOTICES = {
  saved: "console-media.done.saved",
  deleted: "console-media.done.deleted",
  "not-found": "console-media.done.notFound",
} as const satisfies Record<MediaNotice, string>;

/** A photo's thumbnail: its 360 px copy (the original when narrower), at that size, loaded when near. */
export function Thumbnail({ m, alt }: { m: Media; alt?: string }) {
  const width = Math.min(THUMB, m.width);
  const src = m.width >= THUMB ? variantPath(m.hash, THUMB) : mediaPath(m.hash, m.type);
  return (
    <img
      src={src}
      width={width}
      height={heightAt(m, width)}
      alt={alt ?? m.alt ?? ""}
      loading="lazy"
      decoding="async"
      class="thumb"
    />
  );
}

/** Pixel size, bytes, type and when it was uploaded. */
function Facts({ m, t }: { m: Media; t: Translator }) {
  return (
    <p class="meta">
      {t.t("console-media.photo.facts", {
        width: t.number(m.width),
        height: t.number(m.height),
        bytes: t.number(m.bytes),
        type: TYPE_NAMES[m.type],
      })}
      <br />
      {t.t("console-media.photo.uploaded", { time: whenIso(m.uploadedAt, t) })}
    </p>
  );
}

/** The alt text as the library holds it: written, decorative, or flagged as missing. */
function AltState({ m, t }: { m: Media; t: Translator }) {
  if (m.alt === null) return <p class="error">{t.t("console-media.photo.noAlt")}</p>;
  if (m.alt === "")
    return (
      <p>
        <span class="badge">{t.t("console-media.photo.decorative")}</span>
      </p>
    );
  return <p>{t.t("console-media.photo.alt", { alt: m.alt })}</p>;
}

/** The posts that use a photo, each a link to its page in the console. */
function Uses({ uses, t, url }: { uses: MediaUse[]; t: Translator; url: (p: string) => string }) {
  if (uses.length === 0) return <p class="muted">{t.t("console-media.photo.unused")}</p>;
  return (
    <>
      <p>{t.t("console-media.photo.usedIn", { count: uses.length })}</p>
      <ul class="plain">
        {uses.map((u) => (
          <li key={u.slug}>
            <a href={url(`/console/posts/${u.slug}`)}>{u.title}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** What the editor typed for one photo (as sent, so a refused form comes back as it was). */
export interface DescriptionValues {
  alt: string;
  caption: string;
  credit: string;
  decorative: boolean;
}

export const valuesOf = (m: Media): DescriptionValues => ({
  alt: m.alt ?? "",
  caption: m.caption ?? "",
  credit: m.credit ?? "",
  decorative: m.alt === "",
});

/**
 * The fields describing one photo, `i` its place in the form. Every text field is sent, even empty,
 * so the n-th of each belongs to the n-th photo; the decorative box sends the photo's hash. Names end
 * in [] as the post form's repeated fields do.
 */
function DescriptionFields(props: { i: number; m: Media; v: DescriptionValues; error?: string; t: Translator }) {
  const { i, m, v, t } = props;
  const id = (name: string) => `${name}-${i}`;
  return (
    <>
      <input type="hidden" name="hash[]" value={m.hash} />
      {props.error ? (
        <p class="error" id={id("error")}>
          {props.error}
        </p>
      ) : null}
      <div class="field">
        <label for={id("alt")}>{t.t("console-media.form.alt")}</label>
        <textarea
          id={id("alt")}
          name="alt[]"
          rows={2}
          maxlength={DESCRIPTION_LIMITS.alt}
          aria-describedby={id("alt-hint")}
          aria-invalid={props.error ? "true" : undefined}
        >
          {v.alt}
        </textarea>
        <p class="hint" id={id("alt-hint")}>
          {t.t("console-media.form.altHint")}
        </p>
      </div>
      <label class="check">
        <input type="checkbox" name="decorative[]" value={m.hash} checked={v.decorative} />
        <span>{t.t("console-media.form.decorative")}</span>
      </label>
      <div class="field">
        <label for={id("caption")}>{t.t("console-media.form.caption")}</label>
        <textarea id={id("caption")} name="caption[]" rows={2} maxlength={DESCRIPTION_LIMITS.caption}>
          {v.caption}
        </textarea>
      </div>
      <div class="field">
        <label for={id("credit")}>{t.t("console-media.form.credit")}</label>
        <input id={id("credit")} name="credit[]" type="text" maxlength={DESCRIPTION_LIMITS.credit} value={v.credit} />
      </div>
    </>
  );
}

/** The photo's address, to paste into a post's lead image field or its Markdown. */
function Address({ m, i, t, config }: { m: Media; i: number; t: Translator; config: SiteConfig }) {
  return (
    <div class="field">
      <label for={`url-${i}`}>{t.t("console-media.photo.url")}</label>
      <input id={`url-${i}`} type="text" readonly value={absoluteUrl(config, mediaPath(m.hash, m.type))} />
    </div>
  );
}

/** The upload form: several files at once, its limits beside the input. */
function UploadForm({ t, csrf, url }: { t: Translator; csrf: string; url: (p: string) => string }) {
  return (
    <form
      method="post"
      action={url("/console/media/upload")}
      enctype="multipart/form-data"
      class="panel"
      aria-labelledby="upload-h"
    >
      <h2 id="upload-h">{t.t("console-media.upload.heading")}</h2>
      <Csrf token={csrf} />
      <div class="field">
        <label for="files">{t.t("console-media.upload.files")}</label>
        <input id="files" name="files" type="file" multiple accept={ACCEPT} required aria-describedby="files-hint" />
        <p class="hint" id="files-hint">
          {t.t("console-media.upload.limits", { files: MEDIA_LIMITS.files, megabytes: MEDIA_LIMITS.bytes / MB })}{" "}
          {t.t("console-media.upload.next")}
        </p>
      </div>
      <button type="submit">{t.t("console-media.upload.submit")}</button>
    </form>
  );
}

export interface MediaView {
  photos: LibraryPhoto[];
  page: number;
  pages: number;
  total: number;
  notice?: MediaNotice;
}

/** `/console/media`: the library, newest first, and the upload form. */
export function mediaPage(config: SiteConfig, me: Viewer, v: MediaView): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const pageUrl = (page: number) => url(page > 1 ? `/console/media?page=${page}` : "/console/media");
  return consolePage({
    config,
    me,
    title: t.t("console-media.title"),
    path: "/console/media",
    children: (
      <>
        <h1>{t.t("console-media.title")}</h1>
        {v.notice ? (
          <p class="notice" role="status">
            {t.t(NOTICES[v.notice])}
          </p>
        ) : null}
        <UploadForm t={t} csrf={me.csrf} url={url} />
        <h2>{t.t("console-media.library.heading")}</h2>
        <p class="muted">
          {v.pages > 1
            ? t.t("console-media.library.countPaged", { count: v.total, page: v.page, pages: v.pages })
            : t.t("console-media.library.count", { count: v.total })}
        </p>
        {v.photos.length === 0 ? <p>{t.t("console-media.library.empty")}</p> : null}
        {v.photos.map(({ media: m, uses }, i) => (
          <article key={m.hash} id={`photo-${m.hash}`} class="panel">
            <div class="row">
              <div class="field">
                <Thumbnail m={m} />
              </div>
              <div class="field">
                <Facts m={m} t={t} />
                <AltState m={m} t={t} />
                {m.caption ? <p>{t.t("console-media.photo.caption", { caption: m.caption })}</p> : null}
                {m.credit ? <p>{t.t("console-media.photo.credit", { credit: m.credit })}</p> : null}
                <Uses uses={uses} t={t} url={url} />
                <Address m={m} i={i} t={t} config={config} />
              </div>
            </div>
            <details>
              <summary>{t.t("console-media.form.edit")}</summary>
              <form method="post" action={url("/console/media/describe")}>
                <Csrf token={me.csrf} />
                <input type="hidden" name="page" value={String(v.page)} />
                <DescriptionFields i={i} m={m} v={valuesOf(m)} t={t} />
                <button type="submit">{t.t("console-media.form.save")}</button>
              </form>
            </details>
            {may(me.actor, "GET /console/media/:hash/delete") ? (
              <p class="actions">
                <a class="button secondary" href={url(`/console/media/${m.hash}/delete`)}>
                  {t.t("console-media.delete.button")}
                </a>
              </p>
            ) : null}
          </article>
        ))}
        {v.pages > 1 ? (
          <nav class="actions" aria-label={t.t("console-media.library.pages")}>
            {v.page > 1 ? <a href={pageUrl(v.page - 1)}>{t.t("console-media.library.newer")}</a> : null}
            {v.page < v.pages ? <a href={pageUrl(v.page + 1)}>{t.t("console-media.library.older")}</a> : null}
          </nav>
        ) : null}
      </>
    ),
  });
}

/** One photo of the describing page, with what was typed and what is wrong with it. */
export interface DescribedPhoto {
  media: Media;
  /** Whether this upload stored it (false: the library had it already). */
  created?: boolean;
  values: DescriptionValues;
  error?: Message;
}

/**
 * After an upload (and when a description is refused): the photos, each with its form. This page is
 * the upload's progress, and works without script.
 */
export function describePage(
  config: SiteConfig,
  me: Viewer,
  v: { photos: DescribedPhoto[]; uploaded: boolean; page?: number },
): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const created = v.photos.filter((p) => p.created).length;
  const errors = v.photos.some((p) => p.error);
  const title = v.uploaded ? t.t("console-media.results.title") : t.t("console-media.describe.title");
  return consolePage({
    config,
    me,
    title,
    path: "/console/media/upload",
    children: (
      <>
        <h1>{title}</h1>
        {errors ? (
          <p class="alert" role="alert">
            {t.t("console-media.describe.errors")}
          </p>
        ) : v.uploaded ? (
          <p class="notice" role="status">
            {t.t("console-media.results.stored", { created, existing: v.photos.length - created })}
          </p>
        ) : null}
        <form method="post" action={url("/console/media/describe")}>
          <Csrf token={me.csrf} />
          {v.page ? <input type="hidden" name="page" value={String(v.page)} /> : null}
          {v.photos.map((p, i) => (
            <fieldset key={p.media.hash} class="panel">
              <legend>
                {t.t("console-media.results.photo", { n: i + 1 })}{" "}
                {p.created === false ? <span class="badge">{t.t("console-media.results.existing")}</span> : null}
              </legend>
              <div class="row">
                <div class="field">
                  <Thumbnail m={p.media} />
                  <Facts m={p.media} t={t} />
                  <Address m={p.media} i={i} t={t} config={config} />
                </div>
                <div class="field">
                  <DescriptionFields
                    i={i}
                    m={p.media}
                    v={p.values}
                    t={t}
                    {...(p.error ? { error: t.message(p.error) } : {})}
                  />
                </div>
              </div>
            </fieldset>
          ))}
          <div class="actions">
            <button type="submit">{t.t("console-media.form.saveAll")}</button>
            <a class="button secondary" href={url("/console/media")}>
              {t.t("console-media.back")}
            </a>
          </div>
        </form>
      </>
    ),
  });
}

/** An upload refused: which file and why, that nothing was stored, and the form again. */
export function uploadRefusedPage(
  config: SiteConfig,
  me: Viewer,
  v: { problem: Message; file?: { name: string; index: number } },
): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const problem = t.message(v.problem);
  return consolePage({
    config,
    me,
    title: t.t("console-media.refused.title"),
    path: "/console/media/upload",
    children: (
      <>
        <h1>{t.t("console-media.refused.title")}</h1>
        <div class="alert" role="alert">
          <p>
            {v.file ? t.t("console-media.refused.file", { name: v.file.name, n: v.file.index + 1, problem }) : problem}
          </p>
          <p>{t.t("console-media.refused.nothingStored")}</p>
        </div>
        <UploadForm t={t} csrf={me.csrf} url={url} />
        <p>
          <a href={url("/console/media")}>{t.t("console-media.back")}</a>
        </p>
      </>
    ),
  });
}

/** `/console/media/<hash>/delete`: deleting is confirmed first; a photo in use is refused, naming the posts. */
export function deletePage(config: SiteConfig, me: Viewer, v: { media: Media; uses: MediaUse[] }): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const used = v.uses.length > 0;
  const title = used ? t.t("console-media.delete.refusedTitle") : t.t("console-media.delete.title");
  return consolePage({
    config,
    me,
    title,
    path: `/console/media/${v.media.hash}/delete`,
    children: (
      <>
        <h1>{title}</h1>
        <Thumbnail m={v.media} />
        {used ? (
          <div class="alert" role="alert">
            <p>{t.t("console-media.delete.used", { count: v.uses.length })}</p>
            <Uses uses={v.uses} t={t} url={url} />
          </div>
        ) : (
          <>
            <p>{t.t("console-media.delete.effect")}</p>
            <form method="post" action={url(`/console/media/${v.media.hash}/delete`)} class="actions">
              <Csrf token={me.csrf} />
              <button type="submit">{t.t("console-media.delete.submit")}</button>
              <a class="button secondary" href={url("/console/media")}>
                {t.t("console-media.delete.cancel")}
              </a>
            </form>
          </>
        )}
        {used ? (
          <p>
            <a href={url("/console/media")}>{t.t("console-media.back")}</a>
          </p>
        ) : null}
      </>
    ),
  });
}
