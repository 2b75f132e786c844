// A JPEG's metadata removed at the byte level, for a Worker deployed without the Images binding (and
// as a second pass over what the binding writes). Pure.
//
// Kept: the frame, tables and scans; JFIF (APP0), the colour profile (APP2 "ICC_PROFILE") and Adobe's
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
    if (wanted(b, marker, body)) kept.push(b.subarray(at, end));
    at = end;
    if (marker === SOS) break;
  }
  // The scans: entropy-coded data, with more segments between the scans of a progressive JPEG.
  const scanEnd = endOfImage(b, at);
  if (scanEnd < 0) return { ok: false };
  kept.push(b.subarray(at, scanEnd));
  if (orientation !== 1) kept.splice(1, 0, orientationSegment(orientation));
  const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  let o = 0;
  for (const k of kept) {
    out.set(k, o);
    o += k.length;
  }
  return { ok: true, bytes: out, orientation };
}

/** Whether a segment stays: everything but comments and the APPn segments that carry metadata. */
function wanted(b: Uint8Array, marker: number, body: number): boolean {
  if (marker === COM) return false;
  if (marker < APP0 || marker > APP0 + 15 || marker === APP0) return true;
  if (marker === APP2) return startsWith(b, body, ICC);
  if (marker === APP14) return startsWith(b, body, ADOBE);
  return false;
}

/** Where the image ends (just after its EOI marker), from the first scan's data at `at`; -1 if it never does. */
function endOfImage(b: Uint8Array, at: number): number {
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
    if (next === EOI) return i + 2;
    // A segment between scans (DHT, DQT, DRI, the next SOS...): skip its body.
    if (i + 4 > b.length) return -1;
    const length = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    if (length < 2) return -1;
    i += 2 + length;
  }
  return -1;
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
