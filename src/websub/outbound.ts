// Requests to subscribers' callbacks: no redirect followed, one deadline for the whole answer, at most
// a few bytes of it read, and a bounded number in flight at once.
import { toHex } from "../hash.ts";

export type Outcome = { kind: "answered"; status: number; body: string } | { kind: "unreachable"; reason: string };

/**
 * The callback URL with the hub's parameters added to its query (WebSub 5.3): the callback's own
 * query is kept byte for byte (`?sp=a%20b&flag` stays so) and the parameters follow with `&`.
 */
export function withHubParameters(callback: URL, parameters: Record<string, string>): string {
  const url = new URL(callback);
  url.hash = "";
  const added = new URLSearchParams(parameters).toString();
  // An empty query (`…/cb?`) is kept as it is too.
  const separator = url.search !== "" ? "&" : url.href.endsWith("?") ? "" : "?";
  return `${url.href}${separator}${added}`;
}

/** Reads at most `max` bytes of a body (and says whether there was more). */
async function readCapped(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > max) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const all = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.min(chunk.byteLength, all.byteLength - at));
    all.set(part, at);
    at += part.byteLength;
  }
  return { text: new TextDecoder().decode(all), truncated };
}

/**
 * One request to a callback. `deadlineMs` covers the whole exchange, headers and body together: a
 * callback that answers its headers and then trickles its body is cut off at the same moment as one
 * that never answers. The body is read up to `maxBody` bytes (0: not at all).
 */
export async function callCallback(
  url: string,
  init: RequestInit,
  options: { maxBody: number; deadlineMs: number },
): Promise<Outcome> {
  const controller = new AbortController();
  let headersArrived = false;
  const exchange = async (): Promise<Outcome> => {
    const res = await fetch(url, { ...init, redirect: "manual", signal: controller.signal });
    headersArrived = true;
    if (options.maxBody === 0) {
      await res.body?.cancel();
      return { kind: "answered", status: res.status, body: "" };
    }
    const { text, truncated } = await readCapped(res, options.maxBody);
    return { kind: "answered", status: res.status, body: truncated ? `${text}…` : text };
  };
  const seconds = options.deadlineMs / 1000;
  const timedOut = (): Outcome => ({
    kind: "unreachable",
    reason: headersArrived ? `the answer's body was not complete within ${seconds} s` : `no answer within ${seconds} s`,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The race ends the wait even if a runtime kept a body read going after the abort.
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException(`no complete answer within ${seconds} s`, "TimeoutError"));
      resolve("deadline");
    }, options.deadlineMs);
  });
  const exchanging = exchange();
  // Once the deadline has won, the aborted exchange's own failure is of no interest.
  exchanging.catch(() => undefined);
  try {
    const answer = await Promise.race([exchanging, deadline]);
    return answer === "deadline" ? timedOut() : answer;
  } catch (error) {
    if (controller.signal.aborted) return timedOut();
    return {
      kind: "unreachable",
      reason: `could not connect: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Bounds the requests one queue batch has in flight: `total` in all (a Worker invocation's
 * connections waiting for an answer) and `perOrigin` to any one callback origin, so that callbacks
 * on a server that hangs hold at most `perOrigin` of them. Waiting tasks start in arrival order.
 */
export class CallbackGate {
  readonly #total: number;
  readonly #perOrigin: number;
  #active = 0;
  readonly #byOrigin = new Map<string, number>();
  readonly #waiting: { origin: string; start: () => void }[] = [];

  constructor(total: number, perOrigin: number) {
    this.#total = total;
    this.#perOrigin = perOrigin;
  }

  /** Runs `task` once a place is free for `origin`. */
  async run<T>(origin: string, task: () => Promise<T>): Promise<T> {
    if (this.#fits(origin)) this.#take(origin);
    else await new Promise<void>((start) => this.#waiting.push({ origin, start }));
    try {
      return await task();
    } finally {
      this.#release(origin);
    }
  }

  #fits(origin: string): boolean {
    return this.#active < this.#total && (this.#byOrigin.get(origin) ?? 0) < this.#perOrigin;
  }

  #take(origin: string): void {
    this.#active++;
    this.#byOrigin.set(origin, (this.#byOrigin.get(origin) ?? 0) + 1);
  }

  #release(origin: string): void {
    this.#active--;
    const left = (this.#byOrigin.get(origin) ?? 1) - 1;
    if (left === 0) this.#byOrigin.delete(origin);
    else this.#byOrigin.set(origin, left);
    for (let i = 0; i < this.#waiting.length; ) {
      const next = this.#waiting[i];
      if (next && this.#fits(next.origin)) {
        this.#waiting.splice(i, 1);
        this.#take(next.origin);
        next.start();
      } else {
        i++;
      }
    }
  }
}

/** X-Hub-Signature over the exact bytes: `sha256=` and the hex HMAC-SHA256 keyed with hub.secret. */
export async function hubSignature(secret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
  return `sha256=${toHex(mac)}`;
}
