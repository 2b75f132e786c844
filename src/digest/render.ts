// Rendering a digest: once per digest, never per recipient. Per-recipient values are put in
// afterwards by `personalize`, a string substitution.
import { Preview } from "@react-email/components";
import { createElement } from "react";
import { PostBlock } from "../../emails/_components/PostBlock.tsx";
import Digest, { type DigestProps, digestText } from "../../emails/Digest.tsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { siteText, type Translator } from "../i18n/index.ts";
import { renderEmailHtml, renderEmailPiece } from "../mail/render.ts";
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

/** Stand-ins for what differs between a digest's editions, in the frame rendered once. */
const SLOT = { subject: "bantinslotsubjectq", preheader: "bantinslotpreheaderq", period: "bantinslotperiodq" };

/**
 * An edition's HTML with the text it shares with the digest's other editions (the frame's pieces,
 * each post's block) as markers: MARK_OPEN, the index in `shared`, MARK_CLOSE. Storage puts them back
 * (sends-repository.ts), so that the shared text crosses to it once per digest, not once per edition.
 */
export interface MarkedHtml {
  html: string;
  /** The same array for every edition of one renderer. */
  shared: readonly string[];
}

/** Around a marker's index: private-use characters, never in a marked edition's own text or in what is shared. */
export const MARK_OPEN = "\uE000";
export const MARK_CLOSE = "\uE001";
const mark = (k: number) => `${MARK_OPEN}${k}${MARK_CLOSE}`;
const unmarkable = (text: string) => text.includes(MARK_OPEN) || text.includes(MARK_CLOSE);

/** A rendering of an edition, with its marked HTML when it was composed from the shared pieces. */
export type EditionRendering = RenderedDigest & { marked?: MarkedHtml };

/**
 * The emails of a digest's editions (each a subset of its posts, composed as a digest of its own),
 * made from pieces rendered once: the email's frame (with stand-ins for the subject, preheader and
 * period) and each post's block. An edition is then a concatenation, byte for byte the HTML
 * `renderDigestEmail` gives for it, which comes with its marked form; its plain text is written from
 * its props as ever. An edition with a post that is not the digest's, or a digest whose text holds a
 * stand-in, is rendered whole (and not marked).
 */
export async function editionRenderer(
  whole: DigestContent,
  config: SiteConfig,
): Promise<(part: DigestContent) => Promise<EditionRendering>> {
  const full = (part: DigestContent) => renderDigestEmail(part, config);
  const first = whole.posts[0];
  if (!first || Object.values(SLOT).some((slot) => JSON.stringify(whole).includes(slot))) return full;
  const t = siteText(config);
  const blocks = new Map<string, string>();
  for (const [i, id] of whole.postIds.entries()) {
    const post = whole.posts[i];
    if (post) blocks.set(id, await renderEmailPiece(createElement(PostBlock, { t, ...post })));
  }
  // The frame with the first post: its block marks where an edition's blocks go.
  const framed = { ...whole, subject: SLOT.subject, preheader: SLOT.preheader, period: SLOT.period, posts: [first] };
  const html = await renderEmailHtml(createElement(Digest, props(framed, config, RECIPIENT_UNSUBSCRIBE_URL)));
  const cuts = [
    ["subject", `<title>${SLOT.subject}</title>`],
    ["preheader", await renderEmailPiece(createElement(Preview, null, SLOT.preheader))],
    ["period", SLOT.period],
    ["posts", blocks.get(whole.postIds[0] ?? "") ?? ""],
  ] as const;
  // The frame cut at each stand-in, in the order they come: found once each, or no pieces at all.
  const found = cuts.map(([name, mark]) => ({ name, mark, at: html.indexOf(mark) }));
  if (found.some(({ mark, at }) => mark === "" || at < 0 || html.indexOf(mark, at + 1) >= 0)) return full;
  found.sort((a, b) => a.at - b.at);
  const pieces: string[] = [];
  let from = 0;
  for (const { mark, at } of found) {
    pieces.push(html.slice(from, at));
    from = at + mark.length;
  }
  pieces.push(html.slice(from));
  // What editions share, by marker: the posts' blocks, then the frame's pieces.
  const ids = [...blocks.keys()];
  const shared = [...ids.map((id) => blocks.get(id) ?? ""), ...pieces];
  const blockMark = new Map(ids.map((id, k) => [id, mark(k)]));
  const markable = !shared.some(unmarkable);
  return async (part) => {
    if (!part.postIds.every((id) => blocks.has(id))) return full(part);
    const fill: Record<(typeof cuts)[number][0], string> = {
      subject: `<title>${await renderEmailPiece(part.subject)}</title>`,
      preheader: await renderEmailPiece(createElement(Preview, null, part.preheader)),
      period: await renderEmailPiece(part.period),
      posts: part.postIds.map((id) => blocks.get(id)).join(""),
    };
    const out = found.reduce((acc, { name }, i) => acc + fill[name] + pieces[i + 1], pieces[0] ?? "");
    const own = [fill.subject, fill.preheader, fill.period];
    const marked =
      markable && !own.some(unmarkable)
        ? {
            html: found.reduce(
              (acc, { name }, i) =>
                acc +
                (name === "posts" ? part.postIds.map((id) => blockMark.get(id)).join("") : fill[name]) +
                mark(ids.length + i + 1),
              mark(ids.length),
            ),
            shared,
          }
        : undefined;
    return {
      subject: part.subject,
      preheader: part.preheader,
      html: out,
      text: digestText(props(part, config, RECIPIENT_UNSUBSCRIBE_URL)),
      ...(marked ? { marked } : {}),
    };
  };
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
