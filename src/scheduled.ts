// What the Cron Triggers run: scheduled() runs it when a cron fires, and POST /admin/maintenance runs
// the maintenance cron on demand (npm start's clock: no cron fires locally).
import { settingsScope } from "./cache/scope.ts";
import { MAINTENANCE_CRON, type SweepResult, sweepDeliveries } from "./delivery/maintain.ts";
import type { DeliveryMessage } from "./delivery/messages.ts";
import { STARTS_PER_RUN, startDueEmails } from "./delivery/post-sends.ts";
import { dueEmailsQuery, postEmailsFrom } from "./delivery/sends-repository.ts";
import { parseDeliverySettings } from "./delivery/settings.ts";
import { type StartResult, startNextDigest } from "./delivery/start.ts";
import { digestStateOf, digestStateQueries } from "./digest/repository.ts";
import { publishDuePosts } from "./posts/publish.ts";
import { type DuePost, duePostsQuery } from "./posts/repository.ts";
import { pruneRateLimits } from "./subscribers/repository.ts";
import { SUBSCRIBE_LIMIT } from "./subscribers/service.ts";
import type { WebSubMessage } from "./websub/messages.ts";
import { sweepHub } from "./websub/sweep.ts";

export interface CronReport {
  /** Scheduled posts published because their time had come. */
  published: number;
  /** Per-post emails started because their grace delay had passed: their send numbers and audiences. */
  postEmails: { number: number; recipients: number }[];
  /** The next digest's run; null on the maintenance cron, which composes none. */
  digest: StartResult | null;
  /** The sweeps; null where the digest cron left them to the maintenance cron (the Free profile). */
  deliveries: SweepResult | null;
  hub: Awaited<ReturnType<typeof sweepHub>> | null;
}

/**
 * Runs a cron: every one publishes due posts and starts due per-post emails; every one but
 * MAINTENANCE_CRON also starts the next digest; every one sweeps, but the digest cron under the
 * Free profile, where an invocation has 10 ms of CPU and the start takes most of it: there the
 * maintenance cron, which fires in the same minute, sweeps.
 */
export async function runCron(cron: string, env: Env, nowMs: number): Promise<CronReport> {
  const queue = env.DELIVERIES as Queue<DeliveryMessage>;
  const settings = parseDeliverySettings(env);
  const composes = cron !== MAINTENANCE_CRON;
  // What a run reads first, in one round trip (each costs CPU, and the digest cron's is short under
  // the Free profile): the posts due, the emails due and, for the digest cron, the digests' state.
  // Publishing changes what the other two would read: then they are read again after it.
  const [duePosts, dueEmails, ...state] = await env.DB.batch([
    duePostsQuery(env.DB, nowMs),
    dueEmailsQuery(env.DB, nowMs, settings.postEmailGraceMs, STARTS_PER_RUN),
    ...(composes ? digestStateQueries(env.DB) : []),
  ]);
  const due = (duePosts?.results ?? []) as DuePost[];
  const stale = due.length > 0;
  // Scheduled posts whose time has come, before a digest is composed (so it can carry them).
  const published = await publishDuePosts(env.DB, nowMs, due);
  let digest: StartResult | null = null;
  const { config } = await settingsScope(env);
  // Per-post emails whose delay has passed, before a digest is composed (so it knows whom they reached).
  const emails = stale ? undefined : postEmailsFrom(dueEmails?.results ?? []);
  const postEmails = await startDueEmails(env.DB, queue, config, nowMs, settings, emails);
  if (postEmails.length > 0) console.log(`per-post emails started: ${JSON.stringify(postEmails)}`);
  if (composes) {
    const known = stale ? undefined : digestStateOf(state.map((r) => r.results ?? []));
    digest = await startNextDigest(env.DB, queue, config, nowMs, settings, undefined, undefined, known);
    console.log(`scheduled digest run: ${JSON.stringify(digest)}`);
    if (settings.profile === "free") return { published, postEmails, digest, deliveries: null, hub: null };
  }
  const deliveries = await sweepDeliveries(env.DB, queue, settings, nowMs);
  if (deliveries.closedClaims > 0 || deliveries.resumed.length > 0 || deliveries.restarted.length > 0) {
    console.log(`delivery sweep: ${JSON.stringify(deliveries)}`);
  }
  await pruneRateLimits(env.DB, nowMs - SUBSCRIBE_LIMIT.windowMs);
  const hub = await sweepHub(env.DB, env.WEBSUB as Queue<WebSubMessage>, nowMs);
  if (hub.expired > 0 || hub.requeued > 0 || hub.announced) {
    console.log(`websub sweep: ${JSON.stringify(hub)}`);
  }
  return { published, postEmails, digest, deliveries, hub };
}
