// Who is asking, for rate limits. Pure.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail allowed), or null. */
function ipv6Groups(text: string): number[] | null {
  let s = text.toLowerCase().replace(/%.*$/, "");
  const lastColon = s.lastIndexOf(":");
  const v4 = s.slice(lastColon + 1);
  if (v4.includes(".")) {
    if (!IPV4.test(v4)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (![...head, ...tail].every((g) => HEXTET.test(g))) return null;
  const given = head.length + tail.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return null;
  const zeros = new Array<string>(8 - given).fill("0");
  return [...head, ...zeros, ...tail].map((g) => Number.parseInt(g, 16));
}

/**
 * The rate-limit bucket of a client address (CF-Connecting-IP): an IPv4 address on its own, an IPv6
 * address by its /64 (one subscriber line or host gets a whole /64, so single addresses cost nothing
 * to change), an IPv4-mapped IPv6 address as the IPv4 address. Without an address, one shared bucket.
 */
export function clientKey(address: string | undefined | null): string {
  const ip = (address ?? "").trim();
  if (IPV4.test(ip)) return `ip4:${ip}`;
  const groups = ipv6Groups(ip);
  if (!groups) return "unknown";
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups;
  if (
    g0 === 0 &&
    g1 === 0 &&
    g2 === 0 &&
    g3 === 0 &&
    g4 === 0 &&
    g5 === 0xffff &&
    g6 !== undefined &&
    g7 !== undefined
  ) {
    return `ip4:${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`;
  }
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}
