// The post form of the console: from a stored post to the form, from the posted form to the
// admin API's input (validated by the same schema), and the schema's messages in Vietnamese.
import type { z } from "zod";
import type { SiteConfig } from "../../config.ts";
import { zonedIso } from "../../dates.ts";
import { renderMarkdown } from "../../posts/markdown.ts";
import { type PostInput, PostInputSchema } from "../../posts/model.ts";
import { type PublishResult, summaryIsDerived } from "../../posts/publish.ts";
import type { StoredPost } from "../../posts/repository.ts";
import type { FieldErrors, PostField, PostForm } from "../../views/console/posts.tsx";
import { type FormBody, field, fields } from "./context.ts";

const OFFSET_AT_END = /(Z|[+-]\d{2}:\d{2})$/;

/** Section headings of a Markdown body (a draft may not parse into anything yet). */
function headingsOf(markdown: string): string[] {
  try {
    return renderMarkdown(markdown).sections.map((s) => s.heading);
  } catch {
    return [];
  }
}

/** One entry per heading of the body (with its points, if any), then points for headings it no longer has. */
function keyPointsFor(markdown: string, given: { section: string; points: string }[]): PostForm["keyPoints"] {
  const headings = headingsOf(markdown);
  const byHeading = new Map(given.map((k) => [k.section, k.points]));
  return [
    ...headings.map((section) => ({ section, points: byHeading.get(section) ?? "", inBody: true })),
    ...given
      .filter((k) => !headings.includes(k.section) && k.points.trim() !== "")
      .map((k) => ({ ...k, inBody: false })),
  ];
}

/** A new post's form: dated now, in the site's time zone. */
export function emptyForm(config: SiteConfig, nowMs: number): PostForm {
  const iso = zonedIso(nowMs, config.timeZone);
  return {
    id: `urn:uuid:${crypto.randomUUID()}`,
    title: "",
    slug: "",
    author: "",
    date: iso.replace(OFFSET_AT_END, ""),
    offset: OFFSET_AT_END.exec(iso)?.[1] ?? "+00:00",
    tags: "",
    summary: "",
    language: config.language,
    markdown: "",
    keyPoints: [],
  };
}

/** A stored post's form. A summary made from the lead is left empty, so saving keeps it made from the lead. */
export function formOf(post: StoredPost): PostForm {
  return {
    id: post.id,
    title: post.title,
    slug: post.slug,
    author: post.author,
    date: post.publishedAt.replace(OFFSET_AT_END, ""),
    offset: OFFSET_AT_END.exec(post.publishedAt)?.[1] ?? "",
    tags: post.tags.join(", "),
    summary: summaryIsDerived(post) ? "" : post.summary,
    language: post.language,
    markdown: post.bodyMarkdown,
    keyPoints: keyPointsFor(
      post.bodyMarkdown,
      (post.keyPoints ?? []).map((k) => ({ section: k.section, points: k.points.join("\n") })),
    ),
  };
}

/** The form as posted. Browsers send text areas with CRLF line ends; the stored Markdown has LF. */
export function formFrom(body: FormBody): PostForm {
  const lf = (s: string) => s.replace(/\r\n?/g, "\n");
  const markdown = lf(field(body, "markdown"));
  const sections = fields(body, "kp_section[]");
  const points = fields(body, "kp_points[]");
  return {
    id: field(body, "id"),
    title: field(body, "title"),
    slug: field(body, "slug").trim(),
    author: field(body, "author"),
    date: field(body, "date").trim(),
    offset: field(body, "offset").trim(),
    tags: field(body, "tags"),
    summary: lf(field(body, "summary")),
    language: field(body, "language").trim(),
    markdown,
    keyPoints: keyPointsFor(
      markdown,
      sections.map((section, i) => ({ section, points: lf(points[i] ?? "") })),
    ),
  };
}

