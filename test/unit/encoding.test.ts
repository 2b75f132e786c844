import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { clientAcceptEncoding, compress, etagForCoding, negotiateCoding } from "../../src/http/encoding.ts";

const BOTH = { br: new Uint8Array([1]), gzip: new Uint8Array([2]) };

describe("negotiateCoding", () => {
  const cases: [string, string][] = [
    ["", "identity"],
    ["   ", "identity"],
    ["gzip", "gzip"],
    ["br", "br"],
    ["deflate", "identity"],
    ["identity", "identity"],
    // Equal q: the client's first listed coding (what browsers send puts gzip first).
    ["gzip, deflate, br, zstd", "gzip"],
    ["br, gzip", "br"],
    ["zstd, br, gzip", "br"],
    ["identity, gzip", "identity"],
    // q-values decide before order.
    ["gzip;q=0.5, br", "br"],
    ["gzip, br;q=0.9", "gzip"],
    ["br;q=0.2, gzip;q=0.8, identity;q=0.1", "gzip"],
    ["GZIP;Q=1", "gzip"],
    // q=0 refuses a coding.
    ["br;q=0, gzip", "gzip"],
    ["gzip;q=0, br;q=0", "identity"],
    ["br;q=0", "identity"],
    ["*;q=0, gzip;q=0", "identity"],
    // The wildcard stands for any coding not named.
    ["*", "br"],
    ["br;q=0, *", "gzip"],
    // Everything refused, identity included: the body is still sent uncompressed.
    ["identity;q=0, br;q=0, gzip;q=0", "identity"],
  ];
  for (const [header, expected] of cases) {
    it(`answers ${JSON.stringify(header)} with ${expected}`, () => {
      expect(negotiateCoding(header, BOTH)).toBe(expected);
    });
  }

  it("only offers the codings that were stored", () => {
    expect(negotiateCoding("br, gzip", { gzip: BOTH.gzip })).toBe("gzip");
    expect(negotiateCoding("br", { gzip: BOTH.gzip })).toBe("identity");
    expect(negotiateCoding("gzip, br", {})).toBe("identity");
  });
});

describe("clientAcceptEncoding", () => {
  it("reads the client's header that Cloudflare keeps in cf.clientAcceptEncoding", () => {
    const edge = new Request("https://x.example/", {
      headers: { "Accept-Encoding": "br, gzip" },
      cf: { clientAcceptEncoding: "" },
    });
    expect(clientAcceptEncoding(edge)).toBe("");
    const gzipOnly = new Request("https://x.example/", {
      headers: { "Accept-Encoding": "br, gzip" },
      cf: { clientAcceptEncoding: "gzip" },
    });
    expect(clientAcceptEncoding(gzipOnly)).toBe("gzip");
  });

  it("falls back to the header without Cloudflare in front", () => {
    expect(clientAcceptEncoding(new Request("https://x.example/", { headers: { "Accept-Encoding": "gzip" } }))).toBe(
      "gzip",
    );
    expect(clientAcceptEncoding(new Request("https://x.example/"))).toBe("");
  });
});

describe("compress", () => {
  it("gives gzip and brotli bodies that decode to the original bytes", () => {
    const text = new TextEncoder().encode("Sơ kết công tác dân vận 6 tháng đầu năm. ".repeat(50));
    const out = compress(text);
    expect(out.gzip && gunzipSync(out.gzip)).toEqual(Buffer.from(text));
    expect(out.br && brotliDecompressSync(out.br)).toEqual(Buffer.from(text));
    expect(out.br?.byteLength).toBeLessThan(out.gzip?.byteLength ?? 0);
  });

  it("leaves out a coding that would not make the body smaller", () => {
    expect(compress(new TextEncoder().encode("ok"))).toEqual({});
  });
});

describe("etagForCoding", () => {
  it("gives each coding its own strong validator", () => {
    expect(etagForCoding('"abc"', "identity")).toBe('"abc"');
    expect(etagForCoding('"abc"', "gzip")).toBe('"abc-gzip"');
    expect(etagForCoding('"abc"', "br")).toBe('"abc-br"');
  });
});
