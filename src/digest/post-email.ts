// A post's own email, for the readers who chose each post: rendered once when its send starts (so a
// fix made within the grace delay is what goes out), personalised per recipient by substitution like
// the digest. Pure: takes the post and settings, reads no clock.
import { createElement } from "react";
import PostEmail, { type PostEmailProps, postEmailText } from "../../emails/PostEmail.tsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { siteText } from "../i18n/index.ts";
import { renderEmailHtml } from "../mail/render.ts";
import { renderMarkdown } from "../posts/markdown.ts";
import type { Post } from "../posts/model.ts";
import { type DigestContent, digestImage, keyPointsOf } from "./compose.ts";
import { DIGEST_HTML_BUDGET } from "./fit.ts";
import { RECIPIENT_UNSUBSCRIBE_URL, type RenderedDigest } from "./render.ts";

const PREHEADER_MAX = 140;

const byteLength = (s: string) => new TextEncoder().encode(s).length;

function preheaderOf(post: Post): string {
  const text = post.summary.trim();
  return text.length <= PREHEADER_MAX ? text : `${text.slice(0, PREHEADER_MAX - 1).trimEnd()}…`;
}

/**
 * The post's email: its headline, lead image, lead and whole text, and a link to read it on the site.
 * A text too long for an email Gmail shows whole (DIGEST_HTML_BUDGET) goes as the digest shows it:
 * the lead and each section's key points, with the link to the rest.
 */
export async function renderPostEmail(
  post: Post,
  config: SiteConfig,
): Promise<{ content: DigestContent; email: RenderedDigest }> {
  const t = siteText(config);
  const sections = post.sections.every((s) => s.blocks) ? post.sections : renderMarkdown(post.bodyMarkdown).sections;
  const whole = {
    title: post.title,
    url: absoluteUrl(config, `/posts/${post.slug}`),
    date: t.date(post.publishedMs),
    lead: post.lead.length > 0 ? [...post.lead] : [post.summary],
    sections: sections
      .map((s) => ({ heading: s.heading, points: [...(s.blocks ?? s.paragraphs)] }))
      .filter((s) => s.points.length > 0),
    image: post.image ? digestImage(post.image, config.siteUrl) : null,
    prose: true,
  };
  const props = (block: PostEmailProps["post"]): PostEmailProps => ({
    t,
    publication: config.title,
    subject: post.title,
    preheader: preheaderOf(post),
    post: block,
    homeUrl: absoluteUrl(config, "/"),
    unsubscribeUrl: RECIPIENT_UNSUBSCRIBE_URL,
    contact: config.replyTo,
  });
  let p = props(whole);
  let html = await renderEmailHtml(createElement(PostEmail, p));
  if (byteLength(html) > DIGEST_HTML_BUDGET) {
    p = props({ ...whole, sections: keyPointsOf(post), prose: false });
    html = await renderEmailHtml(createElement(PostEmail, p));
  }
  const content: DigestContent = {
    number: 0,
    subject: p.subject,
    preheader: p.preheader,
    period: p.post.date,
    posts: [p.post],
    postIds: [post.id],
    lastModifiedMs: post.updatedMs,
  };
  return { content, email: { subject: p.subject, preheader: p.preheader, html, text: postEmailText(p) } };
}
