// Messages on the `bantin-websub` queue.

export const WEBSUB_QUEUE = "bantin-websub";

/** Verify a subscriber's intent (WebSub 5.3) before anything is stored. */
export interface VerifyMessage {
  kind: "verify";
  /** The row in websub_verifications that records the outcome. */
  verification: number;
  mode: "subscribe" | "unsubscribe";
  /** The topic's canonical URL (src/websub/topic.ts). */
  topic: string;
  /** The topic as the subscriber spelled it, when that differs: the verification echoes it (WebSub 5.3). */
  requestedTopic?: string | undefined;
  callback: string;
  leaseSeconds: number;
  secret: string | null;
}

/** Content changed: find every subscriber whose topic's document changed, and queue a delivery for each. */
export interface DistributeMessage {
  kind: "distribute";
}

/** Push one document to one subscriber. */
export interface DeliverMessage {
  kind: "deliver";
  delivery: number;
}

export type WebSubMessage = VerifyMessage | DistributeMessage | DeliverMessage;

export function isWebSubMessage(body: unknown): body is WebSubMessage {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  if (b.kind === "distribute") return true;
  if (b.kind === "deliver") return Number.isInteger(b.delivery);
  return (
    b.kind === "verify" &&
    Number.isInteger(b.verification) &&
    (b.mode === "subscribe" || b.mode === "unsubscribe") &&
    typeof b.topic === "string" &&
    (b.requestedTopic === undefined || typeof b.requestedTopic === "string") &&
    typeof b.callback === "string" &&
    Number.isInteger(b.leaseSeconds) &&
    (b.secret === null || typeof b.secret === "string")
  );
}
