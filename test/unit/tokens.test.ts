// Confirm and unsubscribe tokens: what they carry, and the links mailed before subscribers had handles.
import { describe, expect, it } from "vitest";
import {
  signToken,
  TOKEN_LIFETIME_MS,
  type TokenPurpose,
  tokenSubject,
  verifyToken,
} from "../../src/subscribers/tokens.ts";
import { signLegacyToken } from "../legacy-links.ts";

const SECRET = "test-token-secret";
const NOW = Date.UTC(2026, 5, 1);
const HANDLE_A = "3f2a9c0e1b7d4e8f9a6b5c4d3e2f1a0b";
const HANDLE_B = "c81e728d9d4c2f636f067f89cc14862c";

// Signed by bantin before handles (commit 2f44310) at NOW: links of this shape are in inboxes now.
const MAILED_BEFORE = {
  unsubscribe: {
    token: "11513.1814832000.lWMuVMxv5wha59FKcAS4Z1pWgULbtDsOCxrP46Vw7RQ",
    email: "doc.gia@xn--v-d-rma6749a.vn",
  },
  confirm: { token: "11514.1780876800.QK8s4JJTijVn-Qv42S6DfhVHiJJo-xEVjgWd88qPXy0", email: "ban.doc@example.org" },
};

describe("tokens", () => {
  it("carry the subscriber's handle, an expiry in seconds and a MAC: nothing else", async () => {
    const token = await signToken(SECRET, "unsubscribe", HANDLE_A, "a@example.org", NOW);
    const expires = (NOW + TOKEN_LIFETIME_MS.unsubscribe) / 1000;
    expect(token).toMatch(new RegExp(`^${HANDLE_A}\\.${expires}\\.[A-Za-z0-9_-]{43}$`));
    expect(tokenSubject(token)).toEqual({ handle: HANDLE_A, expires });
    expect(await verifyToken(SECRET, "unsubscribe", token, "a@example.org", NOW)).toEqual({ ok: true });
  });

  it("are never signed for an id", async () => {
    await expect(signToken(SECRET, "unsubscribe", "11513", "a@example.org", NOW)).rejects.toThrow(/handle/);
  });

  it("refuse a handle swapped for another's, another address, purpose or generation", async () => {
    const token = await signToken(SECRET, "confirm", HANDLE_A, "a@example.org", NOW, 1);
    const swapped = token.replace(HANDLE_A, HANDLE_B);
    const tries: [TokenPurpose, string, string, number][] = [
      ["confirm", swapped, "a@example.org", 1],
      ["confirm", swapped, "b@example.org", 1],
      ["confirm", token, "b@example.org", 1],
      ["unsubscribe", token, "a@example.org", 1],
      ["confirm", token, "a@example.org", 2],
    ];
    for (const [purpose, t, email, generation] of tries) {
      expect(await verifyToken(SECRET, purpose, t, email, NOW, generation)).toEqual({ ok: false, reason: "forged" });
    }
    expect(await verifyToken(SECRET, "confirm", token, "a@example.org", NOW, 1)).toEqual({ ok: true });
    // Upper-case hex is not a handle the repository stores.
    expect(tokenSubject(token.toUpperCase())).toBeNull();
  });

  it("still verify the id-carrying links mailed before handles, until they expire", async () => {
    const { unsubscribe, confirm } = MAILED_BEFORE;
    expect(tokenSubject(unsubscribe.token)).toEqual({ id: 11513, expires: 1814832000 });
    expect(await verifyToken(SECRET, "unsubscribe", unsubscribe.token, unsubscribe.email, NOW)).toEqual({ ok: true });
    expect(await verifyToken(SECRET, "confirm", confirm.token, confirm.email, NOW, 2)).toEqual({ ok: true });
    expect(await verifyToken(SECRET, "confirm", confirm.token, confirm.email, NOW, 3)).toEqual({
      ok: false,
      reason: "forged",
    });
    const later = NOW + TOKEN_LIFETIME_MS.unsubscribe + 1000;
    expect(await verifyToken(SECRET, "unsubscribe", unsubscribe.token, unsubscribe.email, later)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("are made for tests in the old format exactly as the previous release made them", async () => {
    const { unsubscribe, confirm } = MAILED_BEFORE;
    expect(await signLegacyToken(SECRET, "unsubscribe", 11513, unsubscribe.email, NOW)).toBe(unsubscribe.token);
    expect(await signLegacyToken(SECRET, "confirm", 11514, confirm.email, NOW, 2)).toBe(confirm.token);
  });
});
