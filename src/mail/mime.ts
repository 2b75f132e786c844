// Internet Message Format for bantin's messages: RFC 5322 headers folded to 78 characters,
// RFC 2047 encoded-words of at most 75 characters (split between characters, never inside one),
// a multipart/alternative body of UTF-8 text and HTML in quoted-printable (RFC 2045), and
// RFC 6532 UTF-8 addresses when the relay speaks SMTPUTF8. Pure: the date comes in.
//
// bantin writes only this one shape of message, so it is built here rather than through a general
// MIME library: the ones that run in Workers wrote encoded-words inside quoted strings, unfolded
// 2,000-character subjects, obsolete zones and a needless multipart/mixed.

import { ZonedDate } from "../dates.ts";
import { toBase64 } from "../hash.ts";
import { isAscii } from "../text.ts";
import type { OutgoingMail } from "./mailer.ts";

const CRLF = "\r\n";
/** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters. */
const FOLD_AT = 78;
/** RFC 2047 §2: a line that carries an encoded-word is at most 76 characters. */
const ENCODED_LINE = 76;
const ENCODED_WORD_MAX = 75;
const WORD_PREFIX = "=?UTF-8?B?";
const WORD_SUFFIX = "?=";

const utf8 = new TextEncoder();

export interface MessageAddress {
  /** Display name (any Unicode); omitted when empty. */
  name?: string;
  /** The address: ASCII, or with a UTF-8 local part when the message goes out with SMTPUTF8. */
  email: string;
}

/**
 * Splits text into RFC 2047 B encoded-words, each whole characters of UTF-8 only, so that the first
 * fits in `firstRoom` characters and every other in `room`.
 */
export function encodedWords(text: string, firstRoom: number, room: number): string[] {
  const words: string[] = [];
  let chunk = "";
  let limit = Math.min(firstRoom, ENCODED_WORD_MAX);
  const encodedLength = (s: string) =>
    WORD_PREFIX.length + 4 * Math.ceil(utf8.encode(s).length / 3) + WORD_SUFFIX.length;
  for (const ch of text) {
    if (chunk !== "" && encodedLength(chunk + ch) > limit) {
      words.push(`${WORD_PREFIX}${toBase64(utf8.encode(chunk))}${WORD_SUFFIX}`);
      chunk = "";
      limit = Math.min(room, ENCODED_WORD_MAX);
    }
    chunk += ch;
  }
  if (chunk !== "" || words.length === 0) words.push(`${WORD_PREFIX}${toBase64(utf8.encode(chunk))}${WORD_SUFFIX}`);
  return words;
}

/**
 * A header field folded at whitespace so lines stay within 78 characters where a break is
 * possible (a single token longer than that, such as a URL, keeps its own line, within 998).
 */
export function foldHeader(name: string, value: string, limit = FOLD_AT): string {
  const tokens = value.split(" ");
  let line = `${name}:`;
  const lines: string[] = [];
  for (const token of tokens) {
    if (line.length + 1 + token.length > limit && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${token}`;
    } else {
      line += ` ${token}`;
    }
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** An unstructured header (Subject): plain and folded when ASCII, else encoded-words, one per line. */
export function unstructuredHeader(name: string, value: string): string {
  const clean = value.replace(/[\r\n\t]+/g, " ").trim();
  if (isAscii(clean)) return foldHeader(name, clean);
  const words = encodedWords(clean, ENCODED_LINE - name.length - 2, ENCODED_LINE - 1);
  return foldHeader(name, words.join(" "), ENCODED_LINE);
}

// RFC 5322 atext: a display name made only of these (and spaces) needs no quoting.
const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/;

/** A mailbox header (From, To, Reply-To): the name as a phrase (quoted or encoded-words, never both). */
export function addressHeader(name: string, address: MessageAddress): string {
  const display = (address.name ?? "").replace(/[\r\n\t]+/g, " ").trim();
  const angle = `<${address.email}>`;
  if (display === "") return `${name}: ${angle}`;
  if (isAscii(display)) {
    const phrase = ATEXT_PHRASE.test(display) ? display : `"${display.replace(/(["\\])/g, "\\$1")}"`;
    return foldHeader(name, `${phrase} ${angle}`);
  }
  const words = encodedWords(display, ENCODED_LINE - name.length - 2, ENCODED_LINE - 1);
  return foldHeader(name, `${words.join(" ")} ${angle}`, ENCODED_LINE);
}

