import { env } from "cloudflare:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { publish, REPORT_SLUG, reportInput, request } from "../helpers.ts";

const FEEDS = ["/rss.xml", "/atom.xml", "/feed.json"];
const PAGES = ["/", `/posts/${REPORT_SLUG}`, "/digests"];

const decode: Record<string, (b: Uint8Array) => Uint8Array> = {
  gzip: (b) => new Uint8Array(gunzipSync(b)),
  br: (b) => new Uint8Array(brotliDecompressSync(b)),
};

async function bytes(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
});

describe("compressed feeds and pages", () => {
  for (const path of [...FEEDS, ...PAGES]) {
    it(`${path}: gzip and brotli decode to the uncompressed body, each with its own ETag and Vary`, async () => {
      const plain = await request(path);
      expect(plain.status).toBe(200);
      expect(plain.headers.get("Content-Encoding")).toBeNull();
      expect(plain.headers.get("Vary")).toBe("Accept-Encoding");
      const original = await bytes(plain);
      expect(plain.headers.get("Content-Length")).toBe(String(original.byteLength));

      const etags = new Set([plain.headers.get("ETag")]);
      for (const coding of ["gzip", "br"]) {
        const res = await request(path, { headers: { "Accept-Encoding": coding } });
        expect(res.status).toBe(200);
        expect(res.headers.get("Content-Encoding")).toBe(coding);
        expect(res.headers.get("Vary")).toBe("Accept-Encoding");
        expect(res.headers.get("Content-Type")).toBe(plain.headers.get("Content-Type"));
        expect(res.headers.get("Cache-Control")).toContain("no-transform");
        const body = await bytes(res);
        expect(res.headers.get("Content-Length")).toBe(String(body.byteLength));
        expect(body.byteLength).toBeLessThan(original.byteLength / 2);
        expect(decode[coding]?.(body)).toEqual(original);
        expect(res.headers.get("ETag")).toMatch(new RegExp(`^"[A-Za-z0-9_-]{20,}-${coding}"$`));
        etags.add(res.headers.get("ETag"));
      }
      expect(etags.size).toBe(3);
    });
  }

  it("answers 304 per coding: an ETag matches only the coding it was given for", async () => {
    for (const path of FEEDS) {
      const etag: Record<string, string> = {};
      for (const coding of ["identity", "gzip", "br"]) {
        etag[coding] = (await request(path, { headers: { "Accept-Encoding": coding } })).headers.get("ETag") ?? "";
      }
      for (const coding of ["identity", "gzip", "br"]) {
        const notModified = await request(path, {
          headers: { "Accept-Encoding": coding, "If-None-Match": etag[coding] ?? "" },
        });
        expect(notModified.status).toBe(304);
        expect(notModified.headers.get("ETag")).toBe(etag[coding]);
        expect(notModified.headers.get("Vary")).toBe("Accept-Encoding");
        expect(notModified.headers.get("Content-Encoding")).toBeNull();
        expect(await notModified.text()).toBe("");
        // The same content in another coding is another representation: the full answer.
        for (const other of ["identity", "gzip", "br"].filter((c) => c !== coding)) {
          const changed = await request(path, {
            headers: { "Accept-Encoding": other, "If-None-Match": etag[coding] ?? "" },
          });
          expect(changed.status).toBe(200);
          expect(changed.headers.get("ETag")).toBe(etag[other]);
        }
      }
      // If-Modified-Since does not depend on the coding.
      const lm = (await request(path)).headers.get("Last-Modified") ?? "";
      const byDate = await request(path, { headers: { "Accept-Encoding": "br", "If-Modified-Since": lm } });
      expect(byDate.status).toBe(304);
      expect(byDate.headers.get("ETag")).toBe(etag.br);
    }
  });

  it("respects q-values and q=0", async () => {
    const coding = async (ae: string) =>
      (await request("/atom.xml", { headers: { "Accept-Encoding": ae } })).headers.get("Content-Encoding");
    expect(await coding("gzip, deflate, br, zstd")).toBe("gzip");
    expect(await coding("gzip;q=0.5, br")).toBe("br");
    expect(await coding("br;q=0, gzip")).toBe("gzip");
    expect(await coding("gzip;q=0, br;q=0")).toBeNull();
    expect(await coding("identity")).toBeNull();
    expect(await coding("")).toBeNull();
  });

  it("decides on the client's own header when Cloudflare replaced it (cf.clientAcceptEncoding)", async () => {
    const edge = (client: string) =>
      request("/feed.json", { headers: { "Accept-Encoding": "br, gzip" }, cf: { clientAcceptEncoding: client } });
    expect((await edge("")).headers.get("Content-Encoding")).toBeNull();
    expect((await edge("gzip, deflate")).headers.get("Content-Encoding")).toBe("gzip");
    expect((await edge("br")).headers.get("Content-Encoding")).toBe("br");
  });

  it("answers HEAD with the Content-Length of what GET would send, per coding", async () => {
    for (const path of [...FEEDS, ...PAGES]) {
      for (const coding of ["identity", "gzip", "br"]) {
        const headers = { "Accept-Encoding": coding };
        const get = await request(path, { headers });
        const length = (await get.arrayBuffer()).byteLength;
        const head = await request(path, { method: "HEAD", headers });
        expect(head.status).toBe(200);
        expect(head.headers.get("Content-Length")).toBe(String(length));
        expect(head.headers.get("ETag")).toBe(get.headers.get("ETag"));
        expect(head.headers.get("Content-Encoding")).toBe(get.headers.get("Content-Encoding"));
        expect(head.headers.get("Vary")).toBe("Accept-Encoding");
        expect(await head.text()).toBe("");
      }
    }
  });

  it("compresses once per content change: the stored codings are what is served", async () => {
    const res = await request("/atom.xml", { headers: { "Accept-Encoding": "br" } });
    const served = await bytes(res);
    const key = await env.DB.prepare(
      "SELECT key, content_version, body_gzip, body_br FROM renditions WHERE key LIKE '%:/atom.xml'",
    ).first<{ key: string; content_version: number; body_br: number[]; body_gzip: number[] }>();
    expect(new Uint8Array(key?.body_br ?? [])).toEqual(served);
    expect(key?.body_gzip.length).toBeGreaterThan(0);

    const changed = { ...reportInput(), tags: ["Dân vận", "Lạng Sơn", "Nén"] };
    expect((await publish(changed)).status).toBe(200);
    const after = await request("/atom.xml", { headers: { "Accept-Encoding": "br" } });
    expect(after.headers.get("ETag")).not.toBe(res.headers.get("ETag"));
    expect(new TextDecoder().decode(brotliDecompressSync(await bytes(after)))).toContain("Nén");
    const row = await env.DB.prepare("SELECT content_version FROM renditions WHERE key = ?")
      .bind(key?.key)
      .first<{ content_version: number }>();
    expect(row?.content_version).toBeGreaterThan(key?.content_version ?? Number.POSITIVE_INFINITY);
  });
});
