// The posts of the console: the list, the form that writes and edits one, and its preview.

import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { DigestSummary } from "../../digest/repository.ts";
import { consoleText } from "../../i18n/index.ts";
import type { PostState, PostSummary } from "../../posts/repository.ts";
import { postStates, when } from "./labels.ts";
import { Csrf, consolePage, described, Field, SearchForm } from "./layout.tsx";

export interface PostsListView {
  posts: PostSummary[];
  query: string;
  state: PostState | null;
  page: number;
  pages: number;
  total: number;
}

/** `/console/posts`: every post, searchable by title, newest first. */
export function postsListPage(config: SiteConfig, csrf: string, v: PostsListView): string {
  const url = (p: string) => absoluteUrl(config, p);
  const pageUrl = (page: number) => {
    const q = new URLSearchParams();
    if (v.query) q.set("q", v.query);
    if (v.state) q.set("state", v.state);
    if (page > 1) q.set("page", String(page));
    const s = q.toString();
    return url(`/console/posts${s ? `?${s}` : ""}`);
  };
  return consolePage({
    config,
    csrf,
    title: "Bài viết",
    path: "/console/posts",
    children: (
      <>
        <h1>Bài viết</h1>
        <p>
          <a class="button" href={url("/console/posts/new")}>
            Viết bài mới
          </a>
        </p>
        <SearchForm
          t={consoleText(config)}
          action={url("/console/posts")}
          label="Tìm theo tiêu đề"
          query={v.query}
          name="state"
          states={postStates(consoleText(config))}
          selected={v.state}
          allLabel="Tất cả"
        />
        <p class="muted">
          {v.total} bài{v.pages > 1 ? ` · trang ${v.page}/${v.pages}` : ""}
        </p>
        {v.posts.length === 0 ? (
          <p>Không có bài nào.</p>
        ) : (
          <div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">Tiêu đề</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Ngày đăng</th>
                  <th scope="col">Tác giả</th>
                </tr>
              </thead>
              <tbody>
                {v.posts.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <a href={url(`/console/posts/${p.slug}`)}>{p.title}</a>
                    </td>
                    <td data-label="Trạng thái">
                      <span class="badge">{postStates(consoleText(config))[p.state]}</span>
                    </td>
                    <td data-label="Ngày đăng">{when(p.publishedMs, consoleText(config))}</td>
                    <td data-label="Tác giả">{p.author}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {v.pages > 1 ? (
          <nav class="actions" aria-label="Trang">
            {v.page > 1 ? <a href={pageUrl(v.page - 1)}>← Trang trước</a> : null}
            {v.page < v.pages ? <a href={pageUrl(v.page + 1)}>Trang sau →</a> : null}
          </nav>
        ) : null}
      </>
    ),
  });
}

/** The post form's fields as the editor typed them (so a refused form comes back as it was). */
export interface PostForm {
  /** The permanent id; empty for a new post. */
  id: string;
  title: string;
  slug: string;
  author: string;
  /** `datetime-local` value: 2021-07-13T10:00:00. */
  date: string;
  /** UTC offset: +07:00 (or Z). */
  offset: string;
  tags: string;
  summary: string;
  language: string;
  markdown: string;
  /** One entry per section: its heading and its points, one per line. */
  keyPoints: { section: string; points: string; inBody: boolean }[];
}

export type PostField =
  | "title"
  | "slug"
  | "author"
  | "published"
  | "tags"
  | "summary"
  | "language"
  | "key_points"
  | "markdown";

export type FieldErrors = Partial<Record<PostField, string>>;

export interface PostFormView {
  form: PostForm;
  errors: FieldErrors;
  /** The stored post being edited; null for a new one. */
  existing: { slug: string; state: PostState; publishedMs: number } | null;
  notice?: string;
}

/** `/console/posts/new` and `/console/posts/:slug`: every field of a post, its actions and its preview. */
export function postFormPage(config: SiteConfig, csrf: string, v: PostFormView): string {
  const url = (p: string) => absoluteUrl(config, p);
  const { form, errors, existing } = v;
  const action = existing ? url(`/console/posts/${existing.slug}`) : url("/console/posts/new");
  const heading = existing ? `Sửa bài: ${form.title || existing.slug}` : "Viết bài mới";
  const hasErrors = Object.keys(errors).length > 0;
  const hints = {
    slug: "Để trống để tạo từ tiêu đề. Chữ thường không dấu, số và dấu gạch nối.",
    published: "Ngày giờ đăng và múi giờ (Việt Nam: +07:00). Lên lịch: chọn một thời điểm trong tương lai.",
    tags: "Cách nhau bằng dấu phẩy, ví dụ: Dân vận, Lạng Sơn",
    summary: "Để trống để lấy đoạn đầu của bài.",
    markdown: "Markdown. Các đoạn trước tiêu đề ## đầu tiên là phần mở đầu; mỗi ## mở một mục.",
  };
  const published = existing?.state === "published";
  return consolePage({
    config,
    csrf,
    // The document's title stays short (tabs, and html-validate's 70 characters); the heading has the post's.
    title: existing ? "Sửa bài" : heading,
    path: existing ? `/console/posts/${existing.slug}` : "/console/posts/new",
    children: (
      <>
        <h1>{heading}</h1>
        {existing ? (
          <p>
            <span class="badge">{postStates(consoleText(config))[existing.state]}</span>{" "}
            {existing.state === "scheduled" ? `Sẽ đăng lúc ${when(existing.publishedMs, consoleText(config))}. ` : ""}
            {published ? <a href={url(`/posts/${existing.slug}`)}>Xem trên trang công khai</a> : null}
          </p>
        ) : null}
        {v.notice ? (
          <p class="notice" role="status">
            {v.notice}
          </p>
        ) : null}
        {hasErrors ? (
          <div class="alert" role="alert">
            <p>Chưa lưu được: hãy sửa các ô có thông báo lỗi.</p>
            <ul class="plain">
              {Object.entries(errors).map(([f, m]) => (
                <li key={f}>
                  <a href={`#${f === "published" ? "date" : f}`}>{m}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="post" action={action}>
          <Csrf token={csrf} />
          <input type="hidden" name="id" value={form.id} />
          <Field id="title" label="Tiêu đề" error={errors.title}>
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
            <Field id="author" label="Tác giả" error={errors.author}>
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
            <Field id="slug" label="Đường dẫn (slug)" error={errors.slug} hint={hints.slug}>
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
            <Field id="date" label="Ngày giờ đăng" error={errors.published} hint={hints.published}>
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
              <label for="offset">Múi giờ</label>
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
              <label for="language">Ngôn ngữ</label>
              <input id="language" name="language" type="text" value={form.language} size={6} />
              {errors.language ? <p class="error">{errors.language}</p> : null}
            </div>
          </div>
          <Field id="tags" label="Chủ đề" error={errors.tags} hint={hints.tags}>
            <input
              id="tags"
              name="tags"
              type="text"
              value={form.tags}
              {...described("tags", errors.tags, hints.tags)}
            />
          </Field>
          <Field id="summary" label="Tóm tắt" error={errors.summary} hint={hints.summary}>
            <textarea id="summary" name="summary" rows={3} {...described("summary", errors.summary, hints.summary)}>
              {form.summary}
            </textarea>
          </Field>
          <Field id="markdown" label="Nội dung" error={errors.markdown} hint={hints.markdown}>
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
            <legend>Ý chính của từng mục (cho bản tin email)</legend>
            {errors.key_points ? <p class="error">{errors.key_points}</p> : null}
            {form.keyPoints.length === 0 ? (
              <p class="hint">
                Bài chưa có mục nào (tiêu đề ##). Sau khi thêm mục, bấm Xem trước hoặc Lưu nháp để nhập ý chính cho từng
                mục.
              </p>
            ) : (
              form.keyPoints.map((k, i) => (
                <div key={k.section} class="field">
                  <input type="hidden" name="kp_section[]" value={k.section} />
                  <label for={`kp-${i}`}>
                    {k.section}
                    {k.inBody ? "" : " (mục này không còn trong bài)"}
                  </label>
                  <textarea id={`kp-${i}`} name="kp_points[]" rows={3} aria-describedby="kp-hint">
                    {k.points}
                  </textarea>
                </div>
              ))
            )}
            <p class="hint" id="kp-hint">
              Mỗi dòng một ý. Để trống để lấy câu đầu của từng đoạn văn và từng ý gạch đầu dòng trong mục.
            </p>
          </fieldset>
          <div class="actions">
            <button
              type="submit"
              class="secondary"
              formaction={url("/console/frame/post")}
              formtarget="preview"
              formnovalidate
            >
              Xem trước
            </button>
            {published || existing?.state === "withdrawn" ? null : (
              <>
                <button type="submit" name="action" value="draft" class="secondary" formnovalidate>
                  Lưu nháp
                </button>
                <button type="submit" name="action" value="schedule" class="secondary">
                  Lên lịch
                </button>
              </>
            )}
            <button type="submit" name="action" value="publish">
              {published ? "Cập nhật bài đã đăng" : existing?.state === "withdrawn" ? "Đăng lại" : "Xuất bản ngay"}
            </button>
          </div>
        </form>
        {published && existing ? (
          <p class="actions">
            <a class="button secondary" href={url(`/console/posts/${existing.slug}/withdraw`)}>
              Gỡ bài khỏi trang, nguồn tin và bản tin…
            </a>
          </p>
        ) : null}
        <h2 id="preview-h">Bản xem trước</h2>
        <p class="hint">Bài như bạn đọc sẽ thấy. Bấm “Xem trước” để cập nhật theo nội dung đang sửa.</p>
        <iframe
          name="preview"
          title="Bản xem trước của bài"
          src={url(existing ? `/console/frame/post/${existing.slug}` : "/console/frame/post")}
          sandbox=""
          class="page"
        />
      </>
    ),
  });
}

/** What the preview frame shows before the first preview, or when the form cannot be previewed yet. */
export function previewNoteFrame(config: SiteConfig, errors: string[]): string {
  return consolePage({
    config,
    title: "Bản xem trước",
    path: "/console/frame/post",
    bare: true,
    children:
      errors.length === 0 ? (
        <p class="muted">Bấm “Xem trước” để xem bài như bạn đọc sẽ thấy.</p>
      ) : (
        <div class="alert">
          <p>Chưa xem trước được:</p>
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
  const sent = sentIn
    ? `Bài đã được gửi trong bản tin số ${sentIn.number} lúc ${when(sentIn.createdMs, consoleText(config))}`
    : "";
  switch (done) {
    case "draft":
      return "Đã lưu bản nháp. Bản nháp không xuất hiện ở đâu cho bạn đọc.";
    case "scheduled":
      return "Đã lên lịch. Bài sẽ tự đăng vào lúc đã chọn (trong vòng vài phút), và có trong bản tin đầu tiên gửi sau lúc đó.";
    case "unchanged":
      return "Không có gì thay đổi.";
    case "withdrawn":
      return sentIn
        ? `Đã gỡ bài: bài không còn trên trang hay trong nguồn tin. ${sent}: thư đã gửi không thể thu hồi.`
        : "Đã gỡ bài: bài không còn trên trang, trong nguồn tin hay bản tin tiếp theo.";
    case "published":
    case "restored": {
      const head =
        done === "restored"
          ? "Đã đăng lại. Bài đã trở lại trang và các nguồn tin"
          : "Đã đăng. Bài đã có trên trang và trong các nguồn tin";
      return sentIn
        ? `${head}. ${sent}, nên các bản tin sau không gửi lại bài.`
        : `${head}, và sẽ có trong bản tin tiếp theo.`;
    }
    case "updated":
      return sentIn
        ? `Đã cập nhật. Trang của bài và các nguồn tin đã có nội dung mới, trình đọc tin sẽ nhận bản sửa. ${sent}: thư đã gửi không đổi và các bản tin sau không gửi lại bài, nhưng ai bấm “Đọc toàn văn” trong thư sẽ thấy nội dung mới.`
        : "Đã cập nhật. Trang của bài và các nguồn tin đã có nội dung mới. Bài chưa được gửi trong bản tin nào: bản tin tiếp theo sẽ có bài, với nội dung mới này.";
  }
}

/** `/console/posts/:slug/withdraw`: withdrawing is confirmed first, with what it does and does not undo. */
export function withdrawConfirmPage(
  config: SiteConfig,
  csrf: string,
  v: { post: { slug: string; title: string }; sentIn: DigestSummary | null },
): string {
  const url = (p: string) => absoluteUrl(config, p);
  const { post, sentIn } = v;
  return consolePage({
    config,
    csrf,
    title: "Gỡ bài",
    path: `/console/posts/${post.slug}/withdraw`,
    children: (
      <>
        <h1>Gỡ bài “{post.title}”?</h1>
        <p>
          Trang của bài sẽ báo bài đã được gỡ, và bài rời khỏi trang chủ, các trang chủ đề, các nguồn tin (RSS, Atom,
          JSON Feed), trang lưu trữ và sơ đồ trang. Trình đọc tin không còn thấy bài trong nguồn tin, nhưng bản mà người
          đọc đã tải về thì vẫn còn trên máy của họ.
        </p>
        <p>
          {sentIn
            ? `Bài đã được gửi trong bản tin số ${sentIn.number} lúc ${when(sentIn.createdMs, consoleText(config))}: thư đã gửi không thể thu hồi, và bản web của số đó vẫn giữ phần tóm tắt bài.`
            : "Bài chưa được gửi trong bản tin nào, và sẽ không có trong bản tin tiếp theo."}
        </p>
        <p>Bạn có thể đăng lại bài sau, bằng nút “Đăng lại” trên trang sửa bài.</p>
        <form method="post" action={url(`/console/posts/${post.slug}/withdraw`)} class="actions">
          <Csrf token={csrf} />
          <button type="submit">Gỡ bài</button>
          <a class="button secondary" href={url(`/console/posts/${post.slug}`)}>
            Thôi, quay lại
          </a>
        </form>
      </>
    ),
  });
}
