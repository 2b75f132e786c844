// What a reader chose to receive: topics (everything, or tags by slug) and frequency. Pure: the
// forms choices take in D1, in links, in CSV files and in the admin API, and the rules that combine them.
import { isValidSlug } from "../posts/slug.ts";
import { tagSlug } from "../posts/tags.ts";

export type Frequency = "weekly" | "each-post";
export const FREQUENCIES: readonly Frequency[] = ["weekly", "each-post"];

/** Everything (new tags included), or these tag slugs: sorted, unique, at least one. */
export type Topics = "all" | readonly string[];

export interface Choices {
  topics: Topics;
  frequency: Frequency;
}

/** A choice in readers' words: the names of its tags (or everything), and the frequency. */
export interface ChoiceWords {
  topics: readonly string[] | "all";
  frequency: Frequency;
}

/** Today's behaviour, and the choice of every reader stored before choices existed. */
export const DEFAULT_CHOICES: Choices = { topics: "all", frequency: "weekly" };

/** At most this many topics per reader (a request naming more is refused). */
export const MAX_TOPICS = 100;

export const isFrequency = (value: unknown): value is Frequency =>
  typeof value === "string" && (FREQUENCIES as readonly string[]).includes(value);

/** Slugs as stored: sorted, without repeats. */
export function topicList(slugs: Iterable<string>): string[] {
  return [...new Set(slugs)].sort();
}

/** The `topics` column: '*' or a JSON array of slugs. */
export function topicsColumn(topics: Topics): string {
  return topics === "all" ? "*" : JSON.stringify(topicList(topics));
}

/** Reads the `topics` column (anything unreadable counts as everything, as before choices existed). */
export function topicsFromColumn(column: string | null): Topics {
  if (!column || column === "*") return "all";
  try {
    const parsed: unknown = JSON.parse(column);
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((s) => typeof s === "string")) {
      return topicList(parsed as string[]);
    }
  } catch {
    // fall through
  }
  return "all";
}

/** The consent record's form of a choice (the `consent_choices` column, and the admin API's). */
export function choicesJson(choices: Choices): { topics: "*" | string[]; frequency: Frequency } {
  return { topics: choices.topics === "all" ? "*" : [...choices.topics], frequency: choices.frequency };
}

export function choicesFromJson(text: string | null): Choices | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { topics?: unknown; frequency?: unknown };
    if (!isFrequency(parsed.frequency)) return null;
    return {
      topics: parsed.topics === "*" ? "all" : topicsFromColumn(JSON.stringify(parsed.topics)),
      frequency: parsed.frequency,
    };
  } catch {
    return null;
  }
}

/**
 * A choice as a confirm link carries it (signed with the token): `weekly:*` or
 * `each-post:dan-van,lang-son`. ASCII only, so it survives any mail client.
 */
export function encodeChoices(choices: Choices): string {
  return `${choices.frequency}:${choices.topics === "all" ? "*" : topicList(choices.topics).join(",")}`;
}

/**
 * What a link or queued request carries for a choice: nothing for the defaults, so that links and
 * requests without a choice (all of them before choices existed) mean what they meant then.
 */
export function choiceText(choices: Choices): string | undefined {
  return sameChoices(choices, DEFAULT_CHOICES) ? undefined : encodeChoices(choices);
}

/** The choice a link or queued request carries (absent: the defaults); null when it is unreadable. */
export function choiceFrom(text: string | undefined): Choices | null {
  return text === undefined ? DEFAULT_CHOICES : decodeChoices(text);
}

export function decodeChoices(text: string): Choices | null {
  const colon = text.indexOf(":");
  const frequency = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (colon < 0 || !isFrequency(frequency)) return null;
  if (rest === "*") return { topics: "all", frequency };
  const slugs = rest.split(",");
  if (slugs.length > MAX_TOPICS || !slugs.every(isValidSlug)) return null;
  return { topics: topicList(slugs), frequency };
}

/** True when `inner` brings nothing `outer` does not already have. */
export function covers(outer: Choices, inner: Choices): boolean {
  if (outer.frequency !== inner.frequency) return false;
  if (outer.topics === "all") return true;
  if (inner.topics === "all") return false;
  return inner.topics.every((slug) => outer.topics.includes(slug));
}

/**
 * A confirmed reader's choices after confirming a request made from a subscribe form: the topics
 * asked for are added to theirs (everything stays everything; asking for everything gives
 * everything), and the frequency asked for replaces theirs (a reader has one frequency).
 */
export function addRequest(current: Choices, request: Choices): Choices {
  const topics =
    current.topics === "all" || request.topics === "all" ? "all" : topicList([...current.topics, ...request.topics]);
  return { topics, frequency: request.frequency };
}

export function sameChoices(a: Choices, b: Choices): boolean {
  return covers(a, b) && covers(b, a);
}

/** A CSV cell of topics: `*` for everything, else the slugs separated by ", ". */
export function topicsCell(topics: Topics): string {
  return topics === "all" ? "*" : topicList(topics).join(", ");
}

export type TopicsCell = { ok: true; topics: Topics } | { ok: false; unknown: string[] } | { ok: false; tooMany: true };

/**
 * Reads a CSV cell of topics: empty or `*` is everything; else tags separated by commas or
 * semicolons, each by its slug or its name ("Lạng Sơn" reads as lang-son), each one of `known`.
 */
export function readTopicsCell(cell: string, known: ReadonlySet<string>): TopicsCell {
  const text = cell.trim();
  if (text === "" || text === "*") return { ok: true, topics: "all" };
  const pieces = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const unknown = pieces.filter((p) => !known.has(tagSlug(p)));
  if (unknown.length > 0) return { ok: false, unknown };
  const topics = topicList(pieces.map(tagSlug));
  if (topics.length > MAX_TOPICS) return { ok: false, tooMany: true };
  return { ok: true, topics };
}

/** Reads a CSV cell of frequency: empty is the weekly digest. */
export function readFrequencyCell(cell: string): Frequency | null {
  const text = cell.trim().toLowerCase();
  if (text === "") return "weekly";
  return isFrequency(text) ? text : null;
}
