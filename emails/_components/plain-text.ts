// The plain-text part of a bantin email, written from the template's own props next to its markup
// (rather than converted back from the HTML): paragraphs wrapped at a line width, a link as its
// text followed by its URL, a heading set off by two blank lines above it, a rule of dashes.

/** A paragraph, a heading, or a horizontal rule. */
export type TextBlock = string | { heading: string } | { rule: true };

export const heading = (text: string): TextBlock => ({ heading: text });
export const rule: TextBlock = { rule: true };

/** A link: its text, then its URL (once, when the text is the URL). */
export function link(text: string, url: string): string {
  return text === url ? url : `${text} ${url}`;
}

// The whitespace HTML collapses (a no-break space is not among it, and stays).
const SPACE = /[ \t\n\r\f\u200b]+/;

/** Words greedily filled into lines of at most `width` characters; a longer word has a line of its own. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(SPACE)) {
    if (word === "") continue;
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

/**
 * The blocks as text ending in one newline: one blank line between blocks, two above a heading.
 * Empty blocks (and null, undefined, false) are left out. `width`: the line width (78 by default,
 * RFC 5322's recommended limit); Infinity leaves each block on one line.
 */
export function plainText(blocks: readonly (TextBlock | null | undefined | false)[], width = 78): string {
  let out = "";
  for (const block of blocks) {
    if (block === null || block === undefined || block === false) continue;
    const isHeading = typeof block === "object" && "heading" in block;
    const text =
      typeof block === "string"
        ? wrap(block, width)
        : isHeading
          ? wrap(block.heading, width)
          : "-".repeat(Number.isFinite(width) ? width : 40);
    if (text === "") continue;
    if (out !== "") out += isHeading ? "\n\n\n" : "\n\n";
    out += text;
  }
  return `${out}\n`;
}
