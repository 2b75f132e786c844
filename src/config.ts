import { type ResolvedLanguage, resolveLanguage } from "./i18n/languages.ts";

/** Site settings read from the Worker's environment, validated once per isolate. */
export interface SiteConfig {
  /** Absolute origin and path prefix of the public site, without a trailing slash. */
  siteUrl: string;
  title: string;
  description: string;
  /** SITE_LANGUAGE as set: the language of posts that name none, and of the feeds. */
  language: string;
  /** The catalogue and locale of every word readers see (SITE_LANGUAGE, or the nearest supported). */
  siteLanguage: ResolvedLanguage;
  /** The catalogue and locale of the console (CONSOLE_LANGUAGE, the site's by default). */
  consoleLanguage: ResolvedLanguage;
  /** One line per language setting that named a language without a catalogue. */
  warnings: string[];
  timeZone: string;
  /** Sender of every email: display name and address. */
  mailFrom: { name: string; address: string };
  /** Where replies go (and the contact line of every email). */
  replyTo: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`bantin is misconfigured:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

type RawConfig = Partial<
  Record<
    | "SITE_URL"
    | "SITE_TITLE"
    | "SITE_DESCRIPTION"
    | "SITE_LANGUAGE"
    | "CONSOLE_LANGUAGE"
    | "SITE_TIMEZONE"
    | "MAIL_FROM"
    | "MAIL_REPLY_TO",
    unknown
  >
>;

// Deliberately plain: an address a person would type, without quotes, comments or CR/LF.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** Reads "Display Name <address>" or a bare address; null when it is neither. */
export function parseMailbox(value: string): { name: string; address: string } | null {
  const m = /^\s*(?:"?([^"<>\r\n]*?)"?\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(value);
  const address = m?.[2] ?? m?.[3];
  if (!address || !ADDRESS.test(address)) return null;
  return { name: (m?.[1] ?? "").trim(), address };
}

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** SITE_TIMEZONE when unset: the seed's province. */
export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

/** Time zones found valid in this isolate: asking Intl costs a tenth of a millisecond or more each time. */
const VALID_ZONES = new Set<string>();

export function isValidTimeZone(tz: string): boolean {
  if (VALID_ZONES.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    return false;
  }
  VALID_ZONES.add(tz);
  return true;
}

/** Validates raw settings and says, for each bad one, what to set instead. Dependency-free: `npm start` runs it too. */
export function parseConfig(raw: RawConfig): SiteConfig {
  const problems: string[] = [];
  const text = (key: keyof RawConfig, fallback?: string): string => {
    const value = raw[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim().normalize("NFC");
    if (fallback !== undefined) return fallback;
    problems.push(`${key} is not set: set it in wrangler.toml [vars] or in the environment of \`npm start\`.`);
    return "";
  };

  let siteUrl = text("SITE_URL");
  if (siteUrl !== "") {
    let parsed: URL | undefined;
    try {
      parsed = new URL(siteUrl);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      problems.push(
        `SITE_URL must be an absolute http(s) URL such as https://news.example.org, got ${JSON.stringify(siteUrl)}.`,
      );
    } else if (parsed.search !== "" || parsed.hash !== "") {
      problems.push(`SITE_URL must not have a query or fragment, got ${JSON.stringify(siteUrl)}.`);
    } else {
      siteUrl = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
    }
  }

  const language = text("SITE_LANGUAGE", "vi");
  if (!LANGUAGE_TAG.test(language)) {
    problems.push(`SITE_LANGUAGE must be a language tag such as "vi" or "en", got ${JSON.stringify(language)}.`);
  }
  const consoleSetting = text("CONSOLE_LANGUAGE", language);
  if (!LANGUAGE_TAG.test(consoleSetting)) {
    problems.push(
      `CONSOLE_LANGUAGE must be a language tag such as "vi" or "en", got ${JSON.stringify(consoleSetting)}.`,
    );
  }
  const siteLanguage = resolveLanguage(language, "SITE_LANGUAGE");
  const consoleLanguage = raw.CONSOLE_LANGUAGE
    ? resolveLanguage(consoleSetting, "CONSOLE_LANGUAGE")
    : { ...siteLanguage, warning: null };
  const warnings = [siteLanguage.warning, consoleLanguage.warning].filter((w): w is string => w !== null);
  const timeZone = text("SITE_TIMEZONE", DEFAULT_TIME_ZONE);
  if (!isValidTimeZone(timeZone)) {
    problems.push(
      `SITE_TIMEZONE must be an IANA time zone such as "Asia/Ho_Chi_Minh", got ${JSON.stringify(timeZone)}.`,
    );
  }
  const title = text("SITE_TITLE");
  const description = text("SITE_DESCRIPTION", "");
  const fromRaw = text("MAIL_FROM", `${title} <bantin@localhost>`);
  const mailFrom = parseMailbox(fromRaw);
  if (!mailFrom) {
    problems.push(
      `MAIL_FROM must be an address such as "Bản tin <ban-tin@example.org>", got ${JSON.stringify(fromRaw)}.`,
    );
  }
  const replyToRaw = text("MAIL_REPLY_TO", mailFrom?.address ?? "");
  const replyTo = parseMailbox(replyToRaw);
  if (mailFrom && !replyTo) {
    problems.push(`MAIL_REPLY_TO must be an e-mail address, got ${JSON.stringify(replyToRaw)}.`);
  }

  if (problems.length > 0 || !mailFrom || !replyTo) throw new ConfigError(problems);
  return {
    siteUrl,
    title,
    description,
    language,
    siteLanguage,
    consoleLanguage,
    warnings,
    timeZone,
    mailFrom: { name: mailFrom.name || title, address: mailFrom.address },
    replyTo: replyTo.address,
  };
}

/** Joins a site-relative path onto SITE_URL. */
export function absoluteUrl(config: SiteConfig, path: string): string {
  return `${config.siteUrl}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * The shortest ADMIN_TOKEN bantin accepts: with five wrong tries per client every ten minutes, a
 * random token of 32 characters cannot be guessed, and a short one is likely a word.
 */
export const ADMIN_TOKEN_MIN_LENGTH = 32;

/** What is wrong with an ADMIN_TOKEN (unset, or too short), or null. Dependency-free: `npm start` runs it too. */
export function adminTokenProblem(token: unknown): string | null {
  if (typeof token !== "string" || token === "") return "ADMIN_TOKEN is not set";
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
    return `ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters long (this one has ${token.length})`;
  }
  return null;
}
