// What travels on the deliveries queue.

/** Enqueue the next page of queued deliveries of a digest, after a subscriber id. */
export interface FanoutMessage {
  kind: "fanout";
  digest: number;
  after: number;
}

/** Send one digest to one subscriber. */
export interface SendMessage {
  kind: "send";
  digest: number;
  subscriber: number;
}

export type DeliveryMessage = FanoutMessage | SendMessage;

export function isDeliveryMessage(body: unknown): body is DeliveryMessage {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  if (!Number.isInteger(b.digest)) return false;
  return (b.kind === "fanout" && Number.isInteger(b.after)) || (b.kind === "send" && Number.isInteger(b.subscriber));
}
