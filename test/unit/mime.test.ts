import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import {
  addressHeader,
  compileMessage,
  dotStuff,
  encodedWords,
  messageFor,
  quotedPrintable,
  rfc5322Date,
  unstructuredHeader,
  wireBytesFor,
  wireMessage,
} from "../../src/mail/mime.ts";

/** Decodes RFC 2047 B words the way a reader does: adjacent words joined, whitespace between them dropped. */
function decodeWords(folded: string): string {
  const words = [...folded.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/g)].map((m) => m[1] ?? "");
  const bytes = words.flatMap((w) => [...atob(w)].map((c) => c.charCodeAt(0)));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(new Uint8Array(bytes));
}

const LONG_TITLE = `${"Sơ kết công tác dân vận 6 tháng đầu năm, triển khai nhiệm vụ trọng tâm ".repeat(4)}2021`.slice(
  0,
  300,
);

describe("headers", () => {
  it("folds a 300-character Vietnamese subject into encoded-words of at most 75 characters on lines of at most 76", () => {
    const header = unstructuredHeader("Subject", `Bản tin Dân vận số 1: ${LONG_TITLE}`);
    const lines = header.split("\r\n");
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    for (const word of header.match(/=\?[^?]+\?B\?[^?]*\?=/g) ?? []) expect(word.length).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    // Each word decodes on its own: no UTF-8 sequence is split between two words.
    for (const word of header.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? []) expect(() => decodeWords(word)).not.toThrow();
    expect(decodeWords(header)).toBe(`Bản tin Dân vận số 1: ${LONG_TITLE}`);
  });

  it("keeps emoji and combining marks whole across words", () => {
    const text = "🇻🇳📰 Tin nóng ".repeat(12);
    const words = encodedWords(text, 40, 75);
    for (const w of words) expect(() => decodeWords(w)).not.toThrow();
    expect(decodeWords(words.join(" "))).toBe(text);
  });

  it("writes a Unicode display name as encoded-words, never inside a quoted string", () => {
    const from = addressHeader("From", { name: "Bản tin Dân vận", email: "bantin@example.org" });
    expect(from).toBe("From: =?UTF-8?B?QuG6o24gdGluIETDom4gduG6rW4=?= <bantin@example.org>");
    expect(addressHeader("From", { name: 'Ban "tin", Dan van', email: "a@b.org" })).toBe(
      'From: "Ban \\"tin\\", Dan van" <a@b.org>',
    );
    expect(addressHeader("To", { email: "người@xn--v-dga.vn" })).toBe("To: <người@xn--v-dga.vn>");
  });

  it("dates with a numeric zone, in the site's offset", () => {
    expect(rfc5322Date(Date.UTC(2021, 6, 13, 3, 0, 0), 420)).toBe("Tue, 13 Jul 2021 10:00:00 +0700");
    expect(rfc5322Date(Date.UTC(2021, 0, 1, 0, 0, 0), -90)).toBe("Thu, 31 Dec 2020 22:30:00 -0130");
  });
});

