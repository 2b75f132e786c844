// npm run bench, readers' choices: the weekly digest per reader against the single digest, in one run.
// N readers (100,000 by default; BENCH_READERS) through `npm start`'s real local queue to the fast
// SMTP sink: first everyone on everything by the weekly digest (one rendering, as before choices),
// then the same N with random choices over 20 tags (three in ten everything, the others one to three
// tags; half each post, half weekly). The same posts each time (12, two tags each). Prints the
// renderings per digest (distinct post sets), the delivery rate and workerd's CPU per recipient (from
// /proc, start and sends together) of both, against the target (≤ 1.2× the single digest's CPU per
// recipient), and writes them to bench/results.json under "readerChoice". Per-post emails are kept
// out (their grace delay is a day): this measures the digest.
import { startServer } from "../e2e/server.ts";
import { cpuSeconds } from "./proc.ts";
import { POSTS, seedReadersAndPosts, TAGS } from "./readers.ts";
import { saveResults } from "./results.ts";
import { type Sink, startSink } from "./sink.ts";

const N = Number(process.env.BENCH_READERS || 100_000);
const TARGET_CPU_RATIO = 1.2;

interface Run {
  recipients: number;
  renders: number;
  nothingFor: number;
  seconds: number;
  cpuMsPerRecipient: number;
  /** Of which starting the digest (composing, renderings, storing, the first fan-out): until POST /admin/digests answered. */
  startCpuMsPerRecipient: number;
}

async function digestRun(sink: Sink, spread: boolean): Promise<Run> {
  const server = await startServer({
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    POST_EMAIL_GRACE_SECONDS: "86400",
  });
  try {
    await seedReadersAndPosts(server, N, spread);
    const auth = { Authorization: `Bearer ${server.adminToken}` };
    const before = sink.count();
    const cpuBefore = cpuSeconds();
    const started = performance.now();
    const res = await fetch(`${server.url}/admin/digests`, { method: "POST", headers: auth });
    if (res.status !== 201) throw new Error(`POST /admin/digests answered ${res.status}: ${await res.text()}`);
    const cpuStarted = cpuSeconds();
    const started201 = (await res.json()) as { recipients: number; renders: number; nothingFor: number };
    while (sink.count() - before < started201.recipients) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    return {
      recipients: started201.recipients,
      renders: started201.renders,
      nothingFor: started201.nothingFor,
      seconds,
      cpuMsPerRecipient: ((cpuSeconds() - cpuBefore) / started201.recipients) * 1000,
      startCpuMsPerRecipient: ((cpuStarted - cpuBefore) / started201.recipients) * 1000,
    };
  } finally {
    await server.stop();
  }
}

const sink = await startSink();
try {
  const single = await digestRun(sink, false);
  const perReader = await digestRun(sink, true);
  const ratio = perReader.cpuMsPerRecipient / single.cpuMsPerRecipient;
  const describe = (r: Run) =>
    `${r.recipients.toLocaleString("en-US")} recipients, ${r.renders} renderings, ${r.nothingFor.toLocaleString("en-US")} with nothing; ${(r.recipients / r.seconds).toFixed(0)}/s, ${r.cpuMsPerRecipient.toFixed(2)} ms of workerd CPU per recipient (start ${r.startCpuMsPerRecipient.toFixed(2)}, sends ${(r.cpuMsPerRecipient - r.startCpuMsPerRecipient).toFixed(2)})`;
  console.log(
    [
      `readers' choices, ${N.toLocaleString("en-US")} readers over ${TAGS} tags, ${POSTS} new posts (and the seed content):`,
      `  single digest (everyone everything, weekly): ${describe(single)}`,
      `  digest per reader (choices spread):         ${describe(perReader)}`,
      `  CPU per recipient, per reader / single: ${ratio.toFixed(2)}×   target ≤ ${TARGET_CPU_RATIO}×   ${ratio <= TARGET_CPU_RATIO ? "met" : "NOT met"}`,
    ].join("\n"),
  );
  saveResults({
    readerChoice: {
      readers: N,
      tags: TAGS,
      posts: POSTS,
      single,
      perReader,
      cpuRatio: Number(ratio.toFixed(3)),
      target: TARGET_CPU_RATIO,
      measuredAt: new Date().toISOString(),
    },
  });
} finally {
  await sink.close();
}
