// The format of a variant by the browser's Accept header.
import { describe, expect, it } from "vitest";
import { formatFor } from "../../src/media/variants.ts";

const CHROME = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
const SAFARI_15 = "image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5";

describe("formatFor", () => {
  it("gives AVIF to a browser that takes it, up to 1080 px", () => {
    expect(formatFor(CHROME, 360)).toBe("image/avif");
    expect(formatFor(CHROME, 1080)).toBe("image/avif");
  });

  it("gives WebP past 1080 px, and to a browser without AVIF", () => {
    expect(formatFor(CHROME, 1600)).toBe("image/webp");
    expect(formatFor(SAFARI_15, 360)).toBe("image/webp");
  });

  it("gives JPEG to a client that names neither (wildcards do not count)", () => {
    expect(formatFor("*/*", 360)).toBe("image/jpeg");
    expect(formatFor("image/*", 360)).toBe("image/jpeg");
    expect(formatFor("", 360)).toBe("image/jpeg");
  });

  it("takes q=0 as a refusal", () => {
    expect(formatFor("image/avif;q=0, image/webp", 360)).toBe("image/webp");
    expect(formatFor("image/avif;q=0, image/webp;q=0.0", 360)).toBe("image/jpeg");
  });
});
