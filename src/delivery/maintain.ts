// The delivery sweep, run by the maintenance cron: what a lost queue message or a dead sender
// left behind is closed or carried on, and cooldown pauses whose time has come are lifted.
import type { DeliveryMessage } from "./messages.ts";
import { closeStaleClaims, dueCooldowns, resumeDigest, stalledDigests, touchDigest } from "./repository.ts";
import type { DeliverySettings } from "./settings.ts";

/** The frequent cron (wrangler.toml) only sweeps deliveries; every other cron also composes the next digest. */
export const MAINTENANCE_CRON = "* * * * *";

export interface SweepResult {
  /** Deliveries claimed by a sender that died, closed as "outcome unknown" (never resent). */
  closedClaims: number;
  /** Digests whose cooldown pause ended. */
  resumed: number[];
  /** Digests with queued work and no activity, fanned out again. */
  restarted: number[];
}

export async function sweepDeliveries(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  settings: DeliverySettings,
  nowMs: number,
): Promise<SweepResult> {
  const closedClaims = await closeStaleClaims(db, nowMs - settings.staleClaimSeconds * 1000, nowMs);
  const resumed: number[] = [];
  for (const { digest, pausedMs } of await dueCooldowns(db, nowMs)) {
    if (await resumeDigest(db, digest, nowMs, pausedMs)) resumed.push(digest);
  }
  const restarted = await stalledDigests(db, nowMs - settings.stallSeconds * 1000, nowMs);
  const messages: { body: DeliveryMessage }[] = [
    ...resumed.map((digest) => ({ body: { kind: "fanout", digest, after: 0 } as DeliveryMessage })),
    ...restarted.map((digest) => ({ body: { kind: "fanout", digest, after: 0, due: nowMs } as DeliveryMessage })),
  ];
  if (messages.length > 0) await queue.sendBatch(messages);
  // The next sweep gives these fan-outs time to move before calling them stalled again.
  for (const digest of restarted) await touchDigest(db, digest, nowMs);
  return { closedClaims, resumed, restarted };
}
