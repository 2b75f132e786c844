// A callback is a URL chosen by a stranger: before the hub fetches it, refuse what would reach inside
// the hub's own network. Workers cannot resolve names, so only what the URL itself says is judged:
// IP literals in private, loopback, link-local and other special ranges, and local-only names.
import ipaddr from "ipaddr.js";

/** Longest callback accepted (browsers and servers agree on about 2,000 characters). */
export const MAX_CALLBACK_LENGTH = 2000;

// Names that only mean something on a local network (RFC 6761, RFC 6762, RFC 8375, common use).
const LOCAL_SUFFIXES = [
  ".localhost",
  ".local",
  ".localdomain",
  ".internal",
  ".intranet",
  ".lan",
  ".home.arpa",
  ".corp",
  ".home",
  ".private",
];

/** Why a host is not a public internet address, or null when nothing says so. */
export function privateHostReason(hostname: string): string | null {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (ipaddr.isValid(host) && (host.includes(":") || /^[0-9.]+$/.test(host))) {
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
    const range = ipaddr.process(host).range();
    return range === "unicast" ? null : `its address ${host} is not a public internet address (${range})`;
  }
  if (host === "localhost" || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) {
    return `${host} names a local host, not one on the public internet`;
  }
  if (!host.includes(".")) return `${host} is a single-label name, which only a local network resolves`;
  return null;
}

export type CallbackCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Checks a callback URL: absolute http(s), no credentials, and (unless allowed) no private address. */
export function checkCallback(raw: string, allowPrivate: boolean): CallbackCheck {
  if (raw.length > MAX_CALLBACK_LENGTH) {
    return { ok: false, reason: `hub.callback must be at most ${MAX_CALLBACK_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "hub.callback must be an absolute URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `hub.callback must be an http or https URL, not ${url.protocol}` };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, reason: "hub.callback must not carry a user name or password" };
  }
  if (!allowPrivate) {
    const reason = privateHostReason(url.hostname);
    if (reason) return { ok: false, reason: `hub.callback is refused: ${reason}` };
  }
  return { ok: true, url };
}
