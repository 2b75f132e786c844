// Composing a digest from posts. Pure: takes the posts and settings, reads no clock.
import type { DigestImageProps, DigestPostProps, DigestSectionProps } from "../../emails/_components/PostBlock.tsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { siteText, type Translator } from "../i18n/index.ts";
import { mailImage, srcset } from "../media/urls.ts";
import { renderMarkdown } from "../posts/markdown.ts";
import type { Post, PostImage } from "../posts/model.ts";

/** The subject of a test copy: the digest's, marked as a test ("[Thử] …"). */
export const testCopySubject = (t: Translator, subject: string): string => t.t("email.digest.testSubject", { subject });

/** The mark a test copy's subject starts with ("[Thử]", "[Test]"), for the console to name it. */
export const testCopyMark = (t: Translator): string => testCopySubject(t, "").trim();

export interface DigestContent {
  number: number;
  subject: string;
  preheader: string;
  period: string;
  posts: DigestPostProps[];
  postIds: string[];
  /** Newest change of any covered post, for Last-Modified. */
  lastModifiedMs: number;
}

/** The first sentence of a paragraph (the whole paragraph when it has one sentence). */
export function firstSentence(paragraph: string): string {
  const m = /^(.+?[.!?…])(?=\s+\p{Lu}|\s*$)/su.exec(paragraph.trim());
  return (m?.[1] ?? paragraph).trim();
}

/**
 * Each section's heading and key points: the editor's when written, else the first sentence of each
 * paragraph and list item. A section with nothing to take points from (a figure, a table) is left
 * out rather than shown as a heading with nothing under it.
 */
export function keyPointsOf(post: Post): DigestSectionProps[] {
  // Posts stored before sections recorded their list items: read them again from the Markdown.
  const sections = post.sections.every((s) => s.blocks) ? post.sections : renderMarkdown(post.bodyMarkdown).sections;
  return sections
    .map((section) => {
      const written = post.keyPoints?.find((k) => k.section === section.heading);
      const points = written ? written.points : (section.blocks ?? section.paragraphs).map(firstSentence);
      return { heading: section.heading, points };
    })
    .filter((section) => section.points.length > 0);
}

/** The lead image as the digest shows it: the mail's JPEG copy at 600 CSS px, and the site's copies for the web edition. */
export function digestImage(image: PostImage, siteUrl: string): DigestImageProps {
  return { ...mailImage(image, siteUrl), alt: image.alt, srcset: srcset(image, siteUrl) };
}

/** The days the posts were published on: "Ngày 13/07/2021", "Từ 01/07/2021 đến 13/07/2021". */
function periodOf(posts: readonly Post[], t: Translator): string {
  const times = posts.map((p) => p.publishedMs);
  const from = t.shortDate(Math.min(...times));
  const to = t.shortDate(Math.max(...times));
  return from === to ? t.t("email.digest.period.day", { date: to }) : t.t("email.digest.period.range", { from, to });
}

/** Up to this many characters, a post's whole lead goes into the digest; beyond, its first paragraph. */
export const WHOLE_LEAD_MAX_CHARS = 600;

/**
 * The lead as the digest shows it: all of it when short (so a closing paragraph with the local
 * angle is not lost), else the first paragraph; the summary when the post has no lead.
 */
export function digestLead(post: Pick<Post, "lead" | "summary">): string[] {
  const whole = post.lead.join(" ");
  if (post.lead.length === 0) return [post.summary];
  return [...whole].length <= WHOLE_LEAD_MAX_CHARS ? [...post.lead] : post.lead.slice(0, 1);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).trimEnd()}…`;
}

/**
 * Digest number `number` of the given posts (those no earlier digest covered), newest first.
 * Returns null when there is nothing new: an empty digest is never composed.
 */
export function composeDigest(number: number, posts: readonly Post[], config: SiteConfig): DigestContent | null {
  if (posts.length === 0) return null;
  const ordered = [...posts].sort((a, b) => b.publishedMs - a.publishedMs || a.id.localeCompare(b.id));
  const [first] = ordered;
  if (!first) return null;
  const t = siteText(config);
  const blocks = ordered.map(
    (post): DigestPostProps => ({
      title: post.title,
      url: absoluteUrl(config, `/posts/${post.slug}`),
      date: t.date(post.publishedMs),
      lead: digestLead(post),
      sections: keyPointsOf(post),
      image: post.image ? digestImage(post.image, config.siteUrl) : null,
    }),
  );
  const others = ordered.length - 1;
  const title = { title: config.title, number: String(number), first: first.title };
  const subject =
    others > 0 ? t.t("email.digest.subjectWithOthers", { ...title, others }) : t.t("email.digest.subject", title);
  // The headings the digest shows for its first post (a section with no points is left out).
  const headings = blocks[0]?.sections.map((s) => s.heading) ?? [];
  const preheader = truncate(headings.length > 0 ? headings.join(" · ") : first.summary, 140);
  return {
    number,
    subject,
    preheader,
    period: periodOf(ordered, t),
    posts: blocks,
    postIds: ordered.map((p) => p.id),
    lastModifiedMs: Math.max(...ordered.map((p) => p.updatedMs)),
  };
}
