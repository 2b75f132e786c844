// Dates as machines read them: instants carried with the UTC offset the editor wrote, ISO 8601,
// RFC 822 and HTTP-dates. Dates as readers see them are the translator's (src/i18n). Pure: no clock
// is read here.

const OFFSET_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The years a post's dates may fall in. Before 1900 and after 2099 are typing mistakes for a
 * newsletter (and years below 100 or above 9999 would not survive JavaScript dates and HTTP-dates);
 * documents from the twentieth century (e.g. Hồ Chí Minh's "Dân vận", 1949) can still be republished.
 */
export const YEAR_RANGE = { from: 1900, to: 2099 } as const;

/** Parses an ISO 8601 date-time that states its offset; returns null for anything else. */
export function parseOffsetDateTime(value: string): { epochMs: number; offsetMinutes: number } | null {
  const m = OFFSET_DATE.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? "0"));
  const zone = m[7] ?? "Z";
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined) return null;
  if (y < YEAR_RANGE.from || y > YEAR_RANGE.to || h > 23 || mi > 59 || (s ?? 0) > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s ?? 0);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  const offsetHours = zone === "Z" ? 0 : Number(zone.slice(1, 3));
  const offsetMins = zone === "Z" ? 0 : Number(zone.slice(4, 6));
  if (offsetMins > 59) return null;
  const offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (offsetHours * 60 + offsetMins);
  if (Math.abs(offsetMinutes) > 14 * 60) return null;
  return { epochMs: local - offsetMinutes * 60_000, offsetMinutes };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/**
 * A Date that prints itself with a fixed UTC offset: `toISOString()` gives
 * 2021-07-13T10:00:00+07:00 and `toUTCString()` gives the RFC 822 form
 * Tue, 13 Jul 2021 10:00:00 +0700. The feed library formats dates through these two methods.
 */
export class ZonedDate extends Date {
  constructor(
    epochMs: number,
    readonly offsetMinutes: number,
  ) {
    super(epochMs);
  }

  static fromOffsetString(value: string): ZonedDate {
    const parsed = parseOffsetDateTime(value);
    if (!parsed) throw new RangeError(`not an ISO 8601 date-time with offset: ${value}`);
    return new ZonedDate(parsed.epochMs, parsed.offsetMinutes);
  }

  private shifted(): Date {
    return new Date(this.getTime() + this.offsetMinutes * 60_000);
  }

  private zone(separator: string): string {
    const sign = this.offsetMinutes < 0 ? "-" : "+";
    const abs = Math.abs(this.offsetMinutes);
    return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
  }

  override toISOString(): string {
    const l = this.shifted();
    return (
      `${pad(l.getUTCFullYear(), 4)}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}` +
      `T${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}${this.zone(":")}`
    );
  }

  override toJSON(): string {
    return this.toISOString();
  }

  override toUTCString(): string {
    // RFC 822 section 5 with a numeric zone; the weekday and month names are English by the standard.
    const l = this.shifted();
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return (
      `${days[l.getUTCDay()]}, ${pad(l.getUTCDate())} ${months[l.getUTCMonth()]} ${l.getUTCFullYear()} ` +
      `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())} ${this.zone("")}`
    );
  }
}

// Building an Intl.DateTimeFormat is costly next to using one.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, f);
  }
  return f;
}

/** An RFC 9110 HTTP-date (always GMT), for Last-Modified. */
export function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** The UTC offset, in minutes, that a time zone has at an instant. */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const name =
    offsetFormatter(timeZone)
      .formatToParts(new Date(epochMs))
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * Builds the time zone's formatter now, while the isolate starts, and reads an offset with it as
 * offsetMinutesAt does (formatToParts): the first one an isolate builds costs 1.5 to 2 ms of CPU
 * (Intl's data for the zone), which Cloudflare counts in the startup time (up to 1 s, on every plan)
 * rather than in the first invocation's CPU. Throws RangeError for a zone Intl does not know.
 */
export function warmTimeZone(timeZone: string): void {
  offsetMinutesAt(0, timeZone);
}

/** An instant as ISO 8601 with the offset of the given time zone. */
export function zonedIso(epochMs: number, timeZone: string): string {
  return new ZonedDate(epochMs, offsetMinutesAt(epochMs, timeZone)).toISOString();
}
