// A phone photo from the console to every place a post appears (issue 17), as a new user would try
// it: `npm start`, sign in, a new post with the photo chosen on the post form, its alt text and
// caption written, published. Then in Chromium the post page at 360 px and on a desktop: the lead
// image has its width and height (no layout shift) and the browser fetched the srcset candidate
// its screen needs; og:image answers with a JPEG of the size it declares; the RSS feed carries the
// enclosure as xmllint, feedparser and the JSON Feed schema read them; the photo's GPS position, serial number and owner are gone from every copy served, and
// it stands upright; the digest in npm start's own inbox (MailDev) shows it, in light and dark.
// Screenshots go to docs/photo-*.png (docs/photos.md shows them).
// Expected duration: 45 s (test/sequencer.ts starts the longest files first).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import exifr from "exifr";
import { imageDimensionsFromData } from "image-dimensions";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exifSegment, SECRETS, withSegment } from "../fixtures/exif-writer.ts";
import { CHROMIUM, CHROMIUM_ARGS, onlyThisMachine } from "./browser.ts";
import { lacks } from "./consumers.ts";
import { receiveDigestOne } from "./inbox.ts";
import { feedparser, validateJsonFeed, xmllint } from "./readers.ts";
import { type LocalServer, startServer } from "./server.ts";
import { sendForm } from "./visible-text.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCS = path.join(ROOT, "docs");
const READER = "ban-doc@example.org";
const SLUG = "hoi-nghi-truc-tuyen-so-ket-dan-van";
const ALT = "Các đại biểu dự hội nghị trực tuyến ngồi trong hội trường, trước màn hình lớn";
const CAPTION = "Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn";
/** The photo as the phone took it: 2400 × 1600 pixels stored, EXIF orientation 6, shown 1600 × 2400. */
const SHOWN = { width: 1600, height: 2400 };

/**
 * A portrait scene (sky over a hall over grass: blue on top, green at the bottom), stored turned a
 * quarter to the left with orientation 6 as phones store it, and carrying a phone's EXIF: GPS
 * position, serial number, maker note, owner.
 */
