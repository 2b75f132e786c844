// Turns message keys into the words of one language, and dates, numbers and lists into its forms,
// in the site's time zone. Messages are compiled on first use and kept for the isolate's life.
import type { MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { type Catalogue, LANGUAGES, type MessageKey } from "./catalogues/index.ts";
import type { vi } from "./catalogues/vi.ts";
import type { ResolvedLanguage } from "./languages.ts";
import { pseudoElements, pseudoText } from "./pseudo.ts";
import type { MessageValues, RichValues, ValuesArg } from "./types.ts";

type Source = typeof vi;

/** A message to show later, as domain code returns it: a key and its values, words chosen by the view. */
export type Message = { [K in MessageKey]: { key: K; values: MessageValues<Source[K]> } }[MessageKey];

/** Builds a Message with its values checked against the key's placeholders. */
export function message<K extends MessageKey>(key: K, ...[values]: ValuesArg<MessageValues<Source[K]>>): Message {
  return { key, values: values ?? {} } as Message;
}

// The date forms bantin writes. Vietnamese keeps its numeric day and month ("Thứ Ba, 13/07/2021");
// other languages write the month's name ("Tuesday, 13 July 2021").
const LONG_DATE: Record<string, Intl.DateTimeFormatOptions> = {
  vi: { weekday: "long", day: "2-digit", month: "2-digit", year: "numeric" },
  other: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
};

export class Translator {
  /** The BCP 47 tag of these words, for `lang` attributes. */
  readonly tag: string;
  readonly timeZone: string;
  private readonly messages: Catalogue;
  private readonly intl: string;
  private readonly pseudo: boolean;
  private readonly compiled = new Map<MessageKey, IntlMessageFormat>();
  private readonly longDate: Intl.DateTimeFormat;
  private readonly shortDateFormat: Intl.DateTimeFormat;
  private readonly timeFormat: Intl.DateTimeFormat;
  private readonly numberFormat: Intl.NumberFormat;
  private readonly listFormat: Intl.ListFormat;

  constructor(language: ResolvedLanguage, timeZone: string) {
    this.tag = language.tag;
    this.timeZone = timeZone;
    this.messages = LANGUAGES[language.catalogue].messages;
    this.intl = language.intl;
    this.pseudo = language.pseudo;
    this.longDate = new Intl.DateTimeFormat(this.intl, {
      ...(LONG_DATE[language.catalogue] ?? LONG_DATE.other),
      timeZone,
    });
    this.shortDateFormat = new Intl.DateTimeFormat(this.intl, {
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      timeZone,
    });
    this.timeFormat = new Intl.DateTimeFormat(this.intl, { hour: "2-digit", minute: "2-digit", timeZone });
    this.numberFormat = new Intl.NumberFormat(this.intl);
    this.listFormat = new Intl.ListFormat(this.intl, { type: "conjunction" });
  }

  private format(key: MessageKey): IntlMessageFormat {
    let f = this.compiled.get(key);
    if (!f) {
      const source = this.messages[key];
      f = new IntlMessageFormat(source, this.intl, undefined, { ignoreTag: false });
      if (this.pseudo) f = new IntlMessageFormat(pseudoElements(f.getAst() as MessageFormatElement[]), this.intl);
      this.compiled.set(key, f);
    }
    return f;
  }

  /** The words of a message, its placeholders filled: `t("digest.subject", { number: 1 })`. */
  t<K extends MessageKey>(key: K, ...[values]: ValuesArg<MessageValues<Source[K]>>): string {
    const out = this.format(key).format(values as Record<string, string | number> | undefined);
    return typeof out === "string" ? out : (out as unknown[]).join("");
  }

  /**
   * A message whose tags wrap elements (`Nhận bài trong <reader>trình đọc tin</reader>`): each tag
   * is a function of its contents; the result is a list of strings and elements (JSX children).
   */
  rich<K extends MessageKey, Chunk>(key: K, values: RichValues<Source[K], Chunk>): Array<string | Chunk> {
    const out = this.format(key).format<Chunk>(
      values as Record<string, string | number | ((c: Array<string | Chunk>) => Chunk)>,
    );
    return Array.isArray(out) ? (out as Array<string | Chunk>) : [out as string | Chunk];
  }

  /** The words of a message a domain function returned. */
  message(m: Message): string {
    return this.format(m.key).format(m.values as Record<string, string | number>) as string;
  }

  private mark(text: string): string {
    return this.pseudo ? pseudoText(text) : text;
  }

  /** "Thứ Ba, 13/07/2021", "Tuesday, 13 July 2021": a day in the site's time zone. */
  date(epochMs: number): string {
    return this.mark(this.longDate.format(epochMs));
  }

  /** "13/07/2021": a day in figures, in the site's time zone. */
  shortDate(epochMs: number): string {
    return this.mark(this.shortDateFormat.format(epochMs));
  }

  /** "08:05" (or "8:05 AM" where the locale writes so), in the site's time zone. */
  time(epochMs: number): string {
    return this.mark(this.timeFormat.format(epochMs));
  }

  /** "10.000" in Vietnamese, "10,000" in English. */
  number(n: number): string {
    return this.mark(this.numberFormat.format(n));
  }

  /** "a, b và c", "a, b and c". */
  list(items: readonly string[]): string {
    return this.listFormat.format(items);
  }
}

const translators = new Map<string, Translator>();

/** The translator of a resolved language in a time zone, built once per isolate. */
export function translatorFor(language: ResolvedLanguage, timeZone: string): Translator {
  const id = `${language.tag}|${language.catalogue}|${language.pseudo}|${timeZone}`;
  let t = translators.get(id);
  if (!t) {
    t = new Translator(language, timeZone);
    translators.set(id, t);
  }
  return t;
}
