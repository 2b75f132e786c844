// Which catalogue a language setting means. Dependency-free apart from the catalogues: `npm start`
// runs it (through parseConfig) to print its warning before anything starts.
import { LANGUAGES, type Language } from "./catalogues/index.ts";

/**
 * The pseudo-language of the tests: every message of the English catalogue wrapped in ⟦…⟧ with its
 * letters accented (and dates too), so a word shown outside the brackets is a word no catalogue holds.
 */
export const PSEUDO_LANGUAGE = "en-XA";

/** A language setting resolved to a catalogue. */
export interface ResolvedLanguage {
  /** The BCP 47 tag of the words shown: `lang` of pages and emails. */
  tag: string;
  /** The catalogue the words come from. */
  catalogue: Language;
  /** The locale of dates, numbers, lists and plurals. */
  intl: string;
  /** Wrap every message (the pseudo-language of the tests). */
  pseudo: boolean;
  /** One line to print when the setting named a language without a catalogue; null when it did. */
  warning: string | null;
}

const isLanguage = (value: string): value is Language => Object.hasOwn(LANGUAGES, value);

/** The supported languages, for messages: "vi, en". */
export const supportedLanguages = (): string => Object.keys(LANGUAGES).join(", ");

/**
 * The nearest supported language to a BCP 47 tag: the language itself ("vi", "en"), its primary
 * subtag ("en-US" is English with American dates, "vi-VN" Vietnamese), and English for a language
 * bantin has no catalogue for (with a warning naming the setting), never a mix of languages.
 */
export function resolveLanguage(tag: string, setting: string): ResolvedLanguage {
  if (tag.toLowerCase() === PSEUDO_LANGUAGE.toLowerCase()) {
    return { tag: PSEUDO_LANGUAGE, catalogue: "en", intl: LANGUAGES.en.intl, pseudo: true, warning: null };
  }
  const lower = tag.toLowerCase();
  const primary = lower.split("-")[0] ?? lower;
  if (isLanguage(lower))
    return { tag: lower, catalogue: lower, intl: LANGUAGES[lower].intl, pseudo: false, warning: null };
  if (isLanguage(primary)) {
    let intl: string = tag;
    try {
      intl = Intl.getCanonicalLocales(tag)[0] ?? LANGUAGES[primary].intl;
    } catch {
      intl = LANGUAGES[primary].intl;
    }
    return { tag: intl, catalogue: primary, intl, pseudo: false, warning: null };
  }
  return {
    tag: "en",
    catalogue: "en",
    intl: LANGUAGES.en.intl,
    pseudo: false,
    warning: `${setting}=${tag}: bantin has no catalogue for this language, so its words are in English (supported: ${supportedLanguages()}).`,
  };
}
