// What an uploaded file is, decided from its bytes alone (never its name or the client's type), and
// whether it is worth decoding: an allowed type, a size in pixels that fits, no obvious truncation.
// Pure: nothing here decodes pixels, so a file that declares 60,000 × 60,000 pixels costs a few reads.
import { imageDimensionsFromData } from "image-dimensions";
import { type Message, message } from "../i18n/index.ts";

/** The types a photo may be stored as. */
export const MEDIA_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** The file name extension of each type, in its URL. */
export const EXTENSIONS: Readonly<Record<MediaType, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/avif": "avif",
  "image/gif": "gif",
};

const MB = 1024 * 1024;

/** What one upload may be. */
export const MEDIA_LIMITS = {
  /** Bytes per file. */
  bytes: 20 * MB,
  /** Pixels per image, as the file declares them: a 100 kB file can declare 60,000 × 60,000. */
  pixels: 50_000_000,
  /** Files per request. */
  files: 4,
  /**
   * Bytes per request, all its files together: one file at the limit (or several smaller ones). A
   * Worker has 128 MB of memory, and a request is held whole while its files are checked (none is
   * stored unless all are good): the form, each file's bytes and its re-encoded copy stay well
   * under it.
   */
  requestBytes: 20 * MB + 64 * 1024,
} as const;

export type Sniffed =
  | { ok: true; type: MediaType; width: number; height: number }
  | {
      ok: false;
      reason: "empty" | "too-large" | "unsupported" | "too-many-pixels" | "truncated";
      /** In English, for the admin API. */
      message: string;
      /** The same in the console's words. */
      console: Message;
    };

const BY_NAME: Readonly<Record<string, MediaType>> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
};

const ACCEPTED = "JPEG, PNG, WebP, AVIF or GIF";

/** The type, declared size and plausibility of an uploaded file, or why it is refused (in English). */
export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.byteLength === 0) {
    return {
      ok: false,
      reason: "empty",
      message: "The file is empty.",
      console: message("console-media.refused.empty"),
    };
  }
  if (bytes.byteLength > MEDIA_LIMITS.bytes) {
    return {
      ok: false,
      reason: "too-large",
      message: `The file is ${bytes.byteLength} bytes: at most ${MEDIA_LIMITS.bytes} bytes (${MEDIA_LIMITS.bytes / MB} MB) are accepted.`,
      console: message("console-media.refused.tooLarge", {
        size: Math.ceil((bytes.byteLength / MB) * 10) / 10,
        max: MEDIA_LIMITS.bytes / MB,
      }),
    };
  }
  let found: ReturnType<typeof imageDimensionsFromData>;
  try {
    found = imageDimensionsFromData(bytes);
  } catch {
    found = undefined;
  }
  if (found?.type === "heic") {
    return {
      ok: false,
      reason: "unsupported",
      message: `HEIC/HEIF photos are not accepted: export the photo as JPEG (on an iPhone, Settings → Camera → Formats → Most Compatible). Send ${ACCEPTED}.`,
      console: message("console-media.refused.heic"),
    };
  }
  const type = found ? BY_NAME[found.type] : undefined;
  if (!found || !type) {
    const unknown = describeUnknown(bytes);
    return {
      ok: false,
      reason: "unsupported",
      message: `${unknown.message} Send ${ACCEPTED}.`,
      console: message(unknown.console),
    };
  }
  const { width, height } = found;
  if (!(width > 0 && height > 0)) {
    return {
      ok: false,
      reason: "truncated",
      message: "The image declares no size: the file is damaged.",
      console: message("console-media.refused.noSize"),
    };
  }
  if (width * height > MEDIA_LIMITS.pixels) {
    return {
      ok: false,
      reason: "too-many-pixels",
      message: `The image declares ${width} × ${height} pixels: at most ${MEDIA_LIMITS.pixels / 1_000_000} megapixels are accepted.`,
      console: message("console-media.refused.tooManyPixels", {
        width,
        height,
        max: MEDIA_LIMITS.pixels / 1_000_000,
      }),
    };
  }
  if (!complete(type, bytes)) {
    return {
      ok: false,
      reason: "truncated",
      message: "The file ends too early (it was cut off while being copied or uploaded): send the whole file.",
      console: message("console-media.refused.truncated"),
    };
  }
  return { ok: true, type, width, height };
}

type UnknownKey = "console-media.refused.svg" | "console-media.refused.text" | "console-media.refused.unsupported";

/** What an unknown file looks like, for the message: SVG and HTML said by name (they can carry script). */
function describeUnknown(bytes: Uint8Array): { message: string; console: UnknownKey } {
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (head.startsWith("<") && head.includes("<svg")) {
    return {
      message: "SVG images are not accepted (an SVG file can carry script).",
      console: "console-media.refused.svg",
    };
  }
  if (head.startsWith("<")) {
    return { message: "This file is text (HTML or XML), not an image.", console: "console-media.refused.text" };
  }
  return { message: "This file is not an image of an accepted type.", console: "console-media.refused.unsupported" };
}

/** Cheap structural checks for a file cut short; the decode that follows catches the rest. */
function complete(type: MediaType, b: Uint8Array): boolean {
  const n = b.byteLength;
  switch (type) {
    case "image/jpeg": {
      // Ends with EOI (FF D9); some writers pad after it with zero bytes.
      let end = n;
      while (end > 2 && b[end - 1] === 0) end--;
      return b[end - 2] === 0xff && b[end - 1] === 0xd9;
    }
    case "image/png":
      // The IEND chunk: its type and CRC, the last 8 bytes of the file (anything after it is ignored).
      return lastIndexOf(b, PNG_IEND) >= 0;
    case "image/webp": {
      // RIFF: the size at offset 4 counts the bytes after the first 8.
      if (n < 12) return false;
      const size = new DataView(b.buffer, b.byteOffset, n).getUint32(4, true);
      return n >= size + 8;
    }
    case "image/gif": {
      // The trailer byte 0x3B.
      let end = n;
      while (end > 1 && b[end - 1] === 0) end--;
      return b[end - 1] === 0x3b;
    }
    case "image/avif":
      return boxesFit(b);
  }
}

/** "IEND" and the CRC of an empty IEND chunk. */
const PNG_IEND = new Uint8Array([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

function lastIndexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = hay.byteLength - needle.byteLength; i >= 0; i--) {
    for (let j = 0; j < needle.byteLength; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** ISO BMFF (AVIF): every top-level box lies whole within the file. */
function boxesFit(b: Uint8Array): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = b.byteLength;
  let at = 0;
  while (at < n) {
    if (at + 8 > n) return false;
    let size = view.getUint32(at);
    if (size === 1) {
      if (at + 16 > n) return false;
      size = Number(view.getBigUint64(at + 8));
    } else if (size === 0) return true; // the last box, to the end of the file
    if (size < 8 || at + size > n) return false;
    at += size;
  }
  return true;
}
