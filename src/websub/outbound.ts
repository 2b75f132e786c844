// Requests to subscribers' callbacks: no redirect followed, a time limit, and at most a few bytes of
// the answer read.
import { toHex } from "../hash.ts";
import { WEBSUB_LIMITS } from "./settings.ts";

export type Outcome = { kind: "answered"; status: number; body: string } | { kind: "unreachable"; reason: string };

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

/** One request to a callback; the body of the answer is read up to `maxBody` bytes (0: not at all). */
export async function callCallback(url: string, init: RequestInit, maxBody: number): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(WEBSUB_LIMITS.timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      kind: "unreachable",
      reason: timedOut
        ? `no answer within ${WEBSUB_LIMITS.timeoutMs / 1000} s`
        : `could not connect: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300),
    };
  }
  if (maxBody === 0) {
    await res.body?.cancel();
    return { kind: "answered", status: res.status, body: "" };
  }
  const { text, truncated } = await readCapped(res, maxBody);
  return { kind: "answered", status: res.status, body: truncated ? `${text}…` : text };
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
