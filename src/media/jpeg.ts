// A JPEG's metadata removed at the byte level, for a Worker deployed without the Images binding (and
// as a second pass over what the binding writes). Pure.
//
// Kept: the frame, tables and scans; JFIF (APP0, without its thumbnail), the colour profile (APP2 "ICC_PROFILE") and Adobe's
// colour transform (APP14, needed to decode CMYK). Dropped: every other APPn (EXIF and XMP in APP1,
// IPTC in APP13, maker-specific ones), comments, and anything after the end of the image (phones put
// a second picture there, with its own metadata). The orientation alone is written back in a minimal
// EXIF segment, so the picture still stands the right way.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;

const ICC = new TextEncoder().encode("ICC_PROFILE\0");
const JFIF = new TextEncoder().encode("JFIF\0");
const ADOBE = new TextEncoder().encode("Adobe");
const EXIF = new TextEncoder().encode("Exif\0\0");

export type Stripped = { ok: true; bytes: Uint8Array; orientation: number } | { ok: false };

function startsWith(b: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > b.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[at + i] !== prefix[i]) return false;
  return true;
}

/** The JPEG without its metadata (the orientation kept), or not ok when its structure is broken. */
export function stripJpeg(b: Uint8Array): Stripped {
  if (b[0] !== 0xff || b[1] !== SOI) return { ok: false };
  const kept: Uint8Array[] = [b.subarray(0, 2)];
  let orientation = 1;
  let at = 2;
  for (;;) {
    // Fill bytes (0xFF) may precede a marker.
    while (at < b.length && b[at] === 0xff && b[at + 1] === 0xff) at++;
    if (at + 4 > b.length || b[at] !== 0xff) return { ok: false };
    const marker = b[at + 1] ?? 0;
    const length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    const end = at + 2 + length;
    if (length < 2 || end > b.length) return { ok: false };
    const body = at + 4;
    if (marker === APP1 && startsWith(b, body, EXIF)) {
      orientation = readOrientation(b.subarray(body + EXIF.length, end)) ?? orientation;
    }
    const segment = keptSegment(b, marker, at, end);
    if (segment) kept.push(segment);
    at = end;
    if (marker === SOS) break;
  }
  // The scans: entropy-coded data, with more segments between the scans of a progressive JPEG
  // (kept or dropped by the same rule as those before the first scan).
  const scans = scanPieces(b, at);
  if (!scans) return { ok: false };
  kept.push(...scans);
  if (orientation !== 1) kept.splice(1, 0, orientationSegment(orientation));
  const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  let o = 0;
  for (const k of kept) {
    out.set(k, o);
    o += k.length;
  }
  return { ok: true, bytes: out, orientation };
}

/**
 * The segment from `at` to `end` as it stays, or null when it goes: everything but comments and the
 * APPn segments that carry metadata. JFIF (APP0) stays without its thumbnail (a small copy of the
 * picture before any crop); other APP0 segments (JFXX thumbnails) go.
 */
function keptSegment(b: Uint8Array, marker: number, at: number, end: number): Uint8Array | null {
  const body = at + 4;
  if (marker === COM) return null;
  if (marker === APP0) {
    // "JFIF\0", version (2), units (1), densities (2 + 2): then the thumbnail's size and pixels.
    if (!startsWith(b, body, JFIF) || end - body < 14) return null;
    return new Uint8Array([0xff, APP0, 0x00, 0x10, ...b.subarray(body, body + 12), 0, 0]);
  }
  if (marker < APP0 || marker > APP0 + 15) return b.subarray(at, end);
  if (marker === APP2 && startsWith(b, body, ICC)) return b.subarray(at, end);
  if (marker === APP14 && startsWith(b, body, ADOBE)) return b.subarray(at, end);
  return null;
}

/**
 * The scans from the first scan's data at `at` to the end of the image (its EOI marker included),
 * as the pieces that stay; null if the image never ends.
 */
function scanPieces(b: Uint8Array, at: number): Uint8Array[] | null {
  const pieces: Uint8Array[] = [];
  let start = at;
  let i = at;
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const next = b[i + 1] ?? 0;
    // Stuffed zero, restart markers, fill bytes: still scan data.
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      i += next === 0xff ? 1 : 2;
      continue;
    }
    if (next === EOI) {
      pieces.push(b.subarray(start, i + 2));
      return pieces;
    }
    // A segment between scans (DHT, DQT, DRI, the next SOS, or metadata someone put there).
    if (i + 4 > b.length) return null;
    const length = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    if (length < 2 || i + 2 + length > b.length) return null;
    pieces.push(b.subarray(start, i));
    const segment = keptSegment(b, next, i, i + 2 + length);
    if (segment) pieces.push(segment);
    i += 2 + length;
    start = i;
  }
  return null;
}

/** The Orientation tag (0x0112) of IFD0 in a TIFF structure, if any. */
export function readOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > tiff.length) return undefined;
    if (view.getUint16(e, little) === 0x0112) {
      const value = view.getUint16(e + 8, little);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** An APP1 EXIF segment holding only an orientation. */
function orientationSegment(orientation: number): Uint8Array {
  // "Exif\0\0", a big-endian TIFF header, IFD0 with one SHORT entry, no next IFD.
  const tiff = [
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const body = [...EXIF, ...tiff];
  const length = body.length + 2;
  return new Uint8Array([0xff, APP1, length >> 8, length & 0xff, ...body]);
}
