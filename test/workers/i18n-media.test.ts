// The answers of /media/ a reader may see (no such photo, no such size) are in the site's words.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { request } from "../helpers.ts";
import { untranslatedInText } from "../untranslated.ts";

const NO_HASH = "0".repeat(64);

describe("the photo answers' words", () => {
  it("come from the catalogue (pseudo-language)", async () => {
    const pseudo = { ...env, SITE_LANGUAGE: "en-XA" } as Env;
    for (const path of [`/media/${NO_HASH}.jpg`, `/media/${NO_HASH}/999`, `/media/${NO_HASH}/360`]) {
      const res = await request(path, {}, pseudo);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      const text = await res.text();
      expect(text, path).toContain("⟦");
      expect(untranslatedInText(text), path).toEqual([]);
    }
  });

  it("are English on an English site", async () => {
    const res = await request(`/media/${NO_HASH}/999`, {}, { ...env, SITE_LANGUAGE: "en" } as Env);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(
      "No such size: the widths are 360, 720, 1080, 1200, 1600 (add .jpg after the width for JPEG).",
    );
  });
});
