// The console's post form as a model: the fields as the editor typed them, from a stored post to
// the form, from the form to the admin API's input (validated by the same schema), and what the
// schema or publishing refused, field by field, as messages the view puts into words. Pure.
import type { z } from "zod";
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { type Message, message } from "../i18n/index.ts";
import { mediaPath } from "../media/urls.ts";
import { renderMarkdown } from "./markdown.ts";
import { type PostInput, PostInputSchema } from "./model.ts";
import { type PublishResult, summaryIsDerived } from "./publish.ts";
import type { StoredPost } from "./repository.ts";

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
  /** The lead image: a library photo's URL (/media/<sha256>.<ext>), or empty for none. */
  image: string;
  /** Its alt text; empty takes the library's. */
  imageAlt: string;
  imageDecorative: boolean;
  /** Its caption and credit; empty takes the library's. */
  imageCaption: string;
  imageCredit: string;
  /**
   * Whether publishing mails the post to the readers who chose each post; null when the form does
   * not ask (a post published already: its console page's email panel changes it).
   */
  byEmail: boolean | null;
}

/** The lead image fields of a form with no lead image. */
export const NO_IMAGE = {
  image: "",
  imageAlt: "",
  imageDecorative: false,
  imageCaption: "",
  imageCredit: "",
} as const satisfies Partial<PostForm>;

export type PostField =
  | "title"
  | "slug"
  | "author"
  | "published"
  | "tags"
  | "summary"
  | "language"
  | "key_points"
  | "markdown"
  | "image"
  | "image_alt";

/** What is wrong with each refused field (the view names the field before it). */
export type FieldErrors = Partial<Record<PostField, Message>>;

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
export function keyPointsFor(markdown: string, given: { section: string; points: string }[]): PostForm["keyPoints"] {
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
    ...NO_IMAGE,
    byEmail: true,
  };
}

/**
 * A stored post's form. A summary made from the lead is left empty, so saving keeps it made from the
 * lead. `byEmail`: the post's mark, asked on the form until it is published.
 */
export function formOf(post: StoredPost, byEmail: boolean): PostForm {
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
    // The lead image as it was resolved when saved: saving again gives the same.
    ...(post.image
      ? {
          image: mediaPath(post.image.hash, post.image.type),
          imageAlt: post.image.alt,
          imageDecorative: post.image.alt === "",
          imageCaption: post.image.caption ?? "",
          imageCredit: post.image.credit ?? "",
        }
      : NO_IMAGE),
    byEmail: post.state === "draft" || post.state === "scheduled" ? byEmail : null,
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
    ...imageInput(form),
    by_email: form.byEmail ?? undefined,
  };
}

/** The lead image fields as the admin API takes them: empty text is left out (the library's applies). */
function imageInput(form: PostForm): Record<string, unknown> {
  const given = (s: string) => (s.trim() === "" ? undefined : s);
  if (form.image.trim() === "") return {};
  return {
    image: form.image.trim(),
    image_alt: given(form.imageAlt),
    image_decorative: form.imageDecorative || undefined,
    image_caption: given(form.imageCaption),
    image_credit: given(form.imageCredit),
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
  "image",
  "image_alt",
]);
/** The form's field of an input field: the lead image's caption, credit and decorative mark are shown with it. */
const IMAGE_PARTS = new Set<string>(["image_caption", "image_credit", "image_decorative"]);
const fieldOf = (name: unknown): PostField =>
  typeof name === "string" && FIELDS.has(name)
    ? (name as PostField)
    : typeof name === "string" && IMAGE_PARTS.has(name)
      ? "image"
      : "markdown";

/** Field-specific wording of the schema's format rules. */
const FORMAT: Partial<Record<PostField, Message>> = {
  slug: message("console-posts.problem.format.slug"),
  published: message("console-posts.problem.format.published"),
  tags: message("console-posts.problem.format.tags"),
  language: message("console-posts.problem.format.language"),
};

/** One schema issue as a message (the schema's own English words where the console has none). */
function issueMessage(f: PostField, issue: z.core.$ZodIssue): Message {
  const origin = "origin" in issue ? issue.origin : undefined;
  if (issue.code === "too_small") {
    return origin === "array" ? message("console-posts.problem.minPoints") : message("console-posts.problem.empty");
  }
  if (issue.code === "too_big") {
    const max = Number(issue.maximum);
    return origin === "array"
      ? message("console-posts.problem.maxItems", { max })
      : message("console-posts.problem.maxChars", { max });
  }
  if (f === "markdown") {
    if (issue.message.startsWith("must not nest")) return message("console-posts.problem.nesting");
    if (issue.message.includes("empty")) return message("console-posts.problem.empty");
  }
  return FORMAT[f] ?? message("console-posts.problem.other", { detail: issue.message });
}

/** The form as the admin API's input, or what is wrong with each field the schema refuses. */
export function parseForm(form: PostForm): { ok: true; input: PostInput } | { ok: false; errors: FieldErrors } {
  const result = PostInputSchema.safeParse(rawInput(form));
  if (result.success) return { ok: true, input: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const f = fieldOf(issue.path[0]);
    errors[f] ??= issueMessage(f, issue);
  }
  return { ok: false, errors };
}

/** What publishing refused, field by field, in the console's words where the rule is the console's own. */
export function publishErrors(
  result: Extract<PublishResult, { status: "invalid" | "conflict" }>,
  slug: string,
): FieldErrors {
  if (result.status === "conflict") return { slug: message("console-posts.problem.slugTaken", { slug }) };
  const errors: FieldErrors = {};
  for (const p of result.fields) {
    const f = fieldOf(p.field);
    errors[f] ??= p.console
      ? p.console
      : p.message.startsWith("must be in the future")
        ? message("console-posts.problem.notFuture")
        : p.message.startsWith("is in the future")
          ? message("console-posts.problem.inFuture")
          : p.message.startsWith("is needed")
            ? message("console-posts.problem.slugNeeded")
            : p.message.startsWith("cannot go back")
              ? message("console-posts.problem.cannotGoBack")
              : message("console-posts.problem.overLimit", { detail: p.message });
  }
  return errors;
}