describe("bodies", () => {
  it("encodes quoted-printable with lines of at most 76 characters and escapes never split", () => {
    const text = `${"Tại điểm cầu tỉnh Lạng Sơn, ".repeat(20)}\nDòng hai = ba \n.dot`;
    const qp = quotedPrintable(text);
    for (const line of qp.split("\r\n")) {
      expect(line.length).toBeLessThanOrEqual(76);
      // Without its soft break, no line ends inside an escape ("=" or "=X" of "=XY").
      expect(line.replace(/=$/, "")).not.toMatch(/=[0-9A-F]?$/);
    }
    // Decoding gives the text back.
    const bytes: number[] = [];
    const joined = qp.replace(/=\r\n/g, "");
    for (let i = 0; i < joined.length; i++) {
      if (joined[i] === "=") {
        bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(joined.charCodeAt(i));
    }
    expect(new TextDecoder().decode(new Uint8Array(bytes)).replace(/\r\n/g, "\n")).toBe(text);
    // Trailing space before a line break is encoded.
    expect(qp).toContain("ba=20\r\n");
  });

  it("writes the same quoted-printable as the byte-at-a-time encoder, whatever the text", () => {
    // The encoder as it was, one UTF-8 byte at a time: quotedPrintable copies runs whole instead.
    const utf8 = new TextEncoder();
    const byteAtATime = (text: string) => {
      const out: string[] = [];
      for (const sourceLine of text.replace(/\r\n?/g, "\n").split("\n")) {
        const bytes = utf8.encode(sourceLine);
        let line = "";
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i] ?? 0;
          const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && i !== bytes.length - 1);
          const piece = plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
          if (line.length + piece.length > 75) {
            out.push(`${line}=`);
            line = "";
          }
          line += piece;
        }
        out.push(line);
      }
      return out.join("\r\n");
    };
    // Runs of each kind the encoder treats apart: plain ASCII, "=", spaces and tabs (trailing or
    // not), controls, two- three- and four-byte characters, lone surrogates, line breaks of each kind.
    const alphabet = [
      "a",
      "Z",
      "~",
      "!",
      "=",
      " ",
      "\t",
      "\u0001",
      "\u007f",
      "ả",
      "Đ",
      "€",
      "😀",
      "\ud800",
      "\udc00",
      "\n",
      "\r\n",
      "\r",
      "<td>",
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let k = 0; k < 500; k++) {
      let text = "";
      const runs = random(40);
      for (let r = 0; r < runs; r++) text += (alphabet[random(alphabet.length)] ?? "").repeat(1 + random(90));
      expect(quotedPrintable(text)).toBe(byteAtATime(text));
    }
    const email = `<!DOCTYPE html><html lang="vi"><body>${'<p style="margin:0">Tại điểm cầu tỉnh Lạng Sơn, đồng chí Bí thư.</p> '.repeat(300)}</body></html>`;
    expect(quotedPrintable(email)).toBe(byteAtATime(email));
  });

  it("builds one multipart/alternative of text then HTML, CRLF throughout", () => {
    const compiled = compileMessage({
      from: { name: "Bản tin Dân vận", email: "bantin@example.org" },
      replyTo: { email: "bantin@example.org" },
      subject: "Bản tin Dân vận số 1",
      text: "Xin chào",
      html: "<p>Xin chào</p>",
      headers: { "List-Id": "bantin <bantin.example.org>" },
      boundaryId: "0f1e2d3c",
    });
    const raw = messageFor(
      compiled,
      { to: { email: "a@example.org" }, dateMs: Date.UTC(2021, 6, 13, 3), offsetMinutes: 420, uniqueId: "0f1e2d3c" },
      "bantin@example.org",
    );
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(raw).not.toContain("multipart/mixed");
    expect(raw.match(/^Content-Type: multipart\/alternative;\s+boundary="(.+)"$/m)?.[1]).toBe("=_bantin_0f1e2d3c");
    expect(raw.indexOf("text/plain")).toBeLessThan(raw.indexOf("text/html"));
    expect(raw).toContain("Date: Tue, 13 Jul 2021 10:00:00 +0700\r\n");
    expect(raw).toContain("Message-ID: <0f1e2d3c@example.org>\r\n");
    expect(raw.endsWith("--=_bantin_0f1e2d3c--\r\n")).toBe(true);
  });

  it("puts each recipient's value where the placeholder stands (the HTML part gets the HTML form it is given), and a reader decodes it whole", async () => {
    const placeholder = "%%UNSUB%%";
    const compiled = compileMessage({
      from: { name: "Bản tin Dân vận", email: "bantin@example.org" },
      subject: "Bản tin số 1",
      text: `Tại điểm cầu tỉnh Lạng Sơn ${"rất dài ".repeat(12)}. Hủy đăng ký: ${placeholder}\nHết.`,
      html: `<p>Đồng chí Lộc chủ trì. <a href="${placeholder}">Hủy đăng ký</a> hoặc ${placeholder}</p>`,
      placeholder,
      boundaryId: "b1",
    });
    const link = "https://bantin.example/unsubscribe?token=abc.DEF_ghi-123&x=1";
    const own = (to: string, uniqueId: string) => ({
      to: { email: to },
      value: { text: link, html: link.replace("&", "&amp;") },
      dateMs: Date.UTC(2021, 6, 13, 3),
      offsetMinutes: 420,
      uniqueId,
    });
    for (const [to, id] of [
      ["a@example.org", "u1"],
      ["b@example.org", "u2"],
    ]) {
      const raw = messageFor(compiled, own(to as string, id as string), "bantin@example.org");
      for (const line of raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
      const parsed = await simpleParser(raw);
      expect(parsed.to && "text" in parsed.to ? parsed.to.text : "").toBe(to);
      expect(parsed.text).toBe(`Tại điểm cầu tỉnh Lạng Sơn ${"rất dài ".repeat(12)}. Hủy đăng ký: ${link}\nHết.`);
      expect(parsed.html).toBe(
        `<p>Đồng chí Lộc chủ trì. <a href="${link.replace("&", "&amp;")}">Hủy đăng ký</a> hoặc ${link.replace("&", "&amp;")}</p>`,
      );
    }
  });
});

describe("the bytes on the wire", () => {
  it("are what dot-stuffing the whole message gives, with the terminating line, shared parts encoded once", () => {
    const placeholder = "%%UNSUB%%";
    // Lines that begin with a dot, in the shared body and in a recipient's value, and non-ASCII text.
    const compiled = compileMessage({
      from: { name: "Bản tin Dân vận", email: "bantin@example.org" },
      subject: "Bản tin Dân vận số 1",
      text: `.Dòng đầu\n..hai chấm\nHủy: ${placeholder}\n.cuối`,
      html: `<p>.x</p>\n.<a href="${placeholder}">Hủy</a>\n${"chữ ".repeat(40)}.`,
      placeholder,
      boundaryId: "b1",
    });
    const wire = wireMessage(compiled);
    for (const value of ["https://bantin.example/unsubscribe?token=a.b", `.${"x".repeat(90)}.y`, ""]) {
      const own = {
        to: { email: "a@example.org" },
        headers: { "List-Unsubscribe": `<${value}>` },
        dateMs: Date.UTC(2021, 6, 13, 3),
        offsetMinutes: 420,
        uniqueId: "u1",
        value: { text: value, html: value.replace(/&/g, "&amp;") },
      };
      const text = dotStuff(messageFor(compiled, own, "bantin@example.org"));
      expect(text).toMatch(/\r\n\.\./);
      expect(new TextDecoder().decode(wireBytesFor(wire, own, "bantin@example.org"))).toBe(`${text}.\r\n`);
      // Written into the buffer it is given (a connection's, used again), whatever that held before.
      const given = new ArrayBuffer(64 * 1024);
      new Uint8Array(given).fill(0x41);
      const into = wireBytesFor(wire, own, "bantin@example.org", (bytes) => {
        expect(bytes).toBeLessThanOrEqual(given.byteLength);
        return given;
      });
      expect(into.buffer).toBe(given);
      expect(new TextDecoder().decode(into)).toBe(`${text}.\r\n`);
    }
  });
});
