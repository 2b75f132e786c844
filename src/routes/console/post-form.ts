// The post form as the browser posts it; the form's model (checks, messages) is ../../posts/form.ts.
import { keyPointsFor, type PostForm } from "../../posts/form.ts";
import { type FormBody, field, fields } from "./context.ts";

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
    image: field(body, "image").trim(),
    imageAlt: field(body, "image_alt"),
    imageDecorative: field(body, "image_decorative") === "yes",
    imageCaption: lf(field(body, "image_caption")),
    imageCredit: field(body, "image_credit"),
    // A checkbox left unticked sends nothing: the hidden field says the form asked.
    byEmail: field(body, "by_email_asked") === "yes" ? field(body, "by_email") === "yes" : null,
  };
}
