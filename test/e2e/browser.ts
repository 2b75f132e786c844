// Rendering HTML in Debian's Chromium (through playwright-core, which never downloads a browser)
// the ways readers see it, and measuring the WCAG contrast of every visible text node.
//
// Modes:
// - light: the design as written.
// - dark: `prefers-color-scheme: dark` (Apple Mail, iOS Mail, browsers in dark mode).
// - outlook-dark: Outlook.com's dark mode, which marks the message with `data-ogsc`/`data-ogsb`
//   and applies what the message's `[data-ogsc]`/`[data-ogsb]` rules say.
// - forced-dark: Chromium's own algorithmic darkening (`--blink-settings=forceDarkModeEnabled=true`)
//   of the light design, as Gmail's Android app gets from its WebView. It happens when painting, so
//   computed styles do not show it: it is measured on the pixels.
// - inverted: a full inversion, `filter: invert(1) hue-rotate(180deg)` on the root (Gmail on iOS,
//   Outlook's apps); computed colours are put through the same filter, and the pixels are measured too.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM as FOUND_CHROMIUM } from "./consumers.ts";

/**
 * Debian's Chromium (its headless shell when installed), found by consumers.ts (tests skip, loudly,
 * without it: `lacks("chromium")`).
 */
export const CHROMIUM = FOUND_CHROMIUM ?? "/usr/bin/chromium-headless-shell";
export const hasChromium = existsSync(CHROMIUM);
export const INSTALL_CHROMIUM = "apt-get install chromium-headless-shell fonts-noto-core";

/**
 * Keeps a browser context to this machine: requests to other sites (an email's remote pictures, say)
 * are aborted, so pages are shown as the local server serves them.
 */
export async function onlyThisMachine(context: BrowserContext): Promise<void> {
  await context.route(/^(?!http:\/\/127\.0\.0\.1|data:|about:)/, (route) => route.abort());
}

export const MODES = ["light", "dark", "outlook-dark", "forced-dark", "inverted"] as const;
export type Mode = (typeof MODES)[number];

type Rgb = readonly [number, number, number];

export interface TextRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface ProbeText {
  text: string;
  tag: string;
  fontSize: number;
  fontWeight: number;
  fg: Rgb;
  bg: Rgb;
  rects: TextRect[];
}

interface ProbeResult {
  texts: ProbeText[];
  width: number;
  height: number;
}

/** One text node as measured: its contrast and the ratio WCAG AA asks of it. */
export interface Measured {
  text: string;
  tag: string;
  fontSize: number;
  ratio: number;
  required: number;
  /** How the ratio was obtained: from computed styles or from the painted pixels. */
  by: "styles" | "pixels";
  fg: string;
  bg: string;
}

export interface Measurement {
  texts: Measured[];
  /** Text whose painted box comes within EDGE_PX of the left or right side of the viewport. */
  atEdge: string[];
  /** Text smaller than 12 px. */
  tiny: string[];
  min: number;
}

export const EDGE_PX = 8;
const SCALE = 2;
const PROBE = readFileSync(path.join(import.meta.dirname, "page-probe.js"), "utf8");

/** What Chromium needs to start here: as root, with no GPU and no network of its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** WCAG 2 relative luminance of an sRGB colour (0–255 channels). */
function luminance([r, g, b]: Rgb): number {
  const f = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `filter: invert(1) hue-rotate(180deg)` on one colour, as the Filter Effects spec defines both. */
export function invertHueRotate([r, g, b]: Rgb): Rgb {
  const [ir, ig, ib] = [1 - r / 255, 1 - g / 255, 1 - b / 255];
  // hue-rotate(180deg): cos = -1, sin = 0 in the spec's matrix.
  const out = [
    -0.574 * ir + 1.43 * ig + 0.144 * ib,
    0.426 * ir + 0.43 * ig + 0.144 * ib,
    0.426 * ir + 1.43 * ig - 0.856 * ib,
  ];
  return out.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) as unknown as Rgb;
}

/** WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). */
function required(t: ProbeText): number {
  const large = t.fontSize >= 24 || (t.fontSize >= 18.66 && t.fontWeight >= 700);
  return large ? 3 : 4.5;
}

const css = (c: Rgb) => `rgb(${c.map((v) => Math.round(v)).join(",")})`;

/** A Chromium per kind of darkening: forced dark is a launch switch, not a page setting. */
export class Browsers {
  private plain: Browser | null = null;
  private dark: Browser | null = null;
  private reader: Promise<Page> | null = null;
  /** The page kept for each kind of browser, scale and cookies (see open). */
  private readonly kept = new Map<string, { context: BrowserContext; page: Page; busy: boolean }>();

  private async get(forcedDark: boolean): Promise<Browser> {
    if (forcedDark) {
      this.dark ??= await chromium.launch({
        executablePath: CHROMIUM,
        args: [...CHROMIUM_ARGS, "--blink-settings=forceDarkModeEnabled=true"],
      });
      return this.dark;
    }
    this.plain ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    return this.plain;
  }

  async close(): Promise<void> {
    this.kept.clear();
    await Promise.all([this.plain?.close(), this.dark?.close()]);
  }

