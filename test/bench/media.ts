// npm run bench, photos (called by serving.ts): JPEGs made with sharp, 1200 × 800 and 4000 × 3000 (a
// phone's 12 megapixels), uploaded to bantin through POST /admin/media; the first request for a
// variant (the resize, by the Images binding: under `wrangler dev`, its Sharp-backed local stand-in)
// timed against the next request for it (served from R2); and the path of one cached variant for
// serving.ts to load like the feeds.
import sharp from "sharp";
import { median } from "./stats.ts";

/** What Chrome sends for an <img>: the variant it gets is AVIF up to 1080 px. */
export const BROWSER_IMAGE_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
const SIZES = [
  [1200, 800],
  [4000, 3000],
] as const;
/** The width of the variant timed and served: a phone's screen at 2x, the post page's fallback. */
const WIDTH = 720;

/**
 * `count` different JPEGs of one size that cost the same to decode and resize: one soft random picture
 * (noise enlarged, so it compresses like a photo, about 2.9 MB at 12 megapixels), each with a small
 * square in another place.
 */
async function photos(width: number, height: number, count: number): Promise<Buffer[]> {
  const noise = { type: "gaussian", mean: 128, sigma: 70 } as const;
  const base = await sharp({
    create: { width: width / 8, height: height / 8, channels: 3, background: "#808080", noise },
  })
    .resize(width, height, { kernel: "cubic" })
    .raw()
    .toBuffer();
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp(base, { raw: { width, height, channels: 3 } })
        .composite([
          {
            input: { create: { width: 16, height: 16, channels: 3, background: "#ff0000" } },
            top: 8,
            left: 8 + i * 32,
          },
        ])
        .jpeg({ quality: 85 })
        .toBuffer(),
    ),
  );
}

/** Milliseconds from sending a request to the last byte of its 200. */
async function timed(url: string, init: RequestInit = {}): Promise<{ ms: number; type: string; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, init);
  const body = await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${url}: ${res.status} ${new TextDecoder().decode(body)}`);
  return { ms, type: res.headers.get("Content-Type") ?? "", bytes: body.byteLength };
}

export interface VariantTimes {
  original: string;
  originalBytes: number;
  photos: number;
  width: number;
  /** Medians over the photos, in ms. */
  uploadMs: number;
  firstAvifMs: number;
  firstJpegMs: number;
  cachedAvifMs: number;
  avifBytes: number;
  jpegBytes: number;
  allMs: { upload: number[]; firstAvif: number[]; firstJpeg: number[]; cachedAvif: number[] };
}

/**
 * Uploads `count` photos of each size and times, for each, its upload, the first request for its
 * 720 px variant as a browser asks (AVIF) and as an email does (/720.jpg), then the AVIF again
 * (cached). Returns the figures and the path of a cached variant (of the 1200 × 800 photo).
 */
export async function photoBench(
  server: { url: string; adminToken: string },
  count = Number(process.env.BENCH_PHOTOS || 3),
): Promise<{ cachedRoute: string; variants: VariantTimes[] }> {
  const variants: VariantTimes[] = [];
  let cachedRoute = "";
  for (const [width, height] of SIZES) {
    const files = await photos(width, height, count);
    const all = {
      upload: [] as number[],
      firstAvif: [] as number[],
      firstJpeg: [] as number[],
      cachedAvif: [] as number[],
    };
    let avifBytes = 0;
    let jpegBytes = 0;
    for (const file of files) {
      const started = performance.now();
      const res = await fetch(`${server.url}/admin/media?alt=Benchmark`, {
        method: "POST",
        headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "image/jpeg" },
        body: file,
      });
      const answer = (await res.json()) as { media?: { hash: string }[]; error?: string };
      all.upload.push(performance.now() - started);
      const hash = answer.media?.[0]?.hash;
      if (res.status !== 201 || !hash)
        throw new Error(`upload of a ${width} × ${height} JPEG: ${res.status} ${answer.error}`);
      const variant = `${server.url}/media/${hash}/${WIDTH}`;
      const avif = await timed(variant, { headers: { Accept: BROWSER_IMAGE_ACCEPT } });
      if (avif.type !== "image/avif") throw new Error(`${variant} answered ${avif.type}, not AVIF`);
      const jpeg = await timed(`${variant}.jpg`);
      const again = await timed(variant, { headers: { Accept: BROWSER_IMAGE_ACCEPT } });
      all.firstAvif.push(avif.ms);
      all.firstJpeg.push(jpeg.ms);
      all.cachedAvif.push(again.ms);
      avifBytes = avif.bytes;
      jpegBytes = jpeg.bytes;
      cachedRoute ||= `/media/${hash}/${WIDTH}`;
    }
    const round = (xs: number[]) => xs.map((x) => Math.round(x));
    variants.push({
      original: `${width} × ${height} JPEG`,
      originalBytes: files[0]?.byteLength ?? 0,
      photos: count,
      width: WIDTH,
      uploadMs: Math.round(median(all.upload)),
      firstAvifMs: Math.round(median(all.firstAvif)),
      firstJpegMs: Math.round(median(all.firstJpeg)),
      cachedAvifMs: Number(median(all.cachedAvif).toFixed(1)),
      avifBytes,
      jpegBytes,
      allMs: {
        upload: round(all.upload),
        firstAvif: round(all.firstAvif),
        firstJpeg: round(all.firstJpeg),
        cachedAvif: round(all.cachedAvif),
      },
    });
  }
  return { cachedRoute, variants };
}
