// What a person reads on a page Chromium shows: the visible text nodes of the page and of its frames
// in document order, the attributes people read or hear, and the document's title. The language
// tests (pseudo-language.test.ts, english-site.test.ts) look for words no catalogue holds in it.
import type { Frame, Page } from "playwright-core";
import { untranslatedInText } from "../untranslated.ts";

/** The text of one document (the page, or one of its frames). */
export interface DocumentText {
  url: string;
  /** `lang` of its root element. */
  lang: string;
  /** Visible text nodes, in document order. */
  texts: string[];
  /** "element[attribute]: value" for the attributes people read, the title and the meta description. */
  attributes: { where: string; value: string }[];
}

/**
 * Runs in the page, as source (a function would reach the page as vitest transformed it). Hidden
 * means not rendered for anyone: `display: none` (which covers `hidden`, `<head>`, `<script>`,
 * `<style>`) or `visibility: hidden`. Text a screen reader reads but the eye does not (a visually
 * hidden label) is kept, and so is the content of a closed `<details>`, which one click shows.
 */
const COLLECT = `(() => {
  const READ = ["placeholder", "title", "aria-label", "alt", "aria-description"];
  const texts = [];
  const attributes = [];
  let glue = false;
  const walk = (el) => {
    const style = getComputedStyle(el);
    if (style.display === "none" || el.localName === "template" || el.localName === "noscript") return;
    const seen = style.visibility === "visible";
    if (seen) {
      for (const name of READ) {
        const value = el.getAttribute(name);
        if (value && value.trim()) attributes.push({ where: el.localName + "[" + name + "]", value });
      }
      const type = (el.getAttribute("type") || "").toLowerCase();
      if (el.localName === "input" && ["submit", "button", "reset"].includes(type)) {
        const value = el.getAttribute("value");
        if (value && value.trim()) attributes.push({ where: "input[value]", value });
      }
    }
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        // A word broken only by <wbr> (an address that may wrap after "@") is one text.
        if (glue && texts.length > 0) texts[texts.length - 1] += child.data;
        else if (seen && child.data.trim()) texts.push(child.data);
        glue = false;
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        glue = child.localName === "wbr" && seen;
        if (!glue) walk(child);
      }
    }
  };
  if (document.body) walk(document.body);
  if (document.title.trim()) attributes.unshift({ where: "title", value: document.title });
  for (const meta of document.querySelectorAll('meta[name="description"], meta[property="og:title"], meta[property="og:description"]')) {
    const value = meta.getAttribute("content");
    const name = meta.getAttribute("name") || meta.getAttribute("property");
    if (value && value.trim()) attributes.push({ where: "meta[" + name + "]", value });
  }
  return { url: location.href, lang: document.documentElement.lang, texts, attributes };
})()`;

/** Every document of the page that has loaded something (blank frames left out). */
export async function readPage(page: Page): Promise<DocumentText[]> {
  const frames: Frame[] = [page.mainFrame(), ...page.frames().filter((f) => f !== page.mainFrame())];
  const docs: DocumentText[] = [];
  for (const frame of frames) {
    if (frame !== page.mainFrame() && (frame.url() === "about:blank" || frame.url() === "")) continue;
    await frame.waitForLoadState("load");
    docs.push((await frame.evaluate(COLLECT)) as DocumentText);
  }
  return docs;
}

