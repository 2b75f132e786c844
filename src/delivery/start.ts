// Starting a digest: compose from uncovered posts, render once, store it with one queued
// delivery per confirmed subscriber, then hand the fan-out to the queue.
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { composeFittingDigest } from "../digest/fit.ts";
import { renderDigestWeb } from "../digest/render.ts";
import { readDigests } from "../digest/repository.ts";
import { fanout } from "./consumer.ts";
import type { DeliveryMessage } from "./messages.ts";
import { countDeliveries, createDigestWithDeliveries } from "./repository.ts";

export type StartResult =
  | { status: "started"; number: number; recipients: number }
  | { status: "nothing-new" }
  | { status: "taken" };

/**
 * Composes and starts the next digest if there are new posts (as many of the newest as fit one
 * email; the rest wait for the next digest). Two runs at once create one digest: the second
 * finds the number or the posts taken and starts nothing.
 */
export async function startNextDigest(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  config: SiteConfig,
  nowMs: number,
): Promise<StartResult> {
  const { value: state } = await readDigests(db);
  const next = await composeFittingDigest(state.next, state.uncovered, config);
  if (!next) return { status: "nothing-new" };
  const { content, email } = next;
  const web = await renderDigestWeb(content, config);
  const created = await createDigestWithDeliveries(db, {
    content,
    email,
    web,
    createdAt: zonedIso(nowMs, config.timeZone),
    createdMs: nowMs,
  });
  if (!created) return { status: "taken" };
  // The first page goes on the queue from here, so the first batch need not wait for a fan-out message.
  await fanout(db, queue, content.number, 0, null);
  return { status: "started", number: content.number, recipients: await countDeliveries(db, content.number) };
}
