// Markdown → the post's HTML and its structure (lead, sections, captions). Pure.
// Raw HTML in the source is shown as text, never passed through: the body reaches pages,
// feeds and mail, and only markup this module writes may appear there.
import { Marked, type Token, type TokenizerAndRendererExtension, type Tokens } from "marked";
import {
  fallbackPath,
  type ImageFacts,
  POST_IMAGE_SIZES,
  parseMediaReference,
  srcset as srcsetOf,
} from "../media/urls.ts";
import { cleanText, escapeHtml } from "../text.ts";
import { slugify } from "./slug.ts";

export interface Section {
  heading: string;
  /** Anchor id of the heading on the post page. */
  anchor: string;
  /** Plain-text paragraphs, in order. */
  paragraphs: string[];
  /**
   * The paragraphs and the items of its lists (each item's own text, nested lists left out), in
   * order: what the digest takes key points from. Absent in posts stored before it was recorded.
   */
  blocks?: string[];
}

export interface RenderedBody {
  html: string;
  /** Plain-text paragraphs before the first section heading. */
  lead: string[];
  sections: Section[];
  captions: string[];
}

/** A photo of the media library as a post's body shows it. */
export interface BodyImage extends ImageFacts {
  /** The library's alt text: null when none was written, "" for a decorative photo. */
  alt: string | null;
  caption: string | null;
  credit: string | null;
}

/** What rendering needs to show the library's photos: the site's URL and the photos the body names, by hash. */
export interface ImageContext {
  siteUrl: string;
  media: ReadonlyMap<string, BodyImage>;
}

// Set for the length of one synchronous renderMarkdown call: marked's renderers take no argument of ours.
let images: ImageContext | null = null;

interface FigureToken extends Tokens.Generic {
  type: "figure";
  caption: string;
  /** The image line's inline tokens, when the figure's first line is an image. */
  tokens: Token[];
}

const IMAGE_LINE = /^!\[[^\n]*\]\([^\n]*\)\s*$/;

// `::: figure` / an optional image line / caption lines / `:::` marks a figure: a photo with its
// caption, or a caption alone until its photo is uploaded.
const figureExtension: TokenizerAndRendererExtension = {
  name: "figure",
  level: "block",
  start: (src: string) => src.match(/^::: *figure/m)?.index,
  tokenizer(src: string): FigureToken | undefined {
    const m = /^::: *figure *\n([\s\S]*?)\n:::(?:\n|$)/.exec(src);
    if (!m) return undefined;
    const [first = "", ...rest] = (m[1] ?? "").split("\n");
    const hasImage = IMAGE_LINE.test(first.trim());
    const caption = (hasImage ? rest.join("\n") : (m[1] ?? "")).replace(/\s+/g, " ").trim();
    const tokens = hasImage ? this.lexer.inlineTokens(first.trim()) : [];
    return { type: "figure", raw: m[0], caption, tokens };
  },
  renderer(token: Tokens.Generic): string {
    const image = (token.tokens ?? []).find((t): t is Tokens.Image => t.type === "image");
    return figureHtml(image, String(token.caption));
  },
};

/** The photo a Markdown image names in the media library, or undefined (another site's image, or none). */
function libraryImage(href: string): BodyImage | undefined {
  const ref = images ? parseMediaReference(href, images.siteUrl) : null;
  return ref ? images?.media.get(ref.hash) : undefined;
}

/** A library photo over its copies, with its size; lazily loaded unless `eager`. */
function photoHtml(photo: ImageFacts, alt: string, title = "", eager = false): string {
  return `<img src="${fallbackPath(photo)}" srcset="${srcsetOf(photo)}" sizes="${POST_IMAGE_SIZES}" width="${photo.width}" height="${photo.height}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ""}${eager ? "" : ' loading="lazy"'} decoding="async">`;
}

/** An image element: a library photo over its copies, with its size; another site's image as it is. */
function imageHtml({ href, title, text }: Tokens.Image): string {
  const alt = text.trim();
  const photo = libraryImage(href);
  if (photo) return photoHtml(photo, alt !== "" ? alt : (photo.alt ?? ""), title ?? "");
  const safe = safeHref(href);
  if (safe === null) return escapeHtml(text);
  return `<img src="${escapeHtml(safe)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ""} loading="lazy" decoding="async">`;
}

