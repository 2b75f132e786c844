// Words in the reader's and the editor's language: one catalogue per language (./catalogues/),
// ICU MessageFormat through intl-messageformat, dates, numbers, plurals and lists through Intl.
import type { SiteConfig } from "../config.ts";
import { resolveLanguage } from "./languages.ts";
import { type Translator, translatorFor } from "./translator.ts";

export type { Language, MessageKey } from "./catalogues/index.ts";
export { PSEUDO_LANGUAGE, type ResolvedLanguage, resolveLanguage } from "./languages.ts";
export { type Message, message, Translator } from "./translator.ts";

/** The words readers see: pages, forms, emails, feeds' own titles (SITE_LANGUAGE). */
export const siteText = (config: SiteConfig): Translator => translatorFor(config.siteLanguage, config.timeZone);

/** The words of the console (CONSOLE_LANGUAGE, the site's by default). */
export const consoleText = (config: SiteConfig): Translator => translatorFor(config.consoleLanguage, config.timeZone);

/** The words of the JSON admin API: English whatever the settings, since scripts and their authors read them. */
export const apiText = (config: SiteConfig): Translator =>
  translatorFor(resolveLanguage("en", "admin API"), config.timeZone);
