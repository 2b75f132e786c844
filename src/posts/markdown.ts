// Markdown → the post's HTML and its structure (lead, sections, captions). Pure.
// Raw HTML in the source is shown as text, never passed through: the body reaches pages,
// feeds and mail, and only markup this module writes may appear there.
import { Marked, type Token, type TokenizerAndRendererExtension, type Tokens } from "marked";
import { escapeHtml } from "../text.ts";
import { slugify } from "./slug.ts";

export interface Section {
  heading: string;
  /** Anchor id of the heading on the post page. */
  anchor: string;
  /** Plain-text paragraphs, in order. */
  paragraphs: string[];
}

export interface RenderedBody {
  html: string;
  /** Plain-text paragraphs before the first section heading. */
  lead: string[];
  sections: Section[];
  captions: string[];
}

interface FigureToken extends Tokens.Generic {
  type: "figure";
  caption: string;
}

// `::: figure` / caption lines / `:::` marks a figure caption (the image itself may be absent).
const figureExtension: TokenizerAndRendererExtension = {
  name: "figure",
  level: "block",
  start: (src: string) => src.match(/^::: *figure/m)?.index,
  tokenizer(src: string): FigureToken | undefined {
    const m = /^::: *figure *\n([\s\S]*?)\n:::(?:\n|$)/.exec(src);
    if (!m) return undefined;
    return { type: "figure", raw: m[0], caption: (m[1] ?? "").replace(/\s+/g, " ").trim() };
  },
  renderer(token: Tokens.Generic): string {
    return `<figure><figcaption>${escapeHtml(String(token.caption))}</figcaption></figure>\n`;
  },
};

const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/)|\.{0,2}\/)/i;

function safeHref(href: string): string | null {
  const trimmed = href.trim();
  return SAFE_URL.test(trimmed) ? trimmed : null;
}

const marked = new Marked({
  gfm: true,
  extensions: [figureExtension],
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
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
    image({ href, title, text }: Tokens.Image): string {
      const safe = safeHref(href);
      if (safe === null) return escapeHtml(text);
      return `<img src="${escapeHtml(safe)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ""}>`;
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

/** Renders Markdown and reads its structure: `##` headings open sections; paragraphs before them are the lead. */
export function renderMarkdown(source: string): RenderedBody {
  const tokens = marked.lexer(source);
  const lead: string[] = [];
  const sections: Section[] = [];
  const captions: string[] = [];
  for (const token of tokens) {
    if (token.type === "heading" && token.depth === 2) {
      const heading = plainText(token.tokens).trim();
      sections.push({ heading, anchor: slugify(heading), paragraphs: [] });
    } else if (token.type === "paragraph") {
      const text = plainText(token.tokens).replace(/\s+/g, " ").trim();
      const current = sections.at(-1);
      if (text === "") continue;
      if (current) current.paragraphs.push(text);
      else lead.push(text);
    } else if (token.type === "figure") {
      captions.push(String((token as FigureToken).caption));
    }
  }
  const html = marked.parser(tokens);
  return { html, lead, sections, captions };
}
