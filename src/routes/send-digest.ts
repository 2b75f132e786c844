// "Send the next digest now", as the admin API and the console both offer it: started on behalf of
// the request's actor, and put on record (the Cron Trigger's run is src/scheduled.ts).
import type { Context } from "hono";
import type { DeliveryMessage } from "../delivery/messages.ts";
import { parseDeliverySettings } from "../delivery/settings.ts";
import { type StartResult, startNextDigest } from "../delivery/start.ts";
import type { DigestContent } from "../digest/compose.ts";
import { auditWho } from "./audit.ts";
import type { AppEnv } from "./context.ts";

/** `confirmed`: whether the digest composed is the one the editor confirmed (else "changed", nothing started). */
export function sendDigestNow<E extends AppEnv>(
  c: Context<E>,
  confirmed?: (content: DigestContent) => Promise<boolean>,
): Promise<StartResult> {
  const nowMs = Date.now();
  // Its audit row goes in the start's own transaction: one D1 round trip fewer.
  return startNextDigest(
    c.env.DB,
    c.env.DELIVERIES as Queue<DeliveryMessage>,
    c.get("config"),
    nowMs,
    parseDeliverySettings(c.env),
    { startedBy: { who: auditWho(c), atMs: nowMs }, confirmed },
  );
}
