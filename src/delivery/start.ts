// Starting a digest: compose from uncovered posts, render once, store it with its audience in
// windows of recipients, then hand the windows to the queue.
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { composeFittingDigest } from "../digest/fit.ts";
import { renderDigestWeb } from "../digest/render.ts";
import { readDigests } from "../digest/repository.ts";
import { fanoutWindows } from "./consumer.ts";
import type { DeliveryMessage } from "./messages.ts";
import { createDigestWithDeliveries } from "./repository.ts";

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
  windowSize: number,
): Promise<StartResult> {
  const { value: state } = await readDigests(db);
  const next = await composeFittingDigest(state.next, state.uncovered, config);
  if (!next) return { status: "nothing-new" };
  const { content, email } = next;
  const web = await renderDigestWeb(content, config);
  const recipients = await createDigestWithDeliveries(
    db,
    { content, email, web, createdAt: zonedIso(nowMs, config.timeZone), createdMs: nowMs },
    windowSize,
  );
  if (recipients === null) return { status: "taken" };
  // The first page of windows goes on the queue from here, so the first batch need not wait for a fan-out message.
  await fanoutWindows(db, queue, content.number, 0);
  return { status: "started", number: content.number, recipients };
}
