// The admin API's staff route: npm start's first owner and their sign-in link.
import { Hono } from "hono";
import * as z from "zod/mini";
import { apiText } from "../i18n/index.ts";
import { firstOwnerLink } from "../staff/links.ts";
import { auditWho } from "./audit.ts";
import type { AppEnv } from "./context.ts";
import { servedLocally } from "./local.ts";
import { jsonBody } from "./validate.ts";

export const staffAdmin = new Hono<AppEnv>();

const OwnerSchema = z.object({
  email: z.string(),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(100, "must be at most 100 characters"))),
});

/**
 * Makes the owner npm start names (BANTIN_OWNER_EMAIL) when the site has none, and answers a sign-in
 * link for them that any browser may use once within 15 minutes. Only on a site served from this
 * machine: deployed, the first owner signs in with the ADMIN_TOKEN and invites themselves, and no
 * request can mint a sign-in link for anyone.
 */
staffAdmin.post("/admin/staff/owner-link", async (c) => {
  const config = c.get("config");
  if (!servedLocally(config.siteUrl)) {
    return c.json({ error: "Only a site served from this machine (npm start) makes owner links." }, 404);
  }
  const input = await jsonBody(c, OwnerSchema);
  const result = await firstOwnerLink(
    { db: c.env.DB, config, nowMs: Date.now() },
    input.email,
    input.name ?? "Owner",
    auditWho(c),
  );
  if (result.kind === "invalid") return c.json({ error: apiText(config).message(result.message), field: "email" }, 400);
  if (result.kind === "not-owner") {
    return c.json({ error: `${result.email} is not an owner of this site, which has owners already.` }, 409);
  }
  return c.json({ created: result.created, email: result.email, url: result.url }, result.created ? 201 : 200);
});
