// The pseudo-language of the tests (see PSEUDO_LANGUAGE): every message wrapped in ⟦…⟧ with its
// letters accented, placeholders and tags left working, so text shown outside brackets is text no
// catalogue holds, and text too long for its place shows up in screenshots.
import { type MessageFormatElement, TYPE } from "@formatjs/icu-messageformat-parser";

const ACCENTED: Record<string, string> = {
  a: "á",
  e: "ë",
  i: "ï",
  o: "ö",
  u: "ü",
  y: "ÿ",
  c: "ç",
  n: "ñ",
  s: "š",
  z: "ž",
  A: "Å",
  E: "É",
  I: "Î",
  O: "Ö",
  U: "Û",
  Y: "Ý",
  C: "Ç",
  N: "Ñ",
  S: "Š",
  Z: "Ž",
};

const accent = (text: string): string => text.replace(/[aeiouycnszAEIOUYCNSZ]/g, (c) => ACCENTED[c] ?? c);

/** A text the pseudo-language shows as it is (a date, a number), wrapped so the tests know it is formatted. */
export const pseudoText = (text: string): string => `⟦${text}⟧`;

function walk(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el) => {
    if (el.type === TYPE.literal) return { ...el, value: accent(el.value) };
    if (el.type === TYPE.tag) return { ...el, children: walk(el.children) };
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      const options = Object.fromEntries(
        Object.entries(el.options).map(([k, option]) => [k, { ...option, value: walk(option.value) }]),
      );
      return { ...el, options } as MessageFormatElement;
    }
    return el;
  });
}

/** A message's parsed form, accented and wrapped in ⟦…⟧. */
export function pseudoElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return [
    { type: TYPE.literal, value: "⟦" },
    ...walk(elements),
    { type: TYPE.literal, value: "⟧" },
  ] as MessageFormatElement[];
}