/** Addresses are not words: a link written out (in a text part, a console hint) says nothing in any language. */
export const withoutUrls = (text: string): string => text.replace(/\bhttps?:\/\/[^\s<>"”’)\]]+/g, " ");

const where = (doc: DocumentText, index: number) => (index === 0 ? "" : `[frame ${new URL(doc.url).pathname}] `);

/**
 * Letters outside the pseudo-language's ⟦…⟧ (test/untranslated.ts), apart from `allowed`: the bracket
 * depth carries from one text node to the next in document order, as a message's words may be split
 * by the elements its tags make. Attributes are read one by one.
 */
export function untranslatedOnPage(docs: DocumentText[], allowed: readonly string[]): string[] {
  return docs.flatMap((doc, i) => [
    ...untranslatedInText(withoutUrls(doc.texts.join("\n")), allowed).map((hit) => `${where(doc, i)}${hit}`),
    ...doc.attributes.flatMap((a) =>
      untranslatedInText(withoutUrls(a.value), allowed).map((hit) => `${where(doc, i)}${a.where}: ${hit}`),
    ),
  ]);
}

/** Letters only Vietnamese writes (with đ), as the issue lists them. */
export const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

/** Vietnamese a page may show: a post's own text, and the names it was given (title, author, tags). */
export interface VietnameseContent {
  /** Every paragraph, heading and point of the content, one per line: a text node inside one of them passes. */
  corpus: string;
  /** Whole strings taken out of a text before it is checked (a title inside a sentence). */
  allowed: readonly string[];
}

const oneSpace = (s: string) => s.replace(/\s+/g, " ").trim();

/** The text if it holds Vietnamese letters that are not `content`, else null. */
export function vietnameseIn(text: string, content: VietnameseContent): string | null {
  const t = oneSpace(withoutUrls(text));
  if (!VIETNAMESE.test(t)) return null;
  const bare = t.replace(/^[•·–—\-*\s]+/, "").replace(/[…\s]+$/, "");
  if (bare && content.corpus.includes(bare)) return null;
  let rest = t;
  for (const a of [...content.allowed].sort((x, y) => y.length - x.length)) if (a) rest = rest.split(a).join(" ");
  return VIETNAMESE.test(rest) ? t : null;
}

/** Every text node and read attribute of the page holding Vietnamese letters outside `content`. */
export function vietnameseOnPage(docs: DocumentText[], content: VietnameseContent): string[] {
  return docs.flatMap((doc, i) => [
    ...doc.texts.flatMap((text) => {
      const hit = vietnameseIn(text, content);
      return hit ? [`${where(doc, i)}${hit}`] : [];
    }),
    ...doc.attributes.flatMap((a) => {
      const hit = vietnameseIn(a.value, content);
      return hit ? [`${where(doc, i)}${a.where}: ${hit}`] : [];
    }),
  ]);
}

/**
 * Findings as the lead reads them: one line per offending text, under the page or email it is on. A
 * text already listed under an earlier page (the shell's, the subscribe form's) is counted, not repeated.
 */
export function report(found: ReadonlyMap<string, readonly string[]>): string {
  const listed = new Set<string>();
  const out: string[] = [];
  for (const [name, hits] of found) {
    if (hits.length === 0) continue;
    const fresh = [...new Set(hits)].filter((h) => !listed.has(h));
    for (const h of fresh) listed.add(h);
    const again = hits.length - fresh.length;
    out.push(`${name}${again > 0 ? ` (and ${again} listed above)` : ""}`, ...fresh.map((h) => `    → ${h}`));
  }
  return out.join("\n");
}

/** Findings of one test: page or email → the offending texts on it. */
export type Found = Map<string, string[]>;

export function addFound(found: Found, name: string, hits: readonly string[]): void {
  found.set(name, [...(found.get(name) ?? []), ...hits]);
}

/**
 * Fills a form's fields and sends it with one of its buttons (its first by default), as a person
 * does, with the browser's own checks off: a bad address must reach the server, which answers with
 * the form and its message. Resolves once the page it answered with has loaded.
 */
export async function sendForm(
  on: Page,
  form: string,
  fields: Record<string, string> = {},
  button = "button[type=submit], input[type=submit]",
): Promise<void> {
  const f = on.locator(form).first();
  for (const [name, value] of Object.entries(fields)) await f.locator(`[name="${name}"]`).fill(value);
  await on.evaluate("for (const form of document.forms) form.noValidate = true");
  // A click does not wait for the navigation it starts.
  await Promise.all([on.waitForEvent("load"), f.locator(button).first().click()]);
}
