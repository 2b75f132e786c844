import { describe, expect, it } from "vitest";
import { isValidSlug, slugify } from "../../src/posts/slug.ts";
import { cleanText, escapeHtml } from "../../src/text.ts";

describe("text", () => {
  it("composes decomposed Vietnamese into NFC", () => {
    const decomposed = "Sơ kết".normalize("NFD");
    expect(decomposed).not.toBe("Sơ kết");
    expect(cleanText(decomposed)).toBe("Sơ kết");
  });

  it("removes characters XML 1.0 forbids but keeps tabs, newlines and emoji", () => {
    expect(cleanText("a\u0000b\u0007c\u001Fd\u007F\u0085e\uFFFEf\tg\nh")).toBe("abcdef\tg\nh");
    expect(cleanText("x\uD800y\uDFFFz")).toBe("xyz");
    expect(cleanText("🇻🇳 📰")).toBe("🇻🇳 📰");
  });

  it("escapes markup", () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
      "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;",
    );
  });

  it("makes ASCII slugs from Vietnamese titles", () => {
    expect(slugify("Sơ kết công tác dân vận 6 tháng đầu năm")).toBe("so-ket-cong-tac-dan-van-6-thang-dau-nam");
    expect(slugify("Đảng bộ ĐỒNG ĐĂNG đón Tết!")).toBe("dang-bo-dong-dang-don-tet");
    expect(slugify("Sơ kết".normalize("NFD"))).toBe("so-ket");
    expect(slugify("<script>")).toBe("script");
    expect(isValidSlug("so-ket")).toBe(true);
    expect(isValidSlug("Sơ-kết")).toBe(false);
    expect(isValidSlug("a--b")).toBe(false);
  });
});