/** A figure's caption: its text, then the credit. */
function figcaptionHtml(text: string, credit: string | null): string {
  const by = credit ? ` <span class="credit">${escapeHtml(credit)}</span>` : "";
  return text !== "" || by !== "" ? `<figcaption>${escapeHtml(text)}${by}</figcaption>` : "";
}

/**
 * A post's lead image as a figure at the head of its HTML, where a body has no place for it: what
 * feed readers that show no enclosure see (the post page draws its own, views/pages.tsx).
 */
export function leadFigureHtml(image: ImageFacts & { alt: string; caption: string | null; credit: string | null }) {
  return `<figure class="photo lead">${photoHtml(image, image.alt, "", true)}${figcaptionHtml(image.caption ?? "", image.credit)}</figure>\n`;
}

/** A figure: the image (if any) and its caption, the library's caption and credit when the body gives none. */
function figureHtml(image: Tokens.Image | undefined, caption: string): string {
  const photo = image ? libraryImage(image.href) : undefined;
  const text = caption !== "" ? caption : (photo?.caption ?? "");
  return `<figure${photo ? ' class="photo"' : ""}>${image ? imageHtml(image) : ""}${figcaptionHtml(text, photo?.credit ?? null)}</figure>\n`;
}

const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);
// Any base with a host of its own: a relative link that resolves elsewhere is not relative.
const SITE = "https://site.invalid/posts/post";

/**
 * The link target, or null when it is not an http(s) or mailto link or a link within the site.
 * Browsers read `\` as `/` and drop tabs and newlines in URLs, so `//host`, `/\host` and their
 * disguises leave the site: those are refused, by resolving the target as a browser would.
 */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/[\u0000-\u001f\u007f\\]/.test(trimmed)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  if (scheme !== undefined) return SAFE_SCHEMES.has(scheme.toLowerCase()) ? trimmed : null;
  if (trimmed.startsWith("//")) return null;
  try {
    return new URL(trimmed, SITE).origin === new URL(SITE).origin ? trimmed : null;
  } catch {
    return null;
  }
}

/** How deeply quotes and lists may nest (real posts nest two or three levels). */
export const MAX_NESTING = 20;
/** How many `##` sections a post may have (a long report has about 30). */
export const MAX_SECTIONS = 100;

