// Every catalogue says the same things: the same keys, the same placeholders with the same kinds,
// the same rich-text tags, and a plural form for every plural category of its language.
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../src/i18n/catalogues/index.ts";
import { message, resolveLanguage } from "../../src/i18n/index.ts";
import { translatorFor } from "../../src/i18n/translator.ts";

/** "name:kind" for every placeholder and "<tag>" for every tag of a parsed message, sorted. */
function signature(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument) into.add(`${el.value}:text`);
    else if (el.type === TYPE.number || el.type === TYPE.plural) into.add(`${el.value}:number`);
    else if (el.type === TYPE.select) into.add(`${el.value}:select`);
    else if (el.type === TYPE.date || el.type === TYPE.time) into.add(`${el.value}:date`);
    else if (el.type === TYPE.tag) {
      into.add(`<${el.value}>`);
      signature(el.children, into);
    }
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) signature(option.value, into);
    }
  }
  return into;
}

/** The plural arguments of a parsed message with the forms each one gives. */
function plurals(elements: MessageFormatElement[], into: Array<{ name: string; forms: string[] }> = []) {
  for (const el of elements) {
    if (el.type === TYPE.plural) into.push({ name: el.value, forms: Object.keys(el.options) });
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) plurals(option.value, into);
    }
    if (el.type === TYPE.tag) plurals(el.children, into);
  }
  return into;
}

const [source, ...others] = Object.entries(LANGUAGES);

describe("catalogues", () => {
  it("start from the Vietnamese catalogue and hold at least one message", () => {
    expect(source?.[0]).toBe("vi");
    expect(Object.keys(source?.[1].messages ?? {}).length).toBeGreaterThan(1);
  });

  for (const [language, { messages }] of others) {
    it(`${language} has exactly the keys of vi`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(source?.[1].messages ?? {}).sort());
    });

    it(`${language} has the placeholders and tags of vi in every message`, () => {
      const differences: string[] = [];
      for (const [key, text] of Object.entries(source?.[1].messages ?? {})) {
        const theirs = (messages as Record<string, string>)[key] ?? "";
        const want = [...signature(parse(text))].sort().join(" ");
        const got = [...signature(parse(theirs))].sort().join(" ");
        if (want !== got) differences.push(`${key}: vi has [${want}], ${language} has [${got}]`);
      }
      expect(differences).toEqual([]);
    });
  }

  for (const [language, { intl, messages }] of Object.entries(LANGUAGES)) {
    it(`${language} gives every plural a form for each plural category of ${intl}`, () => {
      const categories = new Intl.PluralRules(intl).resolvedOptions().pluralCategories;
      const missing: string[] = [];
      for (const [key, text] of Object.entries(messages)) {
        for (const { name, forms } of plurals(parse(text))) {
          const lacking = categories.filter((c) => !forms.includes(c));
          if (lacking.length > 0) missing.push(`${key} {${name}} lacks ${lacking.join(", ")}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it(`${language} holds only valid ICU MessageFormat`, () => {
      const invalid: string[] = [];
      for (const [key, text] of Object.entries(messages)) {
        try {
          parse(text);
        } catch (error) {
          invalid.push(`${key}: ${(error as Error).message}`);
        }
      }
      expect(invalid).toEqual([]);
    });
  }
});

describe("typed message keys", () => {
  const t = translatorFor(resolveLanguage("en", "SITE_LANGUAGE"), "UTC");

  it("accepts a known key and rejects an unknown one at typecheck time", () => {
    const ok = message("common.footer.topics");
    // @ts-expect-error: not a key of the catalogues.
    const unknown = () => message("common.footer.nothing");
    expect(ok.key).toBe("common.footer.topics");
    expect(typeof unknown).toBe("function");
  });

  it("requires each placeholder's value, of its kind, at typecheck time", () => {
    expect(t.t("common.dateTime", { time: "08:05", date: "Tuesday, 13 July 2021" })).toBe(
      "08:05, Tuesday, 13 July 2021",
    );
    // @ts-expect-error: the date is missing.
    expect(() => t.t("common.dateTime", { time: "08:05" })).toThrow(/date/);
    // @ts-expect-error: a message without placeholders takes no values.
    expect(t.t("common.footer.topics", { time: "x" })).toBe("Topics");
  });
});
