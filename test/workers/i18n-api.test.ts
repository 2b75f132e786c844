// The JSON admin API answers in English whatever SITE_LANGUAGE and CONSOLE_LANGUAGE say: its
// readers are scripts and the people who write them (docs/languages.md).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, request } from "../helpers.ts";

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

describe("the admin API's words", () => {
  it("refuses a malformed address in English on a Vietnamese site with a Vietnamese console", async () => {
    const bindings = { ...env, SITE_LANGUAGE: "vi", CONSOLE_LANGUAGE: "vi" } as Env;
    const lookup = await request("/admin/subscribers/not-an-address", { headers: ADMIN }, bindings);
    expect(lookup.status).toBe(400);
    const { error } = (await lookup.json()) as { error: string };
    expect(error).toMatch(/address/i);
    expect(error).not.toMatch(VIETNAMESE);
    const suppress = await request(
      "/admin/suppressions",
      { method: "POST", headers: { ...ADMIN, "Content-Type": "application/json" }, body: '{"email":"x@"}' },
      bindings,
    );
    expect(suppress.status).toBe(400);
    expect(((await suppress.json()) as { error: string }).error).not.toMatch(VIETNAMESE);
  });
});
