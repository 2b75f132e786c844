// What an upload is, from its bytes alone; what is refused before any decode.
import { describe, expect, it } from "vitest";
import { MEDIA_LIMITS, sniff } from "../../src/media/sniff.ts";
import { photo } from "../media.ts";

const cut = (b: Uint8Array, keep: number) => b.slice(0, keep);

describe("sniff", () => {
  it.each([
    ["jpeg", "image/jpeg"],
    ["png", "image/png"],
    ["webp", "image/webp"],
    ["avif", "image/avif"],
    ["gif", "image/gif"],
  ] as const)("tells a %s by its bytes, with its declared size", (name, type) => {
    expect(sniff(photo(name))).toEqual({ ok: true, type, width: 1200, height: 800 });
  });

  it("reports the stored size of a phone photo, before its orientation is applied", () => {
    expect(sniff(photo("phone"))).toEqual({ ok: true, type: "image/jpeg", width: 1200, height: 800 });
  });

  it("refuses SVG by name: it can carry script", () => {
    const result = sniff(photo("svg"));
    expect(result).toMatchObject({ ok: false, reason: "unsupported" });
    expect(result.ok || result.message).toMatch(/SVG .*script.*JPEG, PNG, WebP, AVIF or GIF/);
  });

  it("refuses HTML whatever its name", () => {
    const result = sniff(photo("html"));
    expect(result).toMatchObject({ ok: false, reason: "unsupported" });
    expect(result.ok || result.message).toMatch(/text \(HTML or XML\), not an image/);
  });

  it("refuses HEIC, saying how to get a JPEG", () => {
    const result = sniff(photo("heic"));
    expect(result).toMatchObject({ ok: false, reason: "unsupported" });
    expect(result.ok || result.message).toMatch(/HEIC.*Most Compatible/);
  });

  it("refuses an image declaring more than 50 megapixels, from its header alone", () => {
    const bomb = photo("bomb");
    expect(bomb.byteLength).toBeLessThan(100_000);
    expect(sniff(bomb)).toMatchObject({
      ok: false,
      reason: "too-many-pixels",
      message: expect.stringMatching(/60000 × 60000 .* 50 megapixels/),
    });
    // 8,000 × 6,251 is 50,008,000 pixels: just over.
    expect(sniff(photo("justOver"))).toMatchObject({ ok: false, reason: "too-many-pixels" });
  });

  it("refuses an empty file and one over 20 MB", () => {
    expect(sniff(new Uint8Array())).toMatchObject({ ok: false, reason: "empty" });
    const big = new Uint8Array(MEDIA_LIMITS.bytes + 1);
    big.set(photo("jpeg"));
    expect(sniff(big)).toMatchObject({ ok: false, reason: "too-large", message: expect.stringMatching(/20 MB/) });
  });

  it.each(["jpeg", "png", "webp", "avif", "gif"] as const)("refuses a %s cut short", (name) => {
    const whole = photo(name);
    // Half the file for most; an AVIF keeps its header boxes and loses the end of its pixel data.
    const keep = name === "avif" ? whole.length - 50 : Math.floor(whole.length / 2);
    expect(sniff(cut(whole, keep))).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("lets a JPEG padded with zero bytes after its end marker through", () => {
    const padded = new Uint8Array([...photo("jpeg"), 0, 0, 0]);
    expect(sniff(padded)).toMatchObject({ ok: true, type: "image/jpeg" });
  });
});
