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
  /** The next digest's run; null on the maintenance cron, which composes none unless one is owed (DIGEST_CATCH_UP_MS). */
  digest: StartResult | null;
  /** The sweeps; null where the digest cron left them to the maintenance cron (the Free profile). */
  deliveries: SweepResult | null;
  hub: Awaited<ReturnType<typeof sweepHub>> | null;
}

/**
 * A digest the digest cron wanted and did not start (its run cut short: Workers Free stops an
 * invocation past its 10 ms of CPU) is started by a maintenance run this long after, and again
 * every as long while it stays unstarted: the runs between sweep as usual, should the start itself
 * be what keeps failing.
 */
export const DIGEST_CATCH_UP_MS = 5 * 60_000;
/** A digest wanted this long and still not started is given up, and said so in the log. */
export const DIGEST_CATCH_UP_FOR_MS = 24 * 3_600_000;

/**
 * Runs a cron: every one publishes due posts and starts due per-post emails; every one but
 * MAINTENANCE_CRON also starts the next digest, and so does a maintenance run that finds a digest
 * wanted and not started, every DIGEST_CATCH_UP_MS after for a day; every one sweeps, but a run that starts a digest
 * under the Free profile, where an invocation has 10 ms of CPU and the start takes most of it: there
 * the maintenance cron, which fires every minute, sweeps.
 */
export async function runCron(cron: string, env: Env, nowMs: number): Promise<CronReport> {
  const queue = env.DELIVERIES as Queue<DeliveryMessage>;
  const settings = parseDeliverySettings(env);
  const digestCron = cron !== MAINTENANCE_CRON;
  // What a run reads first, in one round trip (each costs CPU, and the digest cron's is short under
  // the Free profile): the digest wanted (the digest cron marks it so, until a start clears it),
  // the posts due, the emails due and, for the digest cron, the digests' state. Publishing changes
  // what the last two would read: then they are read again after it.
  const [wanted, duePosts, dueEmails, ...state] = await env.DB.batch([
    digestCron
      ? env.DB.prepare(
          "UPDATE site_state SET digest_wanted_ms = COALESCE(digest_wanted_ms, ?1) WHERE id = 1 RETURNING digest_wanted_ms",
        ).bind(nowMs)
      : env.DB.prepare("SELECT digest_wanted_ms FROM site_state WHERE id = 1"),
    duePostsQuery(env.DB, nowMs),
    dueEmailsQuery(env.DB, nowMs, settings.postEmailGraceMs, STARTS_PER_RUN),
    ...(digestCron ? digestStateQueries(env.DB) : []),
  ]);
  const wantedMs = (wanted?.results[0] as { digest_wanted_ms: number | null } | undefined)?.digest_wanted_ms ?? null;
  const owed = digestCron || wantedMs === null ? "no" : owedDigest(nowMs - wantedMs);
  const catchUp = owed === "catch-up";
  if (owed === "give-up") {
    console.error(`the digest wanted since ${new Date(wantedMs ?? 0).toISOString()} never started: given up`);
    await forgetWantedDigest(env.DB);
  }
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
  if (digestCron || catchUp) {
    const known = stale || !digestCron ? undefined : digestStateOf(state.map((r) => r.results ?? []));
    try {
      digest = await startNextDigest(env.DB, queue, config, nowMs, settings, { known });
    } catch (error) {
      // The digest cron's own failure is its run's; a catch-up's must not stop the sweeps below.
      if (digestCron) throw error;
      console.error("catching up the digest wanted failed; tried again later", error);
    }
  }
  if (digest) {
    // A start cleared the mark in its own transaction; nothing to send (or a start that lost a race
    // to another, which cleared it) ends the want here.
    if (digest.status !== "started") await forgetWantedDigest(env.DB);
    console.log(
      `${catchUp ? "catching up the digest a cut-short run wanted" : "scheduled digest run"}: ${JSON.stringify(digest)}`,
    );
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

/**
 * What a maintenance run does with a digest wanted this long ago: starts it on a catch-up minute
 * (every DIGEST_CATCH_UP_MS; crons fire on the minute, give or take a few seconds, so the age is
 * read in whole minutes, rounded), gives it up after DIGEST_CATCH_UP_FOR_MS, else leaves it.
 */
function owedDigest(ageMs: number): "catch-up" | "give-up" | "no" {
  if (ageMs >= DIGEST_CATCH_UP_FOR_MS) return "give-up";
  const minutes = Math.round(ageMs / 60_000);
  return ageMs >= DIGEST_CATCH_UP_MS && minutes % Math.round(DIGEST_CATCH_UP_MS / 60_000) === 0 ? "catch-up" : "no";
}

/** No digest is wanted any more (a start clears it in its own transaction instead). */
async function forgetWantedDigest(db: D1Database): Promise<void> {
  await db.prepare("UPDATE site_state SET digest_wanted_ms = NULL WHERE id = 1").run();
}
