// Housekeeping on the maintenance cron: expired leases end, old records go, lost queue messages and
// lost change announcements are made good.
import type { WebSubMessage } from "./messages.ts";
import { distributionState, sweepWebSub } from "./repository.ts";
import { WEBSUB_LIMITS } from "./settings.ts";

/** Tells the hub that content changed: it pushes each changed document to its subscribers. */
export async function announceChange(queue: Queue<WebSubMessage>): Promise<void> {
  await queue.send({ kind: "distribute" });
}

export async function sweepHub(db: D1Database, queue: Queue<WebSubMessage>, nowMs: number) {
  const { expired, requeue } = await sweepWebSub(db, nowMs, {
    keepMs: WEBSUB_LIMITS.keepMs,
    staleClaimMs: WEBSUB_LIMITS.staleClaimMs,
    longestRetryMs: 65 * 60_000,
  });
  for (let i = 0; i < requeue.length; i += 100) {
    await queue.sendBatch(requeue.slice(i, i + 100).map((id) => ({ body: { kind: "deliver", delivery: id } })));
  }
  const { distributed, current } = await distributionState(db);
  const announced = current > distributed;
  if (announced) await announceChange(queue);
  return { expired, requeued: requeue.length, announced };
}
