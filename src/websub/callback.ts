// A callback is a URL chosen by a stranger: before the hub fetches it, refuse what would reach inside
// the hub's own network. Workers cannot resolve names, so only what the URL itself says is judged:
// IP literals in private, loopback, link-local and other special ranges, and names that no public
// DNS answers for.
import ipaddr from "ipaddr.js";

/** Longest callback accepted (browsers and servers agree on about 2,000 characters). */
export const MAX_CALLBACK_LENGTH = 2000;

// Names that only mean something on a local network (RFC 6762, RFC 8375, ICANN's .internal, common use).
const LOCAL_SUFFIXES = [
  ".localhost",
  ".local",
  ".localdomain",
  ".internal",
  ".intranet",
  ".lan",
  ".corp",
  ".home",
  ".private",
];

// Special-use names that no public DNS answers for, whatever a private resolver may do with them:
// RFC 6761 (.test, .invalid, .example), RFC 7686 (.onion), RFC 9476 (.alt), and .arpa, the
// infrastructure domain (home.arpa, in-addr.arpa, ip6.arpa).
const SPECIAL_USE_SUFFIXES = [".test", ".invalid", ".example", ".onion", ".alt", ".arpa"];

/** Global unicast (RFC 4291 §2.4): any other IPv6 address is not a public internet host. */
const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

/** Why an IP address is not a public internet address, or null when it is one. */
function addressReason(host: string): string | null {
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const address = ipaddr.process(host);
  const range = address.range();
  if (range !== "unicast") return `its address ${host} is not a public internet address (${range})`;
  // ipaddr.js calls everything it has no name for "unicast", the deprecated IPv4-compatible ::/96
  // ([::10.0.0.1], [::7f00:1]) included: only 2000::/3 is public.
  if (address.kind() === "ipv6" && !address.match(GLOBAL_UNICAST)) {
    return `its address ${host} is not a public internet address (not global unicast${host.startsWith("::") ? "; ::/96 carries an IPv4 address the old, deprecated way" : ""})`;
  }
  return null;
}

/** Why a host is not a public internet address, or null when nothing says so. */
export function privateHostReason(hostname: string): string | null {
  // A name may end with one dot (fully qualified); `localhost..` is judged as localhost.
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.+$/, "")
    .toLowerCase();
  if (ipaddr.isValid(host) && (host.includes(":") || /^[0-9.]+$/.test(host))) return addressReason(host);
  if (host === "localhost" || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) {
    return `${host} names a local host, not one on the public internet`;
  }
  const special = SPECIAL_USE_SUFFIXES.find((s) => host.endsWith(s));
  if (special) return `${host} is under ${special}, a special-use name no public DNS answers for`;
  if (!host.includes(".")) return `${host} is a single-label name, which only a local network resolves`;
  if (host.split(".").includes("")) return `${host} has an empty label, which no DNS name has`;
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

/** The host name a callback is counted under for the cap per callback host (lower case, no final dot). */
export function callbackHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.+$/, "");
}

/** The origin of a callback URL (scheme, host, port), or the URL itself when it cannot be parsed. */
export function callbackOrigin(callback: string): string {
  try {
    return new URL(callback).origin;
  } catch {
    return callback;
  }
}
