// Topics are this site's feed URLs, however a subscriber spells them: one canonical spelling is
// stored and matched, so `HTTP://host/x/../atom.xml` and `http://host/%61tom.xml` are one topic. Pure.
import { parseFeedPath } from "../feeds/documents.ts";

/** Longest hub.topic accepted, as for callbacks (browsers and servers agree on about 2,000 characters). */
export const MAX_TOPIC_LENGTH = 2000;

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * RFC 3986 §6.2.2.1–2: a percent-encoded unreserved character is the character itself, and the
 * hexadecimal digits of the other triplets are upper case.
 */
export function normalisePercentEncoding(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** A host name without the dots a fully qualified name may end with (`bantin.example.`). */
const withoutFinalDots = (host: string) => host.replace(/\.+$/, "");

export interface Topic {
  /** The feed's own URL (its rel="self"): what is stored and matched. */
  url: string;
  /** Its path below SITE_URL, as parseFeedPath reads it. */
  path: string;
}

/**
 * The canonical form of a topic URL when it names one of this site's feed paths, or null. The WHATWG
 * parser lower-cases scheme and host, reads `127.1` and `0x7f000001` as 127.0.0.1, drops default and
 * empty ports, reads `:08841` as 8841 and removes dot segments (`%2e` ones too); the rest of RFC 3986
 * §6.2.2 is done here: unreserved characters decoded, a host's final dot dropped.
 */
export function canonicalTopic(siteUrl: string, raw: string): Topic | null {
  if (raw.length > MAX_TOPIC_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const site = new URL(siteUrl);
  if (
    url.protocol !== site.protocol ||
    withoutFinalDots(url.hostname) !== withoutFinalDots(site.hostname) ||
    url.port !== site.port ||
    url.username !== "" ||
    url.password !== "" ||
    url.search !== "" ||
    url.hash !== ""
  ) {
    return null;
  }
  const pathname = normalisePercentEncoding(url.pathname);
  const prefix = normalisePercentEncoding(site.pathname).replace(/\/$/, "");
  if (!pathname.startsWith(`${prefix}/`)) return null;
  const path = pathname.slice(prefix.length);
  if (!parseFeedPath(path)) return null;
  return { url: `${siteUrl.replace(/\/$/, "")}${path}`, path };
}