  /**
   * A page showing `html` (or the page at `url`) at `width` CSS pixels in `mode`. Measuring needs
   * the default `scale`; screenshots for people can use 1. Each kind of browser, scale and set of
   * cookies keeps one page, loaded afresh for each call (a new document: nothing an earlier call
   * added to the page stays), since a new page costs a new renderer process, about half a second
   * here; a page still open when another is asked for is not shared.
   */
  async open(
    mode: Mode,
    width: number,
    source: { html: string } | { url: string },
    scale: number = SCALE,
    /** Cookies the browser holds for the site (a console session). */
    cookies: { name: string; value: string; url: string }[] = [],
  ): Promise<Opened> {
    const forcedDark = mode === "forced-dark";
    const key = JSON.stringify([forcedDark, scale, cookies]);
    let kept = this.kept.get(key);
    if (!kept || kept.busy) {
      const context = await (await this.get(forcedDark)).newContext({
        viewport: { width, height: 900 },
        deviceScaleFactor: scale,
        // Pages are checked as a reader gets them; nothing may need scripts or other sites.
        javaScriptEnabled: false,
      });
      if (cookies.length > 0) await context.addCookies(cookies);
      const page = await context.newPage();
      await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
      const fresh = { context, page, busy: false };
      if (!kept) this.kept.set(key, fresh);
      kept = fresh;
    }
    kept.busy = true;
    const { page } = kept;
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: mode === "dark" ? "dark" : "light" });
    if ("html" in source) await page.setContent(source.html, { waitUntil: "load" });
    else await page.goto(source.url, { waitUntil: "load" });
    // The page's own scripts are off; evaluate still runs through the DevTools protocol.
    if (mode === "inverted") {
      await page.evaluate(
        "document.head.append(Object.assign(document.createElement('style'), { textContent: 'html{filter:invert(1) hue-rotate(180deg)}' }))",
      );
    }
    if (mode === "outlook-dark") {
      await page.evaluate("for (const a of ['data-ogsc', 'data-ogsb']) document.documentElement.setAttribute(a, '')");
    }
    const release =
      this.kept.get(key) === kept
        ? async () => {
            if (kept) kept.busy = false;
          }
        : () => kept?.context.close() ?? Promise.resolve();
    return new Opened(this, release, page, mode, scale);
  }

  /**
   * The page of the non-darkened browser that reads screenshot pixels (page-probe.js's readPixels,
   * defined there once): one for every measurement, rather than a new one each time.
   */
  pixelReader(): Promise<Page> {
    this.reader ??= (async () => {
      const page = await (await this.get(false)).newPage();
      await page.evaluate(`${PROBE}\nglobalThis.readPixels = readPixels;`);
      return page;
    })();
    return this.reader;
  }
}

export class Opened {
  private readonly browsers: Browsers;
  private readonly release: () => Promise<void>;
  readonly page: Page;
  readonly mode: Mode;
  private readonly scale: number;

  constructor(browsers: Browsers, release: () => Promise<void>, page: Page, mode: Mode, scale: number) {
    this.browsers = browsers;
    this.release = release;
    this.page = page;
    this.mode = mode;
    this.scale = scale;
  }

  /** Done with the page: another open() may load it. */
  close(): Promise<void> {
    return this.release();
  }

  /** Every visible text node's contrast, by computed styles and (where styles cannot tell) by pixels. */
  async measure(): Promise<Measurement> {
    const probed = (await this.page.evaluate(`${PROBE}\nprobe()`)) as ProbeResult;
    const texts: Measured[] = [];
    const atEdge: string[] = [];
    const tiny: string[] = [];
    for (const t of probed.texts) {
      for (const r of t.rects) {
        if (r.x < EDGE_PX || r.x + r.width > probed.width - EDGE_PX) {
          atEdge.push(`${t.text} (${Math.round(r.x)}–${Math.round(r.x + r.width)} of ${probed.width})`);
          break;
        }
      }
      if (t.fontSize < 12) tiny.push(`${t.text} (${t.fontSize}px)`);
    }
    if (this.mode !== "forced-dark") {
      for (const t of probed.texts) {
        const [fg, bg] = this.mode === "inverted" ? [invertHueRotate(t.fg), invertHueRotate(t.bg)] : [t.fg, t.bg];
        texts.push(entry(t, contrast(fg, bg), "styles", fg, bg));
      }
    }
    if (this.mode === "forced-dark" || this.mode === "inverted") {
      const painted = await this.pixels(probed.texts);
      probed.texts.forEach((t, i) => {
        const p = painted[i];
        if (p) texts.push(entry(t, contrast(p.fg, p.bg), "pixels", p.fg, p.bg));
      });
    }
    const min = Math.min(...texts.map((t) => t.ratio));
    return { texts, atEdge, tiny, min: Math.round(min * 100) / 100 };
  }

  /**
   * The painted colours of each text: in a screenshot at twice the resolution (so glyph stems
   * have fully covered pixels), the most common colour in the text's boxes is its background and
   * the pixel farthest from it in contrast is the text's colour.
   */
  private async pixels(texts: ProbeText[]): Promise<({ fg: Rgb; bg: Rgb } | null)[]> {
    const png = await this.page.screenshot({ fullPage: true, type: "png" });
    const reader = await this.browsers.pixelReader();
    const arg = { png: png.toString("base64"), boxes: texts.map((t) => t.rects), scale: this.scale };
    // The screenshot goes as an argument: inlined in the script, V8 would parse a megabyte of source.
    return (await reader.evaluate(
      (a) => (globalThis as unknown as { readPixels: (input: typeof a) => unknown }).readPixels(a),
      arg,
    )) as ({ fg: Rgb; bg: Rgb } | null)[];
  }
}

function entry(t: ProbeText, ratio: number, by: Measured["by"], fg: Rgb, bg: Rgb): Measured {
  return {
    text: t.text,
    tag: t.tag,
    fontSize: t.fontSize,
    ratio: Math.round(ratio * 100) / 100,
    required: required(t),
    by,
    fg: css(fg),
    bg: css(bg),
  };
}
