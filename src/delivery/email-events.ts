// Cloudflare Email Service lifecycle events (bounced, complained), delivered to a queue by an
// event subscription on the sending domain. Pure: reads an event, says whom to suppress.
import { normaliseAddress } from "../subscribers/address.ts";

export interface Suppression {
  /** The mailbox the event's recipient address reaches (address.ts mailboxKey). */
  mailbox: string;
  reason: string;
}

interface EmailEvent {
  type?: unknown;
  payload?: {
    recipient?: unknown;
    bounce?: { type?: unknown; category?: unknown };
    complaint?: { type?: unknown };
  };
}

/**
 * The address an event asks us to stop mailing: a hard bounce or a complaint. Soft bounces,
 * deliveries and deferrals suppress nothing. Event types are matched by their last part
 * (`message.bounced`), whatever prefix the subscription gives them.
 */
export function suppressionFromEmailEvent(body: unknown): Suppression | null {
  if (typeof body !== "object" || body === null) return null;
  const event = body as EmailEvent;
  const type = typeof event.type === "string" ? event.type : "";
  const address = normaliseAddress(event.payload?.recipient);
  if (!address.ok) return null;
  if (type.endsWith("message.complained")) {
    const kind = typeof event.payload?.complaint?.type === "string" ? `: ${event.payload.complaint.type}` : "";
    return { mailbox: address.mailbox, reason: `complaint${kind}` };
  }
  if (type.endsWith("message.bounced") && event.payload?.bounce?.type === "hard") {
    const category = typeof event.payload.bounce.category === "string" ? `: ${event.payload.bounce.category}` : "";
    return { mailbox: address.mailbox, reason: `hard bounce${category}` };
  }
  return null;
}
