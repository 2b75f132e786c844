import { describe, expect, it } from "vitest";
import { resolveLanguage } from "../../src/i18n/index.ts";
import { translatorFor } from "../../src/i18n/translator.ts";
import { displayAddress, mailboxKey, normaliseAddress } from "../../src/subscribers/address.ts";
import { clientKey } from "../../src/subscribers/client.ts";

// The refusals as a Vietnamese page words them.
const vi = translatorFor(resolveLanguage("vi", "SITE_LANGUAGE"), "Asia/Ho_Chi_Minh");
const accepted = (raw: string) => {
  const check = normaliseAddress(raw);
  if (!check.ok) throw new Error(`${raw} refused: ${vi.message(check.message)}`);
  return check;
};
const refusal = (raw: string) => {
  const check = normaliseAddress(raw);
  return check.ok ? null : vi.message(check.message);
};

describe("addresses", () => {
  it("trims, keeps the local part as typed and lower-cases the domain", () => {
    expect(normaliseAddress("  Nguyen.Van.A@Example.VN ")).toEqual({
      ok: true,
      email: "Nguyen.Van.A@example.vn",
      mailbox: "nguyen.van.a@example.vn",
      utf8Local: false,
    });
  });

  it("takes internationalised domains and stores them as A-labels", () => {
    expect(accepted("nguoi@ví-dụ.vn").email).toBe("nguoi@xn--v-d-rma6749a.vn");
    expect(accepted("Nguoi@VÍ-DỤ.VN").email).toBe("Nguoi@xn--v-d-rma6749a.vn");
    // Typed as an A-label, NFD, or with full-width letters and an ideographic full stop: the same domain.
    expect(accepted("nguoi@xn--v-d-rma6749a.vn").email).toBe("nguoi@xn--v-d-rma6749a.vn");
    expect(accepted("nguoi@ví-dụ.vn".normalize("NFD")).email).toBe("nguoi@xn--v-d-rma6749a.vn");
    expect(accepted("a@ｅｘａｍｐｌｅ。com").email).toBe("a@example.com");
    expect(accepted("info@пример.рф").email).toBe("info@xn--e1afmkfd.xn--p1ai");
    expect(accepted("info@例子.测试").email).toBe("info@xn--fsqu00a.xn--0zwm56d");
    expect(accepted("info@ドメイン名例.jp").email).toBe("info@xn--eckwd4c7cu47r2wf.jp");
  });

  it("takes a UTF-8 local part in NFC and says it needs SMTPUTF8", () => {
    const check = accepted("Người.Dùng@ví-dụ.vn".normalize("NFD"));
    expect(check).toEqual({
      ok: true,
      email: "Người.Dùng@xn--v-d-rma6749a.vn",
      mailbox: "người.dùng@xn--v-d-rma6749a.vn",
      utf8Local: true,
    });
    expect(accepted("δοκιμή@παράδειγμα.δοκιμή").utf8Local).toBe(true);
  });

  it("refuses look-alikes: mixed writing systems, compatibility forms, hidden characters", () => {
    for (const bad of [
      "user@exаmple.org", // Cyrillic а in a Latin label
      "user@xn--exmple-4nf.org", // the same, typed as punycode
      "аdmin@example.org", // Cyrillic а in a Latin local part
      "ngườі@example.org", // Ukrainian і
      "ａｄｍｉｎ@example.org", // full-width letters
      "𝐚𝐝𝐦𝐢𝐧@example.org", // mathematical bold
      "ﬁle@example.org", // ligature
      "a\u202eb@example.org", // right-to-left override
      "a\u200db@example.org", // zero-width joiner
      "ab@exa\u200dmple.org",
      "ab@example\u2028.org",
      "user@xn--ls8h.la", // an emoji domain
      "user@xn--zz.com", // punycode that does not decode
    ]) {
      expect(refusal(bad), bad).toMatch(/^Địa chỉ email/);
    }
  });

  it("refuses what is not a mail address, saying why in Vietnamese", () => {
    for (const bad of [
      "",
      "no-at-sign",
      "a@b",
      "a@b.c\r\nBcc: victim@example.org",
      `${"a".repeat(10_000)}@example.org`,
      `${"a".repeat(65)}@example.org`,
      `${"ư".repeat(33)}@example.org`, // 66 bytes of local part
      `a@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(63)}.vn`,
      "x'; DROP TABLE subscribers; --@example.org",
      "a..b@example.org",
      ".a@example.org",
      "a@ex%61mple.org",
      "a@127.0.0.1",
      "a@0x7f.1",
      "a@[::1]",
      "a@example.org.",
      "a@exa_mple.org",
      "a@-example.org",
      "a@example.123",
      '"quoted"@example.org',
      "a b@example.org",
      "a@b@example.org",
    ]) {
      const message = refusal(bad);
      expect(message, bad.slice(0, 40)).toMatch(/email|Email/);
    }
    expect(refusal("")).toBe("Vui lòng nhập địa chỉ email.");
    expect(refusal(`${"a".repeat(65)}@example.org`)).toContain("quá dài");
    expect(refusal("a@b")).toContain("tên miền");
  });
});

describe("mailbox keys", () => {
  it("fold the case of the local part, drop +tags, and read Gmail without dots", () => {
    expect(mailboxKey("Victim@example.net")).toBe("victim@example.net");
    expect(mailboxKey("victim+1@example.net")).toBe("victim@example.net");
    expect(mailboxKey("VICTIM+a+b@example.net")).toBe("victim@example.net");
    expect(mailboxKey("+tag@example.net")).toBe("+tag@example.net");
    expect(mailboxKey("Nguyen.Van.A+news@gmail.com")).toBe("nguyenvana@gmail.com");
    expect(mailboxKey("nguyen.vana@googlemail.com")).toBe("nguyenvana@gmail.com");
    // Dots matter elsewhere.
    expect(mailboxKey("nguyen.van.a@example.vn")).toBe("nguyen.van.a@example.vn");
    expect(mailboxKey("Người@xn--v-d-rma6749a.vn")).toBe("người@xn--v-d-rma6749a.vn");
  });

  it("show the domain in Unicode for people", () => {
    expect(displayAddress("nguoi@xn--v-d-rma6749a.vn")).toBe("nguoi@ví-dụ.vn");
    expect(displayAddress("a@example.org")).toBe("a@example.org");
  });
});

describe("client keys", () => {
  it("keep an IPv4 address whole and group IPv6 by /64", () => {
    expect(clientKey("203.0.113.7")).toBe("ip4:203.0.113.7");
    expect(clientKey("2001:db8:1:2:3:4:5:6")).toBe("ip6:2001:db8:1:2::/64");
    expect(clientKey("2001:DB8:1:2::ffff")).toBe("ip6:2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:3::1")).toBe("ip6:2001:db8:1:3::/64");
    expect(clientKey("2001:db8::1")).toBe("ip6:2001:db8:0:0::/64");
    expect(clientKey("fe80::1%eth0")).toBe("ip6:fe80:0:0:0::/64");
    expect(clientKey("::1")).toBe("ip6:0:0:0:0::/64");
    expect(clientKey("::ffff:198.51.100.4")).toBe("ip4:198.51.100.4");
    expect(clientKey("64:ff9b::198.51.100.4")).toBe("ip6:64:ff9b:0:0::/64");
  });

  it("put what is not an address in one shared bucket", () => {
    for (const bad of [
      undefined,
      null,
      "",
      "unknown",
      "1.2.3",
      "256.1.1.1",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "12345::1",
    ]) {
      expect(clientKey(bad)).toBe("unknown");
    }
  });
});
