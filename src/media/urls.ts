// Where a stored photo and its variants are served, and which of them a page, a feed or an email
// names. Pure: the one place that spells /media/ URLs.
import { EXTENSIONS, MEDIA_TYPES, type MediaType } from "./sniff.ts";
import { VARIANT_WIDTHS } from "./variants.ts";

/** What naming a photo's URLs needs. */
export interface ImageFacts {
  hash: string;
  type: MediaType;
  width: number;
  height: number;
}

/** A photo's name in its URLs: the hex SHA-256 of its stored bytes. */
export const MEDIA_HASH = /^[0-9a-f]{64}$/;
const TYPE_BY_EXTENSION = new Map<string, MediaType>(MEDIA_TYPES.map((type) => [EXTENSIONS[type], type]));

/** The type an original's URL extension names (one extension per type), or undefined. */
export const typeOfExtension = (ext: string): MediaType | undefined => TYPE_BY_EXTENSION.get(ext);

/** The original: /media/<sha256>.<ext>. */
export const mediaPath = (hash: string, type: MediaType) => `/media/${hash}.${EXTENSIONS[type]}`;

/** A variant: /media/<sha256>/<width> (the format the browser takes), or <width>.jpg (always JPEG). */
export const variantPath = (hash: string, width: number, jpeg = false) =>
  `/media/${hash}/${width}${jpeg ? ".jpg" : ""}`;

/**
 * The photo an editor's reference names: the path of an original (/media/<sha256>.<ext>) or the same
 * on this site (`siteUrl` + path). Null for anything else (another site's image, a variant's URL).
 */
export function parseMediaReference(ref: string, siteUrl: string): { hash: string; type: MediaType } | null {
  let path = ref.trim();
  if (siteUrl !== "" && path.startsWith(`${siteUrl}/`)) path = path.slice(siteUrl.length);
  const m = /^\/media\/([0-9a-f]{64})\.([a-z]+)$/.exec(path);
  const type = m ? TYPE_BY_EXTENSION.get(m[2] ?? "") : undefined;
  return m?.[1] && type ? { hash: m[1], type } : null;
}

/** The widest copy a page offers: wider originals are served at this width. */
const WIDEST = Math.max(...VARIANT_WIDTHS);

/** The copies of a photo a srcset lists, narrowest first: the variants it is wide enough for, and the original when it is narrower than the widest variant. */
export function imageCandidates(img: ImageFacts): { path: string; width: number }[] {
  const list = (VARIANT_WIDTHS as readonly number[])
    .filter((w) => w <= img.width)
    .map((w) => ({ path: variantPath(img.hash, w), width: w }));
  if (img.width < WIDEST && !list.some((c) => c.width === img.width)) {
    list.push({ path: mediaPath(img.hash, img.type), width: img.width });
  }
  return list;
}

/** `srcset` over the photo's copies (paths on this site). */
export const srcset = (img: ImageFacts, prefix = "") =>
  imageCandidates(img)
    .map((c) => `${prefix}${c.path} ${c.width}w`)
    .join(", ");

/** The copy `src` names for browsers that read no srcset: the first at least `width` wide, else the widest. */
export function fallbackPath(img: ImageFacts, width = 720): string {
  const list = imageCandidates(img);
  return (list.find((c) => c.width >= width) ?? list.at(-1))?.path ?? mediaPath(img.hash, img.type);
}

/**
 * The `sizes` of a photo in a post: the page's column (42rem less its padding, see views/layout.tsx),
 * or the screen less that padding on narrower screens.
 */
export const POST_IMAGE_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)";

/** Height at `width` keeping the photo's proportions (whole pixels, at least 1). */
export const heightAt = (img: Pick<ImageFacts, "width" | "height">, width: number) =>
  Math.max(1, Math.round((img.height * width) / img.width));

/**
 * The widest JPEG copy of a photo at most `max` pixels wide (/media/<sha256>/<w>.jpg), with its size;
 * the original as uploaded when the photo is narrower than every variant.
 */
export function jpegCopy(
  img: ImageFacts,
  max: number,
): { path: string; type: MediaType; width: number; height: number } {
  const copy = [...VARIANT_WIDTHS].reverse().find((w) => w <= Math.min(max, img.width));
  return copy === undefined
    ? { path: mediaPath(img.hash, img.type), type: img.type, width: img.width, height: img.height }
    : { path: variantPath(img.hash, copy, true), type: "image/jpeg", width: copy, height: heightAt(img, copy) };
}

/** The digest shows photos at this many CSS pixels at most (600 px emails), from a copy twice as wide. */
export const MAIL_IMAGE_CSS_WIDTH = 600;

/**
 * The photo as an email shows it: an absolute URL of a JPEG copy (mail clients read no AVIF, WebP or
 * srcset), as wide as twice the CSS width when the photo has one (sharp on phones), shown 600 CSS
 * pixels wide, or at its own width when narrower. A photo narrower than every variant is sent as uploaded.
 */
export function mailImage(img: ImageFacts, siteUrl: string): { url: string; width: number; height: number } {
  const { path } = jpegCopy(img, MAIL_IMAGE_CSS_WIDTH * 2);
  const width = Math.min(MAIL_IMAGE_CSS_WIDTH, img.width);
  return { url: `${siteUrl}${path}`, width, height: heightAt(img, width) };
}

/** The width link previews ask for (Facebook's and Zalo's large card, 1.91:1 at 1200 px). */
export const PREVIEW_IMAGE_WIDTH = 1200;

/**
 * The photo a link preview shows (og:image): an absolute URL of its JPEG copy 1200 px wide, or the
 * widest it has (previewers read neither AVIF nor srcset), with its size and type.
 */
export function previewImage(
  img: ImageFacts,
  siteUrl: string,
): { url: string; type: MediaType; width: number; height: number } {
  const { path, ...copy } = jpegCopy(img, PREVIEW_IMAGE_WIDTH);
  return { url: `${siteUrl}${path}`, ...copy };
}

/** The copies a home or tag page's thumbnail chooses from: up to 720 px (twice its widest CSS size). */
const THUMBNAIL_MAX = 720;

/** `srcset` of a thumbnail: the photo's copies up to 720 px wide. */
export const thumbnailSrcset = (img: ImageFacts) =>
  imageCandidates(img)
    .filter((c) => c.width <= THUMBNAIL_MAX)
    .map((c) => `${c.path} ${c.width}w`)
    .join(", ");

/**
 * The `sizes` of a thumbnail (views/layout.tsx): beside the summary in a 12rem column from 36rem up,
 * the column's width (the screen less its padding) above the headline on phones.
 */
export const THUMBNAIL_SIZES = "(min-width: 36rem) 12rem, calc(100vw - 2rem)";