/** What the admin API would be sent for this form. */
function rawInput(form: PostForm): Record<string, unknown> {
  // A datetime-local value leaves out zero seconds.
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.date) ? `${form.date}:00` : form.date;
  const keyPoints = form.keyPoints
    .map((k) => ({
      section: k.section,
      points: k.points
        .split("\n")
        .map((p) => p.trim())
        .filter((p) => p !== ""),
    }))
    .filter((k) => k.points.length > 0);
  return {
    id: form.id || undefined,
    title: form.title,
    slug: form.slug || undefined,
    author: form.author,
    published: `${date}${form.offset}`,
    tags: form.tags
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== ""),
    summary: form.summary.trim() === "" ? undefined : form.summary,
    language: form.language || undefined,
    markdown: form.markdown,
    key_points: keyPoints.length > 0 ? keyPoints : undefined,
  };
}

const FIELDS = new Set<string>([
  "title",
  "slug",
  "author",
  "published",
  "tags",
  "summary",
  "language",
  "key_points",
  "markdown",
]);
const fieldOf = (name: unknown): PostField =>
  typeof name === "string" && FIELDS.has(name) ? (name as PostField) : "markdown";

/** Field-specific wording of the schema's format rules. */
const FORMAT: Partial<Record<PostField, string>> = {
  slug: "chỉ gồm chữ thường không dấu (a-z), số và dấu gạch nối",
  published: "cần là ngày giờ có thật trong các năm 1900–2099, với múi giờ dạng +07:00 (tối đa ±14:00)",
  tags: "không được chứa < hoặc >",
  language: "cần là mã ngôn ngữ, ví dụ vi",
};

const n = (x: unknown) =>
  typeof x === "number" || typeof x === "bigint" ? Number(x).toLocaleString("vi-VN") : String(x);

/** One schema issue in Vietnamese. */
function issueMessage(f: PostField, issue: z.core.$ZodIssue): string {
  const origin = "origin" in issue ? issue.origin : undefined;
  if (issue.code === "too_small") return origin === "array" ? "cần ít nhất một ý" : "không được để trống";
  if (issue.code === "too_big") {
    return origin === "array" ? `tối đa ${n(issue.maximum)} mục` : `tối đa ${n(issue.maximum)} ký tự`;
  }
  if (f === "markdown") {
    if (issue.message.startsWith("must not nest")) return "lồng trích dẫn hoặc danh sách quá 20 cấp";
    if (issue.message.includes("empty")) return "không được để trống";
  }
  return FORMAT[f] ?? issue.message;
}

const LABELS: Record<PostField, string> = {
  title: "Tiêu đề",
  slug: "Đường dẫn",
  author: "Tác giả",
  published: "Ngày giờ đăng",
  tags: "Chủ đề",
  summary: "Tóm tắt",
  language: "Ngôn ngữ",
  key_points: "Ý chính",
  markdown: "Nội dung",
};

/** "Tiêu đề: không được để trống". */
export const labelled = (f: PostField, message: string) => `${LABELS[f]}: ${message}`;

/** The form as the admin API's input, or the message for each field the schema refuses. */
export function parseForm(form: PostForm): { ok: true; input: PostInput } | { ok: false; errors: FieldErrors } {
  const result = PostInputSchema.safeParse(rawInput(form));
  if (result.success) return { ok: true, input: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const f = fieldOf(issue.path[0]);
    errors[f] ??= labelled(f, issueMessage(f, issue));
  }
  return { ok: false, errors };
}

/** What publishing refused, field by field, in Vietnamese where the rule is the console's own. */
export function publishErrors(
  result: Extract<PublishResult, { status: "invalid" | "conflict" }>,
  slug: string,
): FieldErrors {
  if (result.status === "conflict") return { slug: labelled("slug", `“${slug}” đã thuộc về một bài khác`) };
  const errors: FieldErrors = {};
  for (const p of result.fields) {
    const f = fieldOf(p.field);
    const message = p.message.startsWith("must be in the future")
      ? "cần ở tương lai để lên lịch"
      : p.message.startsWith("is in the future")
        ? "ở tương lai: hãy bấm “Lên lịch”, hoặc chọn một thời điểm đã qua"
        : p.message.startsWith("is needed")
          ? "cần có: tiêu đề không có chữ hay số để tạo đường dẫn"
          : p.message.startsWith("cannot go back")
            ? "bài đã đến tay bạn đọc nên không thể lưu nháp hay lên lịch lại: hãy cập nhật bài, hoặc gỡ bài"
            : `vượt giới hạn: ${p.message}`;
    errors[f] ??= labelled(f, message);
  }
  return errors;
}