async function phonePhoto(): Promise<Buffer> {
  const { width: w, height: h } = SHOWN;
  const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2f6fd0"/><stop offset="1" stop-color="#a9c8f0"/></linearGradient></defs>
    <rect width="${w}" height="${h * 0.4}" fill="url(#sky)"/>
    <rect y="${h * 0.4}" width="${w}" height="${h * 0.4}" fill="#b8432f"/>
    <rect x="${w * 0.1}" y="${h * 0.46}" width="${w * 0.8}" height="${h * 0.22}" fill="#f2e6c9"/>
    <rect y="${h * 0.8}" width="${w}" height="${h * 0.2}" fill="#2f8a3a"/>
  </svg>`;
  const sideways = await sharp(Buffer.from(scene)).rotate(-90).jpeg({ quality: 85 }).toBuffer();
  return Buffer.from(withSegment(new Uint8Array(sideways), exifSegment(6)));
}

let server: LocalServer;
let browser: Browser;
let desk: BrowserContext;
let phone: BrowserContext;
let editor: Page;
let photoFile: string;
let workDir: string;
/** The photo's address in the library, as the post's lead image. */
let photoPath = "";

const url = (p: string) => `${server.url}${p}`;

async function fetchBytes(u: string, accept = "image/avif,image/webp,*/*"): Promise<Uint8Array> {
  const res = await fetch(u, { headers: { Accept: accept } });
  if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

interface LeadImage {
  width: string | null;
  height: string | null;
  alt: string;
  currentSrc: string;
  caption: string;
  /** The page's cumulative layout shift. */
  shift: number;
}

/** The lead image of the post page as the browser shows it, and the layout shift the page had. */
async function leadImage(on: Page): Promise<LeadImage | null> {
  await on.goto(url(`/posts/${SLUG}`), { waitUntil: "load" });
  // A string: the test project has no DOM types (the function runs in the page).
  return on.evaluate<LeadImage | null>(`(async () => {
    const img = document.querySelector("figure.lead img");
    if (!img) return null;
    await img.decode();
    const shift = await new Promise((resolve) => {
      let sum = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) sum += e.value;
      }).observe({ type: "layout-shift", buffered: true });
      setTimeout(() => resolve(sum), 300);
    });
    return {
      width: img.getAttribute("width"),
      height: img.getAttribute("height"),
      alt: img.alt,
      currentSrc: img.currentSrc,
      caption: document.querySelector("figure.lead figcaption")?.textContent ?? "",
      shift,
    };
  })()`);
}

async function screenshot(on: Page, file: string, fullPage = true): Promise<void> {
  await on.screenshot({ path: path.join(DOCS, file), fullPage });
}

describe.skipIf(lacks("chromium"))("a phone photo from the console to the site, the feeds and the digest", () => {
  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "bantin-e2e-photos-"));
    photoFile = path.join(workDir, "IMG_20210713_094512.jpg");
    writeFileSync(photoFile, await phonePhoto());
    [server, browser] = await Promise.all([
      startServer(),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
    desk = await browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
    phone = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1 });
    for (const context of [desk, phone]) await onlyThisMachine(context);
    editor = await desk.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("takes the photo on the post form with its alt text and caption, and publishes the post", async () => {
    await editor.goto(url("/console"));
    await sendForm(editor, 'form:has([name="token"])', { token: server.adminToken });
    await editor.goto(url("/console/posts/new"));
    const form = editor.locator("form").filter({ has: editor.locator("#image_file") });
    await form.locator('[name="title"]').fill("Hội nghị trực tuyến sơ kết công tác dân vận");
    await form.locator('[name="slug"]').fill(SLUG);
    await form.locator('[name="author"]').fill("Ban Dân vận Tỉnh ủy");
    await form
      .locator('[name="markdown"]')
      .fill("Sáng 13/7, Ban Dân vận Tỉnh ủy tổ chức hội nghị trực tuyến sơ kết công tác dân vận 6 tháng đầu năm.");
    await form.locator("#image_file").setInputFiles(photoFile);
    await form.locator('[name="image_alt"]').fill(ALT);
    await form.locator('[name="image_caption"]').fill(CAPTION);
    await form.locator('[name="image_credit"]').fill("Ảnh: Văn Tuấn");
    await Promise.all([editor.waitForEvent("load"), form.locator('button[name="action"][value="publish"]').click()]);
    // The console's notice after publishing (catalogue console-posts.notice.published).
    expect(await editor.locator("main").textContent()).toContain("Đã đăng");
    const post = (await (await fetch(url(`/posts/${SLUG}`))).text()).match(/\/media\/([0-9a-f]{64})\/720/);
    expect(post, "the post page shows the uploaded photo").not.toBeNull();
    photoPath = `/media/${post?.[1]}.jpg`;
    // The library knows the photo, its alt text from the form, and where it is used.
    await editor.goto(url("/console/media"));
    const library = await editor.locator("main").textContent();
    expect(library).toContain("Hội nghị trực tuyến sơ kết công tác dân vận");
    await screenshot(editor, "photo-console-media.png", false);
  });

  it("shows the photo upright, with nothing of the phone's metadata, in every copy served", async () => {
    const hash = photoPath.slice("/media/".length, -".jpg".length);
    for (const copy of [photoPath, `/media/${hash}/360`, `/media/${hash}/720`, `/media/${hash}/1200.jpg`]) {
      const bytes = await fetchBytes(url(copy));
      const meta = (await exifr.parse(bytes, { gps: true, xmp: true, makerNote: true }).catch(() => undefined)) as
        | Record<string, unknown>
        | undefined;
      expect(meta?.latitude, copy).toBeUndefined();
      expect(meta?.GPSLatitude, copy).toBeUndefined();
      expect(meta?.SerialNumber ?? meta?.BodySerialNumber, copy).toBeUndefined();
      const latin = Buffer.from(bytes).toString("latin1");
      for (const secret of Object.values(SECRETS)) expect(latin.includes(secret), `${copy}: ${secret}`).toBe(false);
      // Upright: portrait, blue sky on top and green grass at the bottom.
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      expect(info.height, copy).toBeGreaterThan(info.width);
      const pixel = (y: number) => {
        const at = (y * info.width + Math.floor(info.width / 2)) * info.channels;
        return [data[at] ?? 0, data[at + 1] ?? 0, data[at + 2] ?? 0];
      };
      const [top, bottom] = [pixel(2), pixel(info.height - 3)];
      expect((top[2] ?? 0) > (top[0] ?? 0) + 60, `${copy}: the top is the sky`).toBe(true);
      expect((bottom[1] ?? 0) > (bottom[0] ?? 0) + 60, `${copy}: the bottom is the grass`).toBe(true);
    }
  });

  it("fetches the right srcset candidate at 360 px and on a desktop, with no layout shift", async () => {
    const hash = photoPath.slice("/media/".length, -".jpg".length);
    const small = await phone.newPage();
    const onPhone = await leadImage(small);
    expect(onPhone).toMatchObject({ width: String(SHOWN.width), height: String(SHOWN.height), alt: ALT, shift: 0 });
    expect(onPhone?.caption).toContain(CAPTION);
    // 360 CSS pixels less the margins at density 1: the 360 copy.
    expect(onPhone?.currentSrc).toBe(url(`/media/${hash}/360`));
    await screenshot(small, "photo-post-phone.png");
    const wide = await desk.newPage();
    const onDesk = await leadImage(wide);
    expect(onDesk).toMatchObject({ width: String(SHOWN.width), height: String(SHOWN.height), shift: 0 });
    // The 40rem column (640 px): the 720 copy.
    expect(onDesk?.currentSrc).toBe(url(`/media/${hash}/720`));
    await screenshot(wide, "photo-post-desktop.png", false);
    await Promise.all([small.close(), wide.close()]);
  });

  it("gives link previews an og:image that answers with the JPEG it declares, and the feeds an enclosure", async () => {
    const html = await (await fetch(url(`/posts/${SLUG}`))).text();
    const meta = (p: string) => new RegExp(`<meta property="${p}" content="([^"]*)"`).exec(html)?.[1];
    const og = meta("og:image") ?? "";
    expect(og).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f]{64}\/1200\.jpg$/);
    const res = await fetch(og);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    const size = imageDimensionsFromData(new Uint8Array(await res.arrayBuffer()));
    expect([String(size?.width), String(size?.height)]).toEqual([meta("og:image:width"), meta("og:image:height")]);
    expect(meta("og:image:alt")).toBe(ALT);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"');
    // The feeds as their consumers in npm test read them: well-formed, parsed without complaint, the
    // enclosure with the original's exact length; JSON Feed valid against its schema.
    const original = await fetchBytes(url(photoPath));
    for (const feed of ["/rss.xml", "/atom.xml"]) {
      const body = await (await fetch(url(feed))).text();
      await xmllint(body);
      const parsed = await feedparser(body);
      expect(parsed.bozo, `${feed}: ${parsed.bozo_exception}`).toBeFalsy();
      const entry = parsed.entries.find((e) => e.link === url(`/posts/${SLUG}`));
      expect(entry?.enclosures, feed).toEqual([
        { href: url(photoPath), length: String(original.byteLength), type: "image/jpeg" },
      ]);
    }
    const json = await (await fetch(url("/feed.json"))).text();
    expect(validateJsonFeed(json)).toEqual([]);
    const item = (JSON.parse(json) as { items: { url: string; image?: string }[] }).items.find(
      (i) => i.url === url(`/posts/${SLUG}`),
    );
    expect(item?.image).toMatch(/\/media\/[0-9a-f]{64}\/1200\.jpg$/);
  });

  it("shows the photo in the digest in MailDev, in light and in dark", async () => {
    const { digest } = await receiveDigestOne(server, READER);
    const src = /<img[^>]+src="([^"]+\/1200\.jpg)"[^>]*>/.exec(digest);
    expect(src?.[0]).toContain(`alt="${ALT}"`);
    expect(src?.[0]).toMatch(/width="600"/);
    for (const scheme of ["light", "dark"] as const) {
      const mail = await phone.newPage();
      await mail.emulateMedia({ colorScheme: scheme });
      await mail.setContent(digest, { waitUntil: "load" });
      const shown = await mail.evaluate<{ natural: number; width: number } | null>(`(() => {
        const img = [...document.images].find((i) => i.src.endsWith("/1200.jpg"));
        return img ? { natural: img.naturalWidth, width: img.getBoundingClientRect().width } : null;
      })()`);
      // Loaded from the site, and no wider than the phone's screen.
      expect(shown?.natural).toBe(1200);
      expect(shown?.width).toBeLessThanOrEqual(360);
      await screenshot(mail, `photo-digest-${scheme}.png`);
      await mail.close();
    }
  });
});