/** The last date written: a digest's recipients share a second (and a zone) many at a time. */
let lastDate = { second: Number.NaN, offsetMinutes: 0, text: "" };

/** RFC 5322 §3.3 date-time with a numeric zone, e.g. "Tue, 13 Jul 2021 10:00:00 +0700". */
export function rfc5322Date(epochMs: number, offsetMinutes: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== lastDate.second || offsetMinutes !== lastDate.offsetMinutes) {
    lastDate = { second, offsetMinutes, text: new ZonedDate(epochMs, offsetMinutes).toUTCString() };
  }
  return lastDate.text;
}

/** A quoted-printable line's characters before its soft break's "=". */
const QP_LINE = 75;
/** Each byte's escape, "=XX". */
const QP_ESCAPES = Array.from({ length: 256 }, (_, b) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`);

/** Quoted-printable lines of one line of text (no line break in it), appended to `out`. */
function quotedPrintableLine(s: string, out: string[]): void {
  const n = s.length;
  let line = "";
  const byte = (b: number) => {
    // Keep room for the "=" of a soft break.
    if (line.length + 3 > QP_LINE) {
      out.push(`${line}=`);
      line = "";
    }
    line += QP_ESCAPES[b] ?? "";
  };
  for (let i = 0; i < n; ) {
    // A run written as itself: printable ASCII but "=", and spaces and tabs but a trailing one.
    let j = i;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (!((c >= 33 && c <= 126 && c !== 61) || ((c === 32 || c === 9) && j < n - 1))) break;
    }
    while (i < j) {
      if (line.length === QP_LINE) {
        out.push(`${line}=`);
        line = "";
      }
      const take = Math.min(QP_LINE - line.length, j - i);
      line += s.slice(i, i + take);
      i += take;
    }
    if (i === n) break;
    // One character escaped, byte by byte of its UTF-8 (a lone surrogate as U+FFFD, as TextEncoder writes it),
    // by hand: TextEncoder called on each run of escaped characters made the whole 2.4 times slower.
    let cp = s.charCodeAt(i++);
    if (cp >= 0xd800 && cp <= 0xdbff && i < n) {
      const low = s.charCodeAt(i);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) byte(cp);
    else if (cp < 0x800) {
      byte(0xc0 | (cp >> 6));
      byte(0x80 | (cp & 63));
    } else if (cp < 0x10000) {
      byte(0xe0 | (cp >> 12));
      byte(0x80 | ((cp >> 6) & 63));
      byte(0x80 | (cp & 63));
    } else {
      byte(0xf0 | (cp >> 18));
      byte(0x80 | ((cp >> 12) & 63));
      byte(0x80 | ((cp >> 6) & 63));
      byte(0x80 | (cp & 63));
    }
  }
  out.push(line);
}

/**
 * Quoted-printable (RFC 2045 §6.7) of UTF-8 text: line breaks become CRLF, lines at most 76
 * characters with soft breaks that never split an escape, trailing spaces encoded. Runs of
 * characters written as themselves are copied whole (a digest's email is encoded once per edition).
 */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const sourceLine of text.replace(/\r\n?/g, "\n").split("\n")) quotedPrintableLine(sourceLine, out);
  return out.join(CRLF);
}

/**
 * What is the same in every recipient's copy of a message, written once: the shared header lines,
 * and each body part quoted-printable-encoded around the places where a recipient's own value goes.
 */
export interface CompiledMessage {
  /** From, Reply-To, Subject, the shared extra headers, MIME-Version and Content-Type, folded. */
  head: string;
  /** The body, cut where the recipient's value goes; gaps alternate text then HTML values. */
  segments: string[];
  /** Whether each gap takes the text value (false) or the HTML-escaped one (true). */
  gapIsHtml: boolean[];
}

export interface SharedParts {
  from: MessageAddress;
  replyTo?: MessageAddress;
  subject: string;
  text: string;
  html: string;
  /** Shared extra headers, already valid ASCII values. */
  headers?: Record<string, string>;
  /** Where, in the text and the HTML, each recipient's own value goes (absent: nowhere). */
  placeholder?: string;
  /** Names the MIME boundary (any letters and digits). */
  boundaryId: string;
}

export interface OwnParts {
  to: MessageAddress;
  /** The recipient's value for the placeholder, as text and as HTML. */
  value?: { text: string; html: string };
  /** The recipient's own headers (List-Unsubscribe, say). */
  headers?: Record<string, string>;
  dateMs: number;
  offsetMinutes: number;
  uniqueId: string;
}

function headerLines(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {}).map(([k, v]) => foldHeader(k, v.replace(/[\r\n]+/g, " ")));
}

/** Writes once what every recipient's copy shares. */
export function compileMessage(m: SharedParts): CompiledMessage {
  // "=_" cannot occur in quoted-printable text, so the boundary never appears in a part.
  const b = `=_bantin_${m.boundaryId.replace(/[^A-Za-z0-9]/g, "")}`;
  const head = [
    addressHeader("From", m.from),
    ...(m.replyTo ? [addressHeader("Reply-To", m.replyTo)] : []),
    unstructuredHeader("Subject", m.subject),
    ...headerLines(m.headers),
    "MIME-Version: 1.0",
    foldHeader("Content-Type", `multipart/alternative; boundary="${b}"`),
  ].join(CRLF);
  const segments: string[] = [];
  const gapIsHtml: boolean[] = [];
  let pending = "";
  const part = (type: string, body: string, html: boolean) => {
    pending += `--${b}${CRLF}Content-Type: ${type}; charset=UTF-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}`;
    const pieces = m.placeholder ? body.split(m.placeholder) : [body];
    pieces.forEach((piece, i) => {
      pending += quotedPrintable(piece);
      if (i < pieces.length - 1) {
        // A soft line break on each side of the gap: the value is encoded on lines of its own.
        segments.push(`${pending}=${CRLF}`);
        gapIsHtml.push(html);
        pending = `=${CRLF}`;
      }
    });
    pending += CRLF;
  };
  part("text/plain", m.text, false);
  part("text/html", m.html, true);
  segments.push(`${pending}--${b}--${CRLF}`);
  return { head, segments, gapIsHtml };
}

/** The recipient's own header lines: To, Date, Message-ID and their extra headers. */
function ownHead(own: OwnParts, fromEmail: string): string {
  const domain = fromEmail.slice(fromEmail.lastIndexOf("@") + 1) || "localhost";
  return [
    addressHeader("To", own.to),
    `Date: ${rfc5322Date(own.dateMs, own.offsetMinutes)}`,
    `Message-ID: <${own.uniqueId}@${domain}>`,
    ...headerLines(own.headers),
  ].join(CRLF);
}

/** One recipient's whole message, CRLF line ends, ready for SMTP DATA (before dot-stuffing). */
export function messageFor(c: CompiledMessage, own: OwnParts, fromEmail: string): string {
  let body = c.segments[0] ?? "";
  if (c.segments.length > 1) {
    const text = quotedPrintable(own.value?.text ?? "");
    const html = quotedPrintable(own.value?.html ?? "");
    for (let i = 1; i < c.segments.length; i++) body += (c.gapIsHtml[i - 1] ? html : text) + c.segments[i];
  }
  return `${c.head}${CRLF}${ownHead(own, fromEmail)}${CRLF}${CRLF}${body}`;
}

/** A compiled message's shared parts as they go on the wire after DATA: dot-stuffed and encoded once. */
export interface WireMessage {
  compiled: CompiledMessage;
  /** The shared header lines with their line end, dot-stuffed and encoded once. */
  head: Uint8Array;
  /** The body segments, each dot-stuffed (each begins a line) and encoded as UTF-8 once. */
  segments: Uint8Array[];
  /** The size of the shared parts, the terminating line included. */
  sharedBytes: number;
}

const TERMINATOR = utf8.encode(".\r\n");
const EMPTY = new Uint8Array(0);

/** Dot-stuffing (RFC 5321 §4.5.2) of text that begins a line. */
export function dotStuff(text: string): string {
  return text.replace(/(^|\r\n)\./g, "$1..");
}

/** Bytes left free after each message's own (enough for MAIL, RCPT and DATA with the longest addresses). */
const ROOM_AFTER = 1024;

/** Encodes once what every recipient's copy shares, for wireBytesFor(). */
export function wireMessage(compiled: CompiledMessage): WireMessage {
  const head = utf8.encode(dotStuff(`${compiled.head}${CRLF}`));
  const segments = compiled.segments.map((s) => utf8.encode(dotStuff(s)));
  const sharedBytes = segments.reduce((n, s) => n + s.length, head.length + TERMINATOR.length);
  return { compiled, head, segments, sharedBytes };
}

/**
 * One recipient's whole message as SMTP DATA bytes: dot-stuffed, with the terminating line. The
 * same bytes as dot-stuffing messageFor()'s text, without encoding the shared body again: every
 * piece begins a line (the head, each body segment, each recipient value between soft breaks).
 * `take` gives the buffer to write them into, of at least the size asked (a connection's, used
 * again: smtp-client.ts bufferFor); without it, a new one.
 */
export function wireBytesFor(
  w: WireMessage,
  own: OwnParts,
  fromEmail: string,
  take: (bytes: number) => ArrayBuffer = (bytes) => new ArrayBuffer(bytes),
): Uint8Array {
  const c = w.compiled;
  // Only the recipient's own parts are written and encoded here; the rest was encoded once.
  const mine = utf8.encode(dotStuff(`${ownHead(own, fromEmail)}${CRLF}${CRLF}`));
  const gaps = c.segments.length > 1;
  const text = gaps ? utf8.encode(dotStuff(quotedPrintable(own.value?.text ?? ""))) : EMPTY;
  const html = gaps ? utf8.encode(dotStuff(quotedPrintable(own.value?.html ?? ""))) : EMPTY;
  let size = w.sharedBytes + mine.length;
  for (const isHtml of c.gapIsHtml) size += isHtml ? html.length : text.length;
  // Room after the message for the commands that follow it in the same write (smtp-client.ts):
  // they go there instead of into a copy of the whole message.
  const out = new Uint8Array(take(size + ROOM_AFTER), 0, size);
  out.set(w.head, 0);
  out.set(mine, w.head.length);
  let at = w.head.length + mine.length;
  for (let i = 0; i < w.segments.length; i++) {
    if (i > 0) {
      const gap = c.gapIsHtml[i - 1] ? html : text;
      out.set(gap, at);
      at += gap.length;
    }
    const segment = w.segments[i] ?? EMPTY;
    out.set(segment, at);
    at += segment.length;
  }
  out.set(TERMINATOR, at);
  return out;
}

/** What every recipient's copy of a mail (or a template) shares, written once. */
export function compileMail(mail: Omit<OutgoingMail, "to"> & { placeholder?: string }): CompiledMessage {
  return compileMessage({
    from: mail.from,
    replyTo: { email: mail.replyTo },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    placeholder: mail.placeholder,
    boundaryId: crypto.randomUUID(),
  });
}
