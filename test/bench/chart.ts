// npm run bench, last step: every figure of bench/results.json against its target, printed and drawn
// as docs/bench.svg (one bar per figure, scaled so that the target is the same line for all; a bar
// that reaches the line meets its target). Hand-written SVG: no chart library.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RESULTS_FILE } from "./results.ts";

const root = path.resolve(import.meta.dirname, "../..");
const results = JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as {
  delivery?: {
    rateRatio: number;
    workerdCpuMsPerRecipient: number;
    targets: { rateRatio: number; cpuMsPerRecipient: number };
  };
  serving?: {
    target: number;
    routes: { route: string; status: number; rpsRatio: number; cpuRatio: number }[];
    allRoutes?: { rpsRatio: number; cpuRatio: number };
    control?: { allRoutes: { rpsRatio: number; cpuRatio: number }; lowest: number; highest: number } | null;
  };
  startup?: { bantinMs: number; constantMs: number; differenceMs: number; ratio: number };
  bundle?: { gzipKiB: number; targetGzipKiB: number };
  variants?: {
    sizes: { original: string; width: number; firstAvifMs: number; firstJpegMs: number; cachedAvifMs: number }[];
  };
};

interface Bar {
  group: string;
  label: string;
  value: string;
  target: string;
  /** The figure over its target, oriented so that ≥ 1 meets it (null: reported, no target). */
  score: number | null;
}

const bars: Bar[] = [];
const d = results.delivery;
if (d) {
  bars.push({
    group: "Delivery",
    label: "rate, bantin / plain SMTP client",
    value: d.rateRatio.toFixed(2),
    target: `≥ ${d.targets.rateRatio}`,
    score: d.rateRatio / d.targets.rateRatio,
  });
  bars.push({
    group: "Delivery",
    label: "workerd CPU per recipient",
    value: `${d.workerdCpuMsPerRecipient.toFixed(2)} ms`,
    target: `≤ ${d.targets.cpuMsPerRecipient} ms`,
    score: d.targets.cpuMsPerRecipient / d.workerdCpuMsPerRecipient,
  });
}
const s = results.serving;
if (s) {
  const all = s.allRoutes ? [{ route: "all routes", status: "200+304", ...s.allRoutes }] : [];
  for (const r of [...all, ...s.routes]) {
    const name = r.route.startsWith("/posts/")
      ? "/posts/…"
      : r.route.startsWith("/media/")
        ? r.route.replace(/[0-9a-f]{64}/, "…")
        : r.route;
    const what = r.route === "all routes" ? "all routes, 200s and 304s" : `${r.status} ${name}`;
    for (const [measure, ratio] of [
      ["requests/s", r.rpsRatio],
      ["CPU per request", r.cpuRatio],
    ] as const) {
      bars.push({
        group: "Serving vs constant Worker",
        label: `${what}, ${measure}`,
        value: ratio.toFixed(2),
        target: `≥ ${s.target}`,
        score: ratio / s.target,
      });
    }
  }
}
if (s?.control) {
  const c = s.control;
  bars.push({
    group: "Serving: A/A control, two identical constant Workers (reported, no target)",
    label: "all routes, requests/s / CPU",
    value: `${c.allRoutes.rpsRatio.toFixed(2)} / ${c.allRoutes.cpuRatio.toFixed(2)}; single routes ${c.lowest.toFixed(2)}–${c.highest.toFixed(2)} (1 = no noise)`,
    target: "—",
    score: null,
  });
}
const b = results.bundle;
if (b) {
  bars.push({
    group: "Bundle",
    label: "wrangler deploy upload, gzip",
    value: `${b.gzipKiB.toFixed(0)} KiB`,
    target: `≤ ${b.targetGzipKiB} KiB`,
    score: b.targetGzipKiB / b.gzipKiB,
  });
}
const st = results.startup;
if (st) {
  bars.push({
    group: "Start-up (reported, no target)",
    label: "wrangler dev to first answer, bantin / constant",
    value: `${st.ratio.toFixed(2)}× (${st.bantinMs} / ${st.constantMs} ms)`,
    target: "—",
    score: null,
  });
}

for (const v of results.variants?.sizes ?? []) {
  bars.push({
    group: "Photos: first request for a variant, the resize (reported, no target)",
    label: `${v.original}, ${v.width} px: AVIF / JPEG / AVIF again`,
    value: `${v.firstAvifMs} / ${v.firstJpegMs} / ${v.cachedAvifMs} ms`,
    target: "—",
    score: null,
  });
}

const met = (bar: Bar) => (bar.score === null ? "reported" : bar.score >= 1 ? "met" : "NOT met");
console.log("bench/results.json against the targets:");
for (const bar of bars) {
  console.log(
    `  ${`${bar.group}: ${bar.label}`.padEnd(72)} ${bar.value.padStart(24)}   target ${bar.target.padEnd(9)} ${met(bar)}`,
  );
}

// The drawing: label column, then bars on a scale where the target sits at TARGET_X.
const ROW = 22;
const LABEL_W = 330;
const BAR_W = 360;
const MAX_SCORE = 2;
const TARGET_X = LABEL_W + BAR_W / MAX_SCORE;
const xml = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const lines: string[] = [];
let y = 40;
let group = "";
for (const bar of bars) {
  if (bar.group !== group) {
    group = bar.group;
    y += 8;
    lines.push(`<text x="8" y="${y + 14}" font-weight="bold">${xml(group)}</text>`);
    y += ROW;
  }
  lines.push(`<text x="16" y="${y + 14}">${xml(bar.label)}</text>`);
  if (bar.score === null) {
    lines.push(`<text x="${LABEL_W}" y="${y + 14}" fill="#555">${xml(bar.value)}</text>`);
  } else {
    const width = Math.max(1, Math.min(bar.score, MAX_SCORE) * (BAR_W / MAX_SCORE));
    const colour = bar.score >= 1 ? "#2e7d32" : "#c62828";
    lines.push(`<rect x="${LABEL_W}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 8}" fill="${colour}"/>`);
    lines.push(
      `<text x="${LABEL_W + BAR_W + 8}" y="${y + 14}">${xml(`${bar.value} (target ${bar.target}) ${met(bar)}`)}</text>`,
    );
  }
  y += ROW;
}
const height = y + 46;
const width = LABEL_W + BAR_W + 260;
const measured = [results.delivery, results.serving, results.startup, results.bundle, results.variants]
  .map((r) => (r as { measuredAt?: string } | undefined)?.measuredAt?.slice(0, 10))
  .filter(Boolean);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="20" font-size="14" font-weight="bold">npm run bench: each figure against its target (bar length = figure / target, or target / figure for a ceiling; past the line: met)</text>
${lines.join("\n")}
<line x1="${TARGET_X}" y1="40" x2="${TARGET_X}" y2="${y + 4}" stroke="#000" stroke-dasharray="4 3"/>
<text x="${TARGET_X + 4}" y="${y + 18}">target</text>
<text x="8" y="${y + 38}" fill="#555">One run on a shared 2-core machine (${xml([...new Set(measured)].join(", "))}); bars are capped at twice the target.</text>
</svg>
`;
mkdirSync(path.join(root, "docs"), { recursive: true });
writeFileSync(path.join(root, "docs", "bench.svg"), svg);
console.log("  drawn into docs/bench.svg");
