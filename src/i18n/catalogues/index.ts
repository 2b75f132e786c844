// The languages bantin speaks: one catalogue file each, and one line here. `intl` is the locale
// that dates, numbers and lists are written in when the setting names the bare language ("en"):
// English dates then read "Tuesday, 13 July 2021"; SITE_LANGUAGE=en-US gives "Tuesday, July 13, 2021".
import { en } from "./en.ts";
import { type MessageKey, vi } from "./vi.ts";

/** A catalogue: one message for every key of the Vietnamese source catalogue, no more. */
export type Catalogue = { readonly [K in MessageKey]: string };

export const LANGUAGES = {
  vi: { name: "Tiếng Việt", intl: "vi", messages: vi },
  en: { name: "English", intl: "en-GB", messages: en },
} as const satisfies Record<string, { name: string; intl: string; messages: Catalogue }>;

export type Language = keyof typeof LANGUAGES;
export type { MessageKey };
