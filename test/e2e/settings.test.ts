// Every setting npm start forwards reaches the Worker: wrangler dev hands it only the variables that
// wrangler.toml declares in [vars] (CONSOLE_LANGUAGE once went missing that way: the console stayed
// in the site's language). Plain file reads: it starts no server.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORWARDED_SETTINGS } from "../../scripts/settings.mjs";

/** The names declared in wrangler.toml's top-level [vars] table. */
function declaredVars(): string[] {
  const names: string[] = [];
  let inVars = false;
  for (const line of readFileSync("wrangler.toml", "utf8").split("\n")) {
    if (/^\s*\[/.test(line)) inVars = line.trim() === "[vars]";
    const m = /^([A-Z][A-Z0-9_]*)\s*=/.exec(line);
    if (inVars && m?.[1]) names.push(m[1]);
  }
  return names;
}

describe("npm start's settings", () => {
  it("are each declared in wrangler.toml's [vars], so wrangler dev passes them on", () => {
    const declared = declaredVars();
    expect(declared).toContain("SITE_LANGUAGE");
    expect(FORWARDED_SETTINGS.filter((name) => !declared.includes(name))).toEqual([]);
  });
});
