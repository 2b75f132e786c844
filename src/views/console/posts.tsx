// The posts of the console: the list, the form that writes and edits one, and its preview.

import { may as mayUse } from "../../access/roles.ts";
import type { AuditRow } from "../../audit/model.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { EmailState } from "../../delivery/post-email-state.ts";
import type { DigestSummary } from "../../digest/repository.ts";
import { consoleText, type Translator } from "../../i18n/index.ts";
import { DESCRIPTION_LIMITS } from "../../media/library.ts";
import type { Media } from "../../media/repository.ts";
import { MEDIA_LIMITS } from "../../media/sniff.ts";
import type { FieldErrors, PostField, PostForm } from "../../posts/form.ts";
import type { PostState, PostSummary } from "../../posts/repository.ts";
import { PostHistory } from "./audit.tsx";
import { postStates, when } from "./labels.ts";
import { Csrf, consolePage, described, Field, SearchForm, type Viewer } from "./layout.tsx";
import { ACCEPT, Thumbnail } from "./media.tsx";
import { PostEmailPanel } from "./post-email.tsx";

export interface PostsListView {
  posts: PostSummary[];
  query: string;
  state: PostState | null;
  page: number;
  pages: number;
  total: number;
}

/** `/console/posts`: every post, searchable by title, newest first. */
export function postsListPage(config: SiteConfig, me: Viewer, v: PostsListView): string {
  const url = (p: string) => absoluteUrl(config, p);
  const pageUrl = (page: number) => {
    const q = new URLSearchParams();
    if (v.query) q.set("q", v.query);
    if (v.state) q.set("state", v.state);
    if (page > 1) q.set("page", String(page));
    const s = q.toString();
    return url(`/console/posts${s ? `?${s}` : ""}`);
  };
  const t = consoleText(config);
  const states = postStates(t);
  return consolePage({
    config,
    me,
    title: t.t("console-posts.list.title"),
    path: "/console/posts",
    children: (
      <>
        <h1>{t.t("console-posts.list.title")}</h1>
        <p>
          <a class="button" href={url("/console/posts/new")}>
            {t.t("console-posts.list.new")}
          </a>
        </p>
        <SearchForm
          t={t}
          action={url("/console/posts")}
          label={t.t("console-posts.list.searchLabel")}
          query={v.query}
          name="state"
          states={states}
          selected={v.state}
          allLabel={t.t("console-posts.list.allStates")}
        />
        <p class="muted">
          {v.pages > 1
            ? t.t("console-posts.list.countPaged", { count: v.total, page: v.page, pages: v.pages })
            : t.t("console-posts.list.count", { count: v.total })}
        </p>
        {v.posts.length === 0 ? (
          <p>{t.t("console-posts.list.empty")}</p>
        ) : (
          <div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{t.t("console-posts.list.column.title")}</th>
                  <th scope="col">{t.t("console-posts.list.column.state")}</th>
                  <th scope="col">{t.t("console-posts.list.column.published")}</th>
                  <th scope="col">{t.t("console-posts.list.column.author")}</th>
                </tr>
              </thead>
              <tbody>
                {v.posts.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <a href={url(`/console/posts/${p.slug}`)}>{p.title}</a>
                    </td>
                    <td data-label={t.t("console-posts.list.column.state")}>
                      <span class="badge">{states[p.state]}</span>
                    </td>
                    <td data-label={t.t("console-posts.list.column.published")}>{when(p.publishedMs, t)}</td>
                    <td data-label={t.t("console-posts.list.column.author")}>{p.author}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {v.pages > 1 ? (
          <nav class="actions" aria-label={t.t("console-posts.list.pages")}>
            {v.page > 1 ? <a href={pageUrl(v.page - 1)}>{t.t("console-posts.list.previous")}</a> : null}
            {v.page < v.pages ? <a href={pageUrl(v.page + 1)}>{t.t("console-posts.list.next")}</a> : null}
          </nav>
        ) : null}
      </>
    ),
  });
}

export interface PostFormView {
  form: PostForm;
  errors: FieldErrors;
  /** The stored post being edited; null for a new one. */
  existing: { slug: string; state: PostState; publishedMs: number } | null;
  /** Who wrote the stored post (null: no person, or a new post): what an author may do with it follows. */
  authorId?: number | null;
  notice?: string;
  /** The library photo the lead image field names, if it names one: shown beside the field. */
  leadPhoto?: Media | null;
  /** What the audit log recorded about the post, oldest first (its page only, not a refused form). */
  history?: AuditRow[];
  /** Its own email, for the readers who chose each post (its page only). */
  email?: { state: EmailState; inDigest: boolean };
}

/** Each field's name, as its error message starts. */
function fieldLabels(t: Translator): Record<PostField, string> {
  return {
    title: t.t("console-posts.field.title"),
    slug: t.t("console-posts.field.slug"),
    author: t.t("console-posts.field.author"),
    published: t.t("console-posts.field.published"),
    tags: t.t("console-posts.field.tags"),
    summary: t.t("console-posts.field.summary"),
    language: t.t("console-posts.field.language"),
    key_points: t.t("console-posts.field.keyPoints"),
    markdown: t.t("console-posts.field.markdown"),
    image: t.t("console-posts.field.image"),
    image_alt: t.t("console-posts.field.imageAlt"),
  };
}

/** The form's errors in words, each after its field's name: "Tiêu đề: không được để trống". */
function errorTexts(errors: FieldErrors, t: Translator): Partial<Record<PostField, string>> {
  const labels = fieldLabels(t);
  const out: Partial<Record<PostField, string>> = {};
  for (const [f, m] of Object.entries(errors) as [PostField, NonNullable<FieldErrors[PostField]>][]) {
    out[f] = t.t("console-posts.field.error", { label: labels[f], problem: t.message(m) });
  }
  return out;
}

/** `/console/posts/new` and `/console/posts/:slug`: every field of a post, its actions and its preview. */
export function postFormPage(config: SiteConfig, me: Viewer, v: PostFormView): string {
  const url = (p: string) => absoluteUrl(config, p);
  const t = consoleText(config);
  const { form, existing } = v;
  // Only the buttons the person may use (access/roles.ts): an author saves their own drafts.
  const may = (action: string) =>
    mayUse(me.actor, existing ? "POST /console/posts/:slug" : "POST /console/posts/new", {
      post: existing ? { authorId: v.authorId ?? null, state: existing.state } : null,
      action,
    });
  const errors = errorTexts(v.errors, t);
  const action = existing ? url(`/console/posts/${existing.slug}`) : url("/console/posts/new");
  const heading = existing
    ? t.t("console-posts.form.editHeading", { title: form.title || existing.slug })
    : t.t("console-posts.form.newTitle");
  const hasErrors = Object.keys(errors).length > 0;
  const hints = {
    slug: t.t("console-posts.form.slugHint"),
    published: t.t("console-posts.form.publishedHint"),
    tags: t.t("console-posts.form.tagsHint"),
    summary: t.t("console-posts.form.summaryHint"),
    markdown: t.t("console-posts.form.markdownHint"),
    imageFile: t.t("console-posts.form.imageFileHint", { megabytes: MEDIA_LIMITS.bytes / (1024 * 1024) }),
    imageAlt: t.t("console-posts.form.imageAltHint"),
  };
  const published = existing?.state === "published";
  return consolePage({
    config,
    me,
    // The document's title stays short (tabs, and html-validate's 70 characters); the heading has the post's.
    title: existing ? t.t("console-posts.form.editTitle") : heading,
    path: existing ? `/console/posts/${existing.slug}` : "/console/posts/new",
    children: (
      <>
        <h1>{heading}</h1>
        {existing ? (
          <p>
            <span class="badge">{postStates(t)[existing.state]}</span>{" "}
            {existing.state === "scheduled"
              ? `${t.t("console-posts.form.scheduledFor", { time: when(existing.publishedMs, t) })} `
              : ""}
            {published ? <a href={url(`/posts/${existing.slug}`)}>{t.t("console-posts.form.viewPublic")}</a> : null}
          </p>
        ) : null}
        {v.notice ? (
          <p class="notice" role="status">
            {v.notice}
          </p>
        ) : null}
        {existing && v.email ? (
          <PostEmailPanel
            config={config}
            me={me}
            t={t}
            slug={existing.slug}
            email={v.email.state}
            inDigest={v.email.inDigest}
          />
        ) : null}
        {hasErrors ? (
          <div class="alert" role="alert">
            <p>{t.t("console-posts.form.errorsIntro")}</p>
            <ul class="plain">
              {Object.entries(errors).map(([f, m]) => (
                <li key={f}>
                  <a href={`#${f === "published" ? "date" : f}`}>{m}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {/* multipart: the lead image may be a file chosen here, uploaded when the post is saved. */}
        <form method="post" action={action} enctype="multipart/form-data">
          <Csrf token={me.csrf} />
          <input type="hidden" name="id" value={form.id} />
          <Field id="title" label={t.t("console-posts.form.title")} error={errors.title}>
            <input
              id="title"
              name="title"
              type="text"
              required
              maxlength={300}
              value={form.title}
              {...described("title", errors.title, undefined)}
            />
          </Field>
          <div class="row">
            <Field id="author" label={t.t("console-posts.form.author")} error={errors.author}>
              <input
                id="author"
                name="author"
                type="text"
                required
                maxlength={200}
                value={form.author}
                {...described("author", errors.author, undefined)}
              />
            </Field>
            <Field id="slug" label={t.t("console-posts.form.slug")} error={errors.slug} hint={hints.slug}>
              <input
                id="slug"
                name="slug"
                type="text"
                value={form.slug}
                {...described("slug", errors.slug, hints.slug)}
              />
            </Field>
          </div>
          <div class="row">
            <Field
              id="date"
              label={t.t("console-posts.form.published")}
              error={errors.published}
              hint={hints.published}
            >
              <input
                id="date"
                name="date"
                type="datetime-local"
                step="1"
                required
                value={form.date}
                {...described("date", errors.published, hints.published)}
              />
            </Field>
            <div class="field">
              <label for="offset">{t.t("console-posts.form.offset")}</label>
              <input
                id="offset"
                name="offset"
                type="text"
                required
                pattern="Z|[+\-][0-9]{2}:[0-9]{2}"
                value={form.offset}
                size={6}
              />
            </div>
            <div class="field">
              <label for="language">{t.t("console-posts.form.language")}</label>
              <input id="language" name="language" type="text" value={form.language} size={6} />
              {errors.language ? <p class="error">{errors.language}</p> : null}
            </div>
          </div>
          <Field id="tags" label={t.t("console-posts.form.tags")} error={errors.tags} hint={hints.tags}>
            <input
              id="tags"
              name="tags"
              type="text"
              value={form.tags}
              {...described("tags", errors.tags, hints.tags)}
            />
          </Field>
          <Field id="summary" label={t.t("console-posts.form.summary")} error={errors.summary} hint={hints.summary}>
            <textarea id="summary" name="summary" rows={3} {...described("summary", errors.summary, hints.summary)}>
              {form.summary}
            </textarea>
          </Field>
          <fieldset class="panel" id="lead-image">
            <legend>{t.t("console-posts.form.image")}</legend>
            {v.leadPhoto ? <Thumbnail m={v.leadPhoto} alt="" /> : null}
            <div class="field">
              <label for="image">{t.t("console-posts.form.imageUrl")}</label>
              <input
                id="image"
                name="image"
                type="text"
                maxlength={500}
                value={form.image}
                aria-invalid={errors.image ? "true" : undefined}
                aria-describedby={errors.image ? "image-error image-hint" : "image-hint"}
              />
              {errors.image ? (
                <p class="error" id="image-error">
                  {errors.image}
                </p>
              ) : null}
              <p class="hint" id="image-hint">
                {t.rich("console-posts.form.imageUrlHint", {
                  link: (chunks) => <a href={url("/console/media")}>{chunks}</a>,
                })}
              </p>
            </div>
            <Field id="image_file" label={t.t("console-posts.form.imageFile")} hint={hints.imageFile}>
              <input id="image_file" name="image_file" type="file" accept={ACCEPT} aria-describedby="image_file-hint" />
            </Field>
            <Field
              id="image_alt"
              label={t.t("console-posts.form.imageAlt")}
              error={errors.image_alt}
              hint={hints.imageAlt}
            >
              <textarea
                id="image_alt"
                name="image_alt"
                rows={2}
                maxlength={DESCRIPTION_LIMITS.alt}
                {...described("image_alt", errors.image_alt, hints.imageAlt)}
              >
                {form.imageAlt}
              </textarea>
            </Field>
            <label class="check">
              <input type="checkbox" name="image_decorative" value="yes" checked={form.imageDecorative} />
              <span>{t.t("console-posts.form.imageDecorative")}</span>
            </label>
            <div class="row">
              {(
                [
                  [
                    "image_caption",
                    t.t("console-posts.form.imageCaption"),
                    form.imageCaption,
                    DESCRIPTION_LIMITS.caption,
                  ],
                  ["image_credit", t.t("console-posts.form.imageCredit"), form.imageCredit, DESCRIPTION_LIMITS.credit],
                ] as const
              ).map(([id, label, value, max]) => (
                <div key={id} class="field">
                  <label for={id}>{label}</label>
                  <input
                    id={id}
                    name={id}
                    type="text"
                    maxlength={max}
                    value={value}
                    aria-describedby="image-description-hint"
                  />
                </div>
              ))}
            </div>
            <p class="hint" id="image-description-hint">
              {t.t("console-posts.form.imageDescriptionHint")}
            </p>
          </fieldset>
          <Field id="markdown" label={t.t("console-posts.form.markdown")} error={errors.markdown} hint={hints.markdown}>
            <textarea
              id="markdown"
              name="markdown"
              class="body"
              required
              {...described("markdown", errors.markdown, hints.markdown)}
            >
              {form.markdown}
            </textarea>
          </Field>
          <fieldset class="panel" id="key_points">
            <legend>{t.t("console-posts.form.keyPoints")}</legend>
            {errors.key_points ? <p class="error">{errors.key_points}</p> : null}
            {form.keyPoints.length === 0 ? (
              <p class="hint">{t.t("console-posts.form.noSections")}</p>
            ) : (
              form.keyPoints.map((k, i) => (
                <div key={k.section} class="field">
                  <input type="hidden" name="kp_section[]" value={k.section} />
                  <label for={`kp-${i}`}>
                    {k.section}
                    {k.inBody ? "" : ` ${t.t("console-posts.form.sectionGone")}`}
                  </label>
                  <textarea id={`kp-${i}`} name="kp_points[]" rows={3} aria-describedby="kp-hint">
                    {k.points}
                  </textarea>
                </div>
              ))
            )}
            <p class="hint" id="kp-hint">
              {t.t("console-posts.form.keyPointsHint")}
            </p>
          </fieldset>
          {form.byEmail !== null && mayUse(me.actor, "POST /console/posts/:slug/email") ? (
            <div class="field">
              <input type="hidden" name="by_email_asked" value="yes" />
              <label class="check">
                <input
                  type="checkbox"
                  name="by_email"
                  value="yes"
                  checked={form.byEmail}
                  aria-describedby="by-email-hint"
                />
                <span>{t.t("reader-choice.form.byEmail")}</span>
              </label>
              <p class="hint" id="by-email-hint">
                {t.t("reader-choice.form.byEmailHint")}
              </p>
            </div>
          ) : null}
          <div class="actions">
            <button
              type="submit"
              class="secondary"
              formaction={url("/console/frame/post")}
              formtarget="preview"
              formnovalidate
            >
              {t.t("console-posts.form.preview")}
            </button>
            {published || existing?.state === "withdrawn" ? null : (
              <>
                {may("draft") ? (
                  <button type="submit" name="action" value="draft" class="secondary" formnovalidate>
                    {t.t("console-posts.form.saveDraft")}
                  </button>
                ) : null}
                {may("schedule") ? (
                  <button type="submit" name="action" value="schedule" class="secondary">
                    {t.t("console-posts.form.schedule")}
                  </button>
                ) : null}
              </>
            )}
            {may("publish") ? (
              <button type="submit" name="action" value="publish">
                {published
                  ? t.t("console-posts.form.update")
                  : existing?.state === "withdrawn"
                    ? t.t("console-posts.form.restore")
                    : t.t("console-posts.form.publish")}
              </button>
            ) : null}
          </div>
        </form>
        {published && existing && mayUse(me.actor, "GET /console/posts/:slug/withdraw") ? (
          <p class="actions">
            <a class="button secondary" href={url(`/console/posts/${existing.slug}/withdraw`)}>
              {t.t("console-posts.form.withdraw")}
            </a>
          </p>
        ) : null}
        {v.history ? <PostHistory t={t} rows={v.history} /> : null}
        <h2 id="preview-h">{t.t("console-posts.form.previewHeading")}</h2>
        <p class="hint">{t.t("console-posts.form.previewHint")}</p>
        <iframe
          name="preview"
          title={t.t("console-posts.form.previewFrame")}
          src={url(existing ? `/console/frame/post/${existing.slug}` : "/console/frame/post")}
          sandbox=""
          class="page"
        />
      </>
    ),
  });
}

/** What the preview frame shows before the first preview, or when the form cannot be previewed yet. */
export function previewNoteFrame(config: SiteConfig, fieldErrors: FieldErrors): string {
  const t = consoleText(config);
  const errors = Object.values(errorTexts(fieldErrors, t));
  return consolePage({
    config,
    title: t.t("console-posts.preview.title"),
    path: "/console/frame/post",
    bare: true,
    children:
      errors.length === 0 ? (
        <p class="muted">{t.t("console-posts.preview.empty")}</p>
      ) : (
        <div class="alert">
          <p>{t.t("console-posts.preview.errorsIntro")}</p>
          <ul class="plain">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ),
  });
}

/** What saving or withdrawing a post did: the notice above its form afterwards. */
export type SavedAs = "draft" | "scheduled" | "published" | "restored" | "updated" | "unchanged" | "withdrawn";

/**
 * The notice after saving, in words true to what happens: where readers now find the post, and
 * what the digest does with it. `sentIn`: the digest that carried it already (a post goes out in
 * one digest at most, so a later one never sends it again), or null.
 */
export function savedNotice(config: SiteConfig, done: SavedAs, sentIn: DigestSummary | null): string {
  const t = consoleText(config);
  const sent = sentIn ? { number: sentIn.number, time: when(sentIn.createdMs, t) } : null;
  switch (done) {
    case "draft":
      return t.t("console-posts.notice.draft");
    case "scheduled":
      return t.t("console-posts.notice.scheduled");
    case "unchanged":
      return t.t("console-posts.notice.unchanged");
    case "withdrawn":
      return sent ? t.t("console-posts.notice.withdrawnSent", sent) : t.t("console-posts.notice.withdrawn");
    case "published":
      return sent ? t.t("console-posts.notice.publishedSent", sent) : t.t("console-posts.notice.published");
    case "restored":
      return sent ? t.t("console-posts.notice.restoredSent", sent) : t.t("console-posts.notice.restored");
    case "updated":
      return sent ? t.t("console-posts.notice.updatedSent", sent) : t.t("console-posts.notice.updated");
  }
}

/** `/console/posts/:slug/withdraw`: withdrawing is confirmed first, with what it does and does not undo. */
export function withdrawConfirmPage(
  config: SiteConfig,
  me: Viewer,
  v: { post: { slug: string; title: string }; sentIn: DigestSummary | null },
): string {
  const url = (p: string) => absoluteUrl(config, p);
  const t = consoleText(config);
  const { post, sentIn } = v;
  return consolePage({
    config,
    me,
    title: t.t("console-posts.withdraw.title"),
    path: `/console/posts/${post.slug}/withdraw`,
    children: (
      <>
        <h1>{t.t("console-posts.withdraw.heading", { title: post.title })}</h1>
        <p>{t.t("console-posts.withdraw.effect")}</p>
        <p>
          {sentIn
            ? t.t("console-posts.withdraw.sent", { number: sentIn.number, time: when(sentIn.createdMs, t) })
            : t.t("console-posts.withdraw.notSent")}
        </p>
        <p>{t.t("console-posts.withdraw.restoreHint")}</p>
        <form method="post" action={url(`/console/posts/${post.slug}/withdraw`)} class="actions">
          <Csrf token={me.csrf} />
          <button type="submit">{t.t("console-posts.withdraw.submit")}</button>
          <a class="button secondary" href={url(`/console/posts/${post.slug}`)}>
            {t.t("console-posts.withdraw.cancel")}
          </a>
        </form>
      </>
    ),
  });
}
