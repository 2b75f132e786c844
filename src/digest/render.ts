// Rendering a digest: once per digest, never per recipient. Per-recipient values are put in
// afterwards by `personalize`, a string substitution.
import { createElement } from "react";
import Digest, { type DigestProps, digestText } from "../../emails/Digest.tsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { siteText, type Translator } from "../i18n/index.ts";
import { renderEmailHtml } from "../mail/render.ts";
import type { DigestContent } from "./compose.ts";

/** Stands for the recipient's unsubscribe URL in a rendered email until `personalize` replaces it. */
export const RECIPIENT_UNSUBSCRIBE_URL = "https://unsubscribe.bantin.invalid/recipient";

export interface RenderedDigest {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

function props(
  content: DigestContent,
  config: SiteConfig,
  unsubscribeUrl: string | undefined,
  extra: Pick<DigestProps, "notice" | "testCopy"> = {},
): DigestProps {
  return {
    t: siteText(config),
    publication: config.title,
    number: content.number,
    period: content.period,
    subject: content.subject,
    preheader: content.preheader,
    posts: content.posts,
    homeUrl: absoluteUrl(config, "/"),
    webViewUrl: absoluteUrl(config, `/digests/${content.number}`),
    unsubscribeUrl,
    contact: config.replyTo,
    ...extra,
  };
}

async function renderWith(p: DigestProps, subject: string, preheader: string): Promise<RenderedDigest> {
  const html = await renderEmailHtml(createElement(Digest, p));
  // Written from the same props, not converted from the HTML: headings keep their case (upper-
  // casing garbles Vietnamese for screen readers and reads as shouting), lines wrap at 78.
  return { subject, preheader, html, text: digestText(p) };
}

/** The email, with RECIPIENT_UNSUBSCRIBE_URL where each recipient's own link goes. */
export function renderDigestEmail(content: DigestContent, config: SiteConfig): Promise<RenderedDigest> {
  return renderWith(props(content, config, RECIPIENT_UNSUBSCRIBE_URL), content.subject, content.preheader);
}

/** The note above a digest not sent yet, in its web edition. */
export const previewNotice = (t: Translator): string => t.t("digest-web.previewNotice");

/**
 * The copy for the web: the same template without any personal link or email wording; its text is
 * `/digests/:n.txt` (the HTML page is src/views/digest.tsx). `preview` marks a digest not sent yet.
 */
export function renderDigestWeb(
  content: DigestContent,
  config: SiteConfig,
  options: { preview?: boolean } = {},
): Promise<RenderedDigest> {
  const notice = options.preview ? previewNotice(siteText(config)) : undefined;
  return renderWith(props(content, config, undefined, { notice }), content.subject, content.preheader);
}

/**
 * The email as a test copy to an address that does not get the digest: no unsubscribe link (there
 * is nothing to leave), and a footer that says it is a test the editor sent from the console.
 */
export function renderDigestTestCopy(content: DigestContent, config: SiteConfig): Promise<RenderedDigest> {
  return renderWith(props(content, config, undefined, { testCopy: true }), content.subject, content.preheader);
}
