// Runs inside the page (Chromium), so it is plain JavaScript with DOM globals, kept out of the
// TypeScript program (whose lib is the Worker's, not the DOM). browser.ts evaluates
// `probe()` after loading this source. It lists every visible text node with the colours the
// page computes for it and the background it actually sits on, and where it is painted;
// `readPixels()` reads a screenshot of the page back in another page.

/** @returns {{ texts: ProbeText[], width: number, height: number }} */
// biome-ignore lint/correctness/noUnusedVariables: called by browser.ts through page.evaluate
function probe() {
  /** @param {string} css */
  const parse = (css) => {
    const m = css.match(/[\d.]+/g) || [];
    const [r = 0, g = 0, b = 0, a = 1] = m.map(Number);
    return /^rgba/.test(css) || m.length === 4 ? [r, g, b, a] : [r, g, b, 1];
  };
  /** Blends `top` (with alpha) over the opaque `under`. */
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const hex = (bg) =>
    /^#[0-9a-f]{6}$/i.test(bg) ? [1, 3, 5].map((i) => Number.parseInt(bg.slice(i, i + 2), 16)) : null;

  // What the browser paints behind everything when no element has an opaque background.
  const meta = document.querySelector('meta[name="color-scheme"]');
  const declared = `${getComputedStyle(document.documentElement).colorScheme} ${meta?.getAttribute("content") ?? ""}`;
  const canvas =
    matchMedia("(prefers-color-scheme: dark)").matches && declared.includes("dark") ? [18, 18, 18] : [255, 255, 255];

  /** The opaque colour behind `el`: backgrounds (and `bgcolor`) of it and its ancestors, composited. */
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      } else {
        const attr = hex(e.getAttribute("bgcolor") ?? "");
        if (attr) {
          layers.push([...attr, 1]);
          break;
        }
      }
    }
    let under = canvas;
    for (const layer of layers.reverse()) under = over(layer, under);
    return under;
  };

  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? "").replace(/(?:\s|[\u200b-\u200f\u00ad\ufeff]|\u034f)+/g, " ").trim();
    if (!text) continue;
    const el = n.parentElement;
    if (!el || el.closest("head, style, script, title")) continue;
    const st = getComputedStyle(el);
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const fontSize = Number.parseFloat(st.fontSize);
    if (fontSize <= 1) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = [...range.getClientRects()]
      .filter((r) => r.width >= 1 && r.height >= 1)
      .map((r) => ({ x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }));
    if (rects.length === 0) continue;
    const bg = backgroundOf(el);
    const fg = over(parse(st.color), bg);
    texts.push({
      text: text.slice(0, 50),
      tag: el.tagName.toLowerCase(),
      fontSize,
      fontWeight: Number.parseInt(st.fontWeight, 10) || 400,
      fg,
      bg,
      rects,
    });
  }
  return { texts, width: innerWidth, height: document.documentElement.scrollHeight };
}

/**
 * The painted colours in each list of boxes of a PNG screenshot (`scale` device pixels per CSS
 * pixel): the most common colour is the background, the pixel farthest from it in contrast is
 * the text. Decoded with the browser's own PNG decoder.
 */
// biome-ignore lint/correctness/noUnusedVariables: called by browser.ts through page.evaluate
async function readPixels({ png, boxes, scale }) {
  const img = new Image();
  img.src = `data:image/png;base64,${png}`;
  await img.decode();
  const canvas = new OffscreenCanvas(img.width, img.height);
  const g = canvas.getContext("2d", { willReadFrequently: true });
  g.drawImage(img, 0, 0);
  const channel = (v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, gr, b]) => 0.2126 * channel(r) + 0.7152 * channel(gr) + 0.0722 * channel(b);
  const rgb = (k) => [(k >> 16) & 255, (k >> 8) & 255, k & 255];
  return boxes.map((rects) => {
    const counts = new Map();
    for (const r of rects) {
      const x = Math.max(0, Math.floor(r.x * scale));
      const y = Math.max(0, Math.floor(r.y * scale));
      const w = Math.min(img.width - x, Math.ceil(r.width * scale));
      const h = Math.min(img.height - y, Math.ceil(r.height * scale));
      if (w <= 0 || h <= 0) continue;
      const d = g.getImageData(x, y, w, h).data;
      for (let i = 0; i < d.length; i += 4) {
        const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
      }
    }
    if (counts.size === 0) return null;
    let bgKey = 0;
    let most = -1;
    for (const [k, n] of counts) {
      if (n > most) {
        most = n;
        bgKey = k;
      }
    }
    const bg = rgb(bgKey);
    const lb = luminance(bg);
    let fg = bg;
    let best = 1;
    for (const k of counts.keys()) {
      const l = luminance(rgb(k));
      const ratio = (Math.max(l, lb) + 0.05) / (Math.min(l, lb) + 0.05);
      if (ratio > best) {
        best = ratio;
        fg = rgb(k);
      }
    }
    return { fg, bg };
  });
}
