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
