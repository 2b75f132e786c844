// "Send the next digest now", as the admin API and the console both offer it: started on behalf of
// the request's actor, and put on record (the Cron Trigger's run is src/scheduled.ts).
import type { Context } from "hono";
import type { DeliveryMessage } from "../delivery/messages.ts";
import { parseDeliverySettings } from "../delivery/settings.ts";
import { type StartResult, startNextDigest } from "../delivery/start.ts";
import { audit } from "./audit.ts";
import type { AppEnv } from "./context.ts";

export async function sendDigestNow<E extends AppEnv>(c: Context<E>): Promise<StartResult> {
  const result = await startNextDigest(
    c.env.DB,
    c.env.DELIVERIES as Queue<DeliveryMessage>,
    c.get("config"),
    Date.now(),
    parseDeliverySettings(c.env),
  );
  if (result.status === "started") {
    await audit(c, {
      action: "digest.send",
      object: { type: "digest", id: String(result.number) },
      detail: { recipients: result.recipients },
    });
  }
  return result;
}
