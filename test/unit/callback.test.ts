import { describe, expect, it } from "vitest";
import { checkCallback, privateHostReason } from "../../src/websub/callback.ts";

describe("WebSub callbacks", () => {
  it("refuses private, loopback, link-local and other special addresses, however they are written", () => {
    for (const url of [
      "http://127.0.0.1/cb",
      "http://127.1/cb",
      "http://0x7f000001/cb",
      "http://2130706433/cb",
      "http://10.1.2.3/cb",
      "http://172.16.0.1/cb",
      "http://192.168.1.1/cb",
      "http://169.254.169.254/latest/meta-data",
      "http://100.64.0.1/cb",
      "http://0.0.0.0/cb",
      "http://[::1]/cb",
      "http://[::ffff:10.0.0.1]/cb",
      "http://[::ffff:7f00:1]/cb",
      "http://[fe80::1]/cb",
      "http://[fd00::1]/cb",
      "http://localhost:8080/cb",
      "http://LOCALHOST./cb",
      "http://printer.local/cb",
      "http://api.internal/cb",
      "http://router.home.arpa/cb",
      "http://intranet/cb",
      // IPv4-compatible IPv6 (::/96, deprecated): ipaddr.js calls it unicast.
      "http://[::10.0.0.1]/cb",
      "http://[::7f00:1]/cb",
      "http://[::169.254.169.254]/latest/meta-data",
      "http://[::93.184.216.34]/cb",
      // IPv6 that carries an IPv4 address: NAT64 (well-known and local-use prefixes), IPv4-translated,
      // 6to4 and Teredo are refused whatever they carry.
      "http://[64:ff9b::10.0.0.1]/cb",
      "http://[64:ff9b:1::a00:1]/cb",
      "http://[::ffff:0:10.0.0.1]/cb",
      "http://[2002:a00:1::1]/cb",
      "http://[2002:5db8:d822::1]/cb",
      "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/cb",
      // Outside global unicast (2000::/3).
      "http://[4000::1]/cb",
      "http://[100::1]/cb",
      // Names with more than one final dot, and special-use names (RFC 6761, 7686, 9476, .arpa).
      "http://localhost../cb",
      "http://api.internal../cb",
      "http://reader.test/cb",
      "http://x.invalid/cb",
      "http://reader.example/cb",
      "http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/cb",
      "http://reader.alt/cb",
      "http://1.0.0.10.in-addr.arpa/cb",
      "http://a..b.example.com/cb",
    ]) {
      const checked = checkCallback(url, false);
      expect(checked.ok, url).toBe(false);
      if (!checked.ok) expect(checked.reason, url).toMatch(/^hub\.callback is refused: /);
    }
  });

  it("accepts public addresses, and private ones when allowed", () => {
    for (const url of [
      "https://reader.example.com/websub/42",
      "http://93.184.216.34/cb",
      "http://[2606:4700::1111]/cb",
      "http://[2a00:1450:4001:80b::200e]/cb",
      "https://reader.example.com./websub/42",
      "https://testing.example.com/cb",
    ]) {
      expect(checkCallback(url, false).ok, url).toBe(true);
    }
    expect(checkCallback("http://127.0.0.1:9999/cb", true).ok).toBe(true);
    expect(privateHostReason("reader.example.com")).toBeNull();
  });

  it("refuses what is not an http(s) URL, credentials and very long URLs, allowed or not", () => {
    for (const url of [
      "ftp://example.com/x",
      "javascript:alert(1)",
      "/relative",
      "https://u:p@example.com/x",
      `https://example.com/${"a".repeat(2000)}`,
    ]) {
      expect(checkCallback(url, true).ok, url).toBe(false);
    }
  });
});
