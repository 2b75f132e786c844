// Confirm and unsubscribe tokens as bantin signed them before subscribers had public handles
// (`id.expires.mac`, "bantin/1"): links already mailed carry them for up to 400 days. The Worker no
// longer issues them; tests make them here, and test/unit/tokens.test.ts pins this to the old output.
import { toBase64Url } from "../src/hash.ts";
import { TOKEN_LIFETIME_MS, type TokenPurpose } from "../src/subscribers/tokens.ts";

export async function signLegacyToken(
  secret: string,
  purpose: TokenPurpose,
  id: number,
  email: string,
  nowMs: number,
  generation = 0,
): Promise<string> {
  const encoder = new TextEncoder();
  const expires = Math.floor((nowMs + TOKEN_LIFETIME_MS[purpose]) / 1000);
  const message = `bantin/1\n${purpose}\n${id}\n${email}\n${expires}${generation === 0 ? "" : `\n${generation}`}`;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return `${id}.${expires}.${toBase64Url(new Uint8Array(mac))}`;
}
