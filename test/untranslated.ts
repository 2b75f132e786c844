// Finds words no catalogue holds. Under the pseudo-language (SITE_LANGUAGE=en-XA) every message and
// every formatted date reads ⟦…⟧; what a reader can see outside the brackets is hard-coded text,
// unless it is content the test itself wrote (post titles, bodies, tags, addresses), passed as `allowed`.
import { type DefaultTreeAdapterMap, parse } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

// Elements whose text nobody reads on the page.
const UNSEEN = new Set(["script", "style", "template", "noscript"]);
// Attributes a person reads or hears: placeholders, tooltips, labels for screen readers, alt texts.
const READ_ATTRIBUTES = new Set(["placeholder", "title", "aria-label", "alt", "aria-description"]);

/** Letters outside ⟦…⟧ in one run of text, with the allowed strings taken out. */
function outside(text: string, depth: { n: number }, allowed: readonly string[]): string {
  let out = "";
  for (const c of text) {
    if (c === "⟦") depth.n++;
    else if (c === "⟧") depth.n = Math.max(0, depth.n - 1);
    else if (depth.n === 0) out += c;
  }
  let rest = out;
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) if (a) rest = rest.split(a).join(" ");
  return /\p{L}/u.test(rest) ? out.replace(/\s+/g, " ").trim() : "";
}

/**
 * Visible text (and read attributes) of an HTML page that lies outside the pseudo-language's
 * brackets: an empty list when every word came from a catalogue or from `allowed`.
 */
export function untranslatedInHtml(html: string, allowed: readonly string[] = []): string[] {
  const found: string[] = [];
  const depth = { n: 0 };
  const visit = (node: Node): void => {
    if (node.nodeName === "#text") {
      const hit = outside((node as DefaultTreeAdapterMap["textNode"]).value, depth, allowed);
      if (hit) found.push(hit);
      return;
    }
    const el = node as Element;
    if (UNSEEN.has(el.nodeName)) return;
    for (const attr of el.attrs ?? []) {
      const buttonValue =
        attr.name === "value" &&
        el.nodeName === "input" &&
        /^(submit|button|reset)$/.test(el.attrs.find((a) => a.name === "type")?.value ?? "");
      const metaText =
        el.nodeName === "meta" &&
        attr.name === "content" &&
        el.attrs.some((a) =>
          a.name === "name"
            ? a.value === "description"
            : a.name === "property" && /^og:(title|description)$/.test(a.value),
        );
      if (READ_ATTRIBUTES.has(attr.name) || buttonValue || metaText) {
        const hit = outside(attr.value, { n: 0 }, allowed);
        if (hit) found.push(`${el.nodeName}[${attr.name}]: ${hit}`);
      }
    }
    const children = "content" in el && el.nodeName === "template" ? [] : (el.childNodes ?? []);
    for (const child of children) visit(child);
  };
  visit(parse(html) as unknown as Node);
  return found;
}

/** The same for plain text (an email's text part, a subject, a plain-text answer). */
export function untranslatedInText(text: string, allowed: readonly string[] = []): string[] {
  const depth = { n: 0 };
  return text
    .split("\n")
    .map((line) => outside(line, depth, allowed))
    .filter((hit) => hit !== "");
}
