// What travels on the deliveries queue.

/** Enqueue the next page of queued deliveries of a digest, after a subscriber id. */
export interface FanoutMessage {
  kind: "fanout";
  digest: number;
  after: number;
  /** Only deliveries due by this time (a sweep after lost messages); all queued ones when absent. */
  due?: number;
}

/** Send one digest to one subscriber. */
export interface SendMessage {
  kind: "send";
  digest: number;
  subscriber: number;
}

/** Lift the breaker's cooldown pause that began at `pausedMs`, and carry on. */
export interface ResumeMessage {
  kind: "resume";
  digest: number;
  pausedMs: number;
}

export type DeliveryMessage = FanoutMessage | SendMessage | ResumeMessage;

export function isDeliveryMessage(body: unknown): body is DeliveryMessage {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  if (!Number.isInteger(b.digest)) return false;
  switch (b.kind) {
    case "fanout":
      return Number.isInteger(b.after) && (b.due === undefined || Number.isInteger(b.due));
    case "send":
      return Number.isInteger(b.subscriber);
    case "resume":
      return Number.isInteger(b.pausedMs);
    default:
      return false;
  }
}
