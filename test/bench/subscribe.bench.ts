// npm run bench: does POST /subscribe take the same time for an address bantin knows (pending or
// confirmed) as for a new one? Against `npm start` (local workerd, local D1, the local queue, a real
// SMTP server), new and known addresses interleaved in random order, each request from its own
// client (an IPv6 /64 of the documentation range, so the per-client limit never answers instead).
// Prints both distributions and a two-sample Kolmogorov–Smirnov test. As a check that the method can
// see a difference of a millisecond or two, invalid addresses (answered before any D1 or queue work)
// are measured alongside: their distribution should differ clearly.
import { performance } from "node:perf_hooks";
import { afterAll, bench, describe } from "vitest";
import { type LocalServer, startServer } from "../e2e/server.ts";
import { startSmtp, type TestSmtp, waitFor } from "../e2e/smtp.ts";

const KNOWN = 60;
const ROUNDS = 300;
const WARMUP = 10;

let client = 0;
/** A new client each time: 2001:db8:<n>::1 is its own /64. */
const nextClient = () => `2001:db8:${(++client).toString(16)}::1`;

const smtp: TestSmtp = await startSmtp();
const server: LocalServer = await startServer({ SMTP_URL: smtp.url });

async function subscribe(email: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${server.url}/subscribe`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClient() },
    body: JSON.stringify({ email }),
  });
  await res.text();
  const ms = performance.now() - started;
  if (res.status !== 202 && res.status !== 400) throw new Error(`unexpected ${res.status} for ${email}`);
  return ms;
}

// Known addresses: stored by the confirmations consumer, half of them confirmed.
const known = Array.from({ length: KNOWN }, (_, i) => `known-${i}@bench.example`);
for (const email of known) await subscribe(email);
await waitFor(
  "the confirmations of the known addresses",
  () => (smtp.received.length >= KNOWN ? true : undefined),
  120_000,
);
for (const mail of smtp.received.slice(0, KNOWN / 2)) {
  const token = /confirm\?token=([^"&\s]+)/.exec(mail.text ?? "")?.[1] ?? "";
  const res = await fetch(`${server.url}/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: decodeURIComponent(token) }).toString(),
  });
  if (res.status !== 200) throw new Error(`confirm answered ${res.status}`);
}

const samples = { new: [] as number[], known: [] as number[], invalid: [] as number[] };
let fresh = 0;
let round = 0;

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

/** Two-sample Kolmogorov–Smirnov: the largest distance between the two empirical CDFs, and its p-value. */
function kolmogorovSmirnov(a: number[], b: number[]): { d: number; p: number } {
  const x = [...a].sort((m, n) => m - n);
  const y = [...b].sort((m, n) => m - n);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] ?? Infinity, y[j] ?? Infinity);
    while (i < x.length && (x[i] ?? Infinity) <= v) i++;
    while (j < y.length && (y[j] ?? Infinity) <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  // Asymptotic distribution with Stephens' small-sample correction (Numerical Recipes, probks).
  const en = Math.sqrt((x.length * y.length) / (x.length + y.length));
  const lambda = (en + 0.12 + 0.11 / en) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

const row = (name: string, values: number[]) => {
  const s = [...values].sort((m, n) => m - n);
  const f = (v: number) => v.toFixed(2).padStart(7);
  return `${name.padEnd(26)} n=${String(s.length).padStart(4)}  median ${f(quantile(s, 0.5))} ms  p90 ${f(quantile(s, 0.9))} ms  p99 ${f(quantile(s, 0.99))} ms`;
};

afterAll(async () => {
  const same = kolmogorovSmirnov(samples.new, samples.known);
  const control = kolmogorovSmirnov(samples.known, samples.invalid);
  console.log(
    [
      "",
      "POST /subscribe against npm start, new and known addresses interleaved at random",
      row("new address", samples.new),
      row("known (pending/confirmed)", samples.known),
      row("invalid (control)", samples.invalid),
      `Kolmogorov–Smirnov new vs known:      D = ${same.d.toFixed(3)}, p = ${same.p.toPrecision(3)}`,
      `Kolmogorov–Smirnov known vs invalid:  D = ${control.d.toFixed(3)}, p = ${control.p.toPrecision(3)}`,
      "",
    ].join("\n"),
  );
  await server.stop();
  await smtp.close();
});

describe("POST /subscribe", () => {
  bench(
    "one new, one known and one invalid address, in random order",
    async () => {
      const order = ["new", "known", "invalid"] as const;
      const shuffled = [...order].sort(() => Math.random() - 0.5);
      for (const kind of shuffled) {
        const email =
          kind === "new"
            ? `new-${++fresh}@bench.example`
            : kind === "known"
              ? (known[round % KNOWN] ?? "")
              : `not an address ${round}`;
        const ms = await subscribe(email);
        if (round >= WARMUP) samples[kind].push(ms);
      }
      round++;
    },
    { iterations: ROUNDS, time: 0, warmupIterations: WARMUP, warmupTime: 0 },
  );
});