const CONTAINER_MARKER = /> ?|[-+*][ \t]|\d{1,9}[.)][ \t]/g;
const CONTAINER_PREFIX = /^(?:[ \t]*(?:> ?|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*/;
const FENCE = /^ {0,3}(?:```|~~~)/;

/**
 * The deepest nesting of block quotes and lists, read from line prefixes before any parsing: each
 * `>` and each list marker in a line's prefix is one level, and so are each two columns of
 * indentation (the least a nested list item needs). Lines inside fenced code do not count.
 * Parsing thousands of levels overflows the stack or takes minutes, so this is checked first.
 */
export function nestingDepth(source: string): number {
  let deepest = 0;
  let fenced = false;
  for (const line of source.split("\n")) {
    if (FENCE.test(line)) fenced = !fenced;
    if (fenced) continue;
    const prefix = CONTAINER_PREFIX.exec(line)?.[0] ?? "";
    const markers = prefix.match(CONTAINER_MARKER)?.length ?? 0;
    const indent = prefix.replace(CONTAINER_MARKER, "").replace(/\t/g, "  ").length;
    deepest = Math.max(deepest, markers + Math.floor(indent / 2));
  }
  return deepest;
}

const marked = new Marked({
  gfm: true,
  extensions: [figureExtension],
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    // After an inline <script>, <pre> or <style> tag marked passes the following text through raw
    // (`escaped`), which would let `x <script> <svg/onload=…` out as markup: that text is escaped
    // here like any other (false: marked's own rendering, which escapes).
    text(token: Tokens.Text | Tokens.Escape): string | false {
      const raw = "escaped" in token && token.escaped && !("tokens" in token && token.tokens);
      return raw ? escapeHtml(token.text) : false;
    },
    heading({ tokens, depth }: Tokens.Heading): string {
      const inner = this.parser.parseInline(tokens);
      const id = slugify(plainText(tokens));
      return `<h${depth}${id ? ` id="${id}"` : ""}>${inner}</h${depth}>\n`;
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const safe = safeHref(href);
      if (safe === null) return inner;
      return `<a href="${escapeHtml(safe)}"${title ? ` title="${escapeHtml(title)}"` : ""}>${inner}</a>`;
    },
    image(token: Tokens.Image): string {
      return imageHtml(token);
    },
    // A paragraph that is one library photo and nothing else is a figure, with the library's caption.
    paragraph({ tokens }: Tokens.Paragraph): string | false {
      const content = tokens.filter((t) => !(t.type === "text" && t.raw.trim() === ""));
      const only = content.length === 1 ? content[0] : undefined;
      if (only?.type !== "image" || !libraryImage((only as Tokens.Image).href)) return false;
      return figureHtml(only as Tokens.Image, "");
    },
  },
});

/** The text a reader sees in a run of inline tokens, without markup. */
function plainText(tokens: Token[] | undefined): string {
  if (!tokens) return "";
  let out = "";
  for (const token of tokens) {
    if (token.type === "html" || token.type === "tag") continue;
    if (token.type === "br") out += " ";
    else if ("tokens" in token && Array.isArray(token.tokens) && token.tokens.length > 0)
      out += plainText(token.tokens);
    else if ("text" in token && typeof token.text === "string") out += token.text;
  }
  return out;
}

/** One line of reader-visible text. */
const oneLine = (tokens: Token[] | undefined) => cleanText(plainText(tokens)).replace(/\s+/g, " ").trim();

/** The text of each item of a list: its paragraphs joined, without the lists nested in it. */
function listItems(list: Tokens.List): string[] {
  return list.items
    .map((item) =>
      item.tokens
        .filter((t) => t.type === "text" || t.type === "paragraph")
        .map((t) => oneLine("tokens" in t ? t.tokens : undefined))
        .filter((t) => t !== "")
        .join(" "),
    )
    .filter((t) => t !== "");
}

/**
 * Renders Markdown and reads its structure: `##` headings open sections; paragraphs before them are the lead.
 * Character references are decoded by the parser (`&#x1F;` becomes U+001F), so the results are cleaned again.
 */
export function renderMarkdown(source: string, context?: ImageContext): RenderedBody {
  images = context ?? null;
  try {
    return render(source);
  } finally {
    images = null;
  }
}

/** An image a body names: where it points and the alt text written for it. */
export interface ImageReference {
  href: string;
  alt: string;
}

/** Every image of a Markdown body, in order, in paragraphs, lists, quotes and figures alike. */
export function imageReferences(source: string): ImageReference[] {
  const found: ImageReference[] = [];
  marked.walkTokens(marked.lexer(source), (token) => {
    if (token.type === "image") found.push({ href: token.href, alt: token.text.trim() });
  });
  return found;
}

function render(source: string): RenderedBody {
  const tokens = marked.lexer(source);
  const lead: string[] = [];
  const sections: Required<Section>[] = [];
  const captions: string[] = [];
  for (const token of tokens) {
    if (token.type === "heading" && token.depth === 2) {
      // One line, as key_points' section names are, so that the two match.
      const heading = oneLine(token.tokens);
      sections.push({ heading, anchor: slugify(heading), paragraphs: [], blocks: [] });
    } else if (token.type === "paragraph") {
      const text = oneLine(token.tokens);
      const current = sections.at(-1);
      if (text === "") continue;
      if (current) {
        current.paragraphs.push(text);
        current.blocks.push(text);
      } else lead.push(text);
    } else if (token.type === "list") {
      sections.at(-1)?.blocks.push(...listItems(token as Tokens.List));
    } else if (token.type === "figure") {
      captions.push(cleanText(String((token as FigureToken).caption)));
    }
  }
  const html = cleanText(marked.parser(tokens));
  return { html, lead, sections, captions };
}
