// From an upload to the bytes bantin stores, and from a stored original to a resized variant.
//
// With the Images binding the stored original is the upload decoded and encoded again in its own
// type: that applies the EXIF orientation, leaves every piece of metadata behind, and is the full
// decode check (a file damaged anywhere is refused whole). Without it (deployed without the
// binding) only JPEG is taken, its metadata removed byte by byte (jpeg.ts), and no variant is made.
import { imageDimensionsFromData } from "image-dimensions";
import { type Message, message } from "../i18n/index.ts";
import { stripJpeg } from "./jpeg.ts";
import { type MediaType, type Sniffed, sniff } from "./sniff.ts";

export interface Processed {
  ok: true;
  bytes: Uint8Array;
  type: MediaType;
  /** As the picture is shown (upright). */
  width: number;
  height: number;
}

export interface Refused {
  ok: false;
  status: 400 | 413 | 415 | 422 | 503;
  /** In English, for the admin API. */
  message: string;
  /** The same in the console's words. */
  console: Message;
}

const STATUS: Readonly<Record<Exclude<Sniffed, { ok: true }>["reason"], Refused["status"]>> = {
  empty: 400,
  "too-large": 413,
  unsupported: 415,
  "too-many-pixels": 422,
  truncated: 422,
};

const UNREADABLE = {
  ok: false,
  status: 422,
  message:
    "This file could not be read as an image: it is damaged or incomplete. Open it in a photo editor and save it again as JPEG or PNG.",
  console: message("console-media.refused.unreadable"),
} as const satisfies Refused;

/** Quality of a stored original encoded again (JPEG, WebP, AVIF): close to the upload. */
const ORIGINAL_QUALITY = 90;

const streamOf = (bytes: Uint8Array): ReadableStream<Uint8Array> => new Blob([bytes]).stream();

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The bytes to store for an upload, upright and without metadata, or why it is refused (in English). */
export async function processUpload(
  bytes: Uint8Array,
  images: ImagesBinding | undefined,
): Promise<Processed | Refused> {
  const sniffed = sniff(bytes);
  if (!sniffed.ok) {
    return { ok: false, status: STATUS[sniffed.reason], message: sniffed.message, console: sniffed.console };
  }
  if (!images) return withoutBinding(bytes, sniffed.type);
  const stored = storedType(sniffed.type);
  let encoded: Uint8Array;
  try {
    const out = await images.input(streamOf(bytes)).transform({}).output({ format: stored, quality: ORIGINAL_QUALITY });
    encoded = await bytesOf(out.image());
  } catch (err) {
    // The binding's own words (an error code, a decoder's stack) are for the operator, never the editor.
    console.warn("media: the Images binding could not decode an upload", imagesErrorCode(err));
    return UNREADABLE;
  }
  return described(encoded, stored);
}

/**
 * The type an upload is stored in: its own, but a GIF becomes a PNG (the same pixels, losslessly;
 * an animation keeps its first frame), since the binding writes no GIF locally (wrangler's
 * implementation refuses GIF output) and bantin behaves the same locally and deployed.
 */
function storedType(type: MediaType): Exclude<MediaType, "image/gif"> {
  return type === "image/gif" ? "image/png" : type;
}

/** What a second pass makes of the binding's output: a JPEG loses whatever metadata may be left. */
function described(encoded: Uint8Array, type: MediaType): Processed | Refused {
  let bytes = encoded;
  let orientation = 1;
  if (type === "image/jpeg") {
    const stripped = stripJpeg(encoded);
    if (!stripped.ok) return UNREADABLE;
    bytes = stripped.bytes;
    orientation = stripped.orientation;
  }
  const dims = imageDimensionsFromData(bytes);
  if (!dims) return UNREADABLE;
  // Orientations 5 to 8 turn the picture a quarter: it is shown with width and height swapped.
  const turned = orientation >= 5;
  return { ok: true, bytes, type, width: turned ? dims.height : dims.width, height: turned ? dims.width : dims.height };
}

function withoutBinding(bytes: Uint8Array, type: MediaType): Processed | Refused {
  if (type !== "image/jpeg") {
    return {
      ok: false,
      status: 503,
      message:
        "This site runs without the Images binding, so it takes JPEG photos only (their metadata is removed byte by byte). Add the binding (see the README) to take PNG, WebP, AVIF and GIF.",
      console: message("console-media.refused.jpegOnly"),
    };
  }
  return described(bytes, type);
}

/** The formats a variant is made in. */
export const VARIANT_FORMATS = ["image/avif", "image/webp", "image/jpeg"] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

const VARIANT_QUALITY: Readonly<Record<VariantFormat, number>> = {
  "image/avif": 60,
  "image/webp": 78,
  "image/jpeg": 80,
};

/** A stored original resized to `width` in `format`; transparency on white for JPEG. */
export async function makeVariant(
  images: ImagesBinding,
  original: ReadableStream<Uint8Array>,
  width: number,
  format: VariantFormat,
): Promise<Uint8Array> {
  const out = await images
    .input(original)
    .transform({ width, fit: "scale-down" })
    .output({
      format,
      quality: VARIANT_QUALITY[format],
      ...(format === "image/jpeg" ? { background: "#ffffff" } : {}),
    });
  const bytes = await bytesOf(out.image());
  if (format !== "image/jpeg") return bytes;
  const stripped = stripJpeg(bytes);
  return stripped.ok ? stripped.bytes : bytes;
}

function imagesErrorCode(err: unknown): string {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  return code ? `code ${code}` : err instanceof Error ? err.name : "unknown error";
}
