// What travels on the deliveries queue.

/**
 * Fan out everything of a digest that waits: its queued windows, and its queued deliveries (given
 * back for a retry, or stored before windows) a page at a time, after a subscriber id.
 */
export interface FanoutMessage {
  kind: "fanout";
  digest: number;
  after: number;
  /** Only deliveries due by this time (a sweep after lost messages); all queued ones when absent. */
  due?: number;
}

/** Enqueue the next page of a digest's queued windows, after a window number. */
export interface WindowsMessage {
  kind: "windows";
  digest: number;
  after: number;
}

/** Send one digest to the recipients of one window of its audience. */
export interface WindowMessage {
  kind: "window";
  digest: number;
  window: number;
}

/** Send one digest again to these recipients (a retry group: their deliveries are queued rows). */
export interface RetryMessage {
  kind: "retry";
  digest: number;
  subscribers: number[];
}

/** Send one digest to one subscriber (written before windows; handled as a retry group of one). */
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

export type DeliveryMessage =
  | FanoutMessage
  | WindowsMessage
  | WindowMessage
  | RetryMessage
  | SendMessage
  | ResumeMessage;

/** Most recipients a retry group carries (a queue message stays far below 128 KB). */
export const MAX_RETRY_GROUP = 500;

export function isDeliveryMessage(body: unknown): body is DeliveryMessage {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  if (!Number.isInteger(b.digest)) return false;
  switch (b.kind) {
    case "fanout":
      return Number.isInteger(b.after) && (b.due === undefined || Number.isInteger(b.due));
    case "windows":
      return Number.isInteger(b.after);
    case "window":
      return Number.isInteger(b.window);
    case "retry":
      return (
        Array.isArray(b.subscribers) &&
        b.subscribers.length > 0 &&
        b.subscribers.length <= MAX_RETRY_GROUP &&
        b.subscribers.every((s) => Number.isInteger(s))
      );
    case "send":
      return Number.isInteger(b.subscriber);
    case "resume":
      return Number.isInteger(b.pausedMs);
    default:
      return false;
  }
}

/** The subscribers a message sends to through their delivery rows (retry groups and old sends). */
export function rowRecipients(m: RetryMessage | SendMessage): number[] {
  return m.kind === "retry" ? m.subscribers : [m.subscriber];
}
