import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { timingSafeEqual } from "hono/utils/buffer";
import { PostInputSchema } from "../posts/model.ts";
import { publishPost } from "../posts/publish.ts";
import { normaliseAddress } from "../subscribers/address.ts";
import { eraseByEmail, findByEmail } from "../subscribers/repository.ts";
import type { AppEnv } from "./context.ts";
import { jsonBody } from "./validate.ts";

/** The editor's API, behind `Authorization: Bearer $ADMIN_TOKEN`. */
export const admin = new Hono<AppEnv>();

admin.use("/admin/*", async (c, next) => {
  if (!c.env.ADMIN_TOKEN) {
    return c.json({ error: "ADMIN_TOKEN is not set on this Worker, so the admin API is closed." }, 503);
  }
  return next();
});

admin.use(
  "/admin/*",
  bearerAuth({
    verifyToken: (token, c) => timingSafeEqual(token, (c.env as Env).ADMIN_TOKEN),
    noAuthenticationHeader: { message: { error: "Send Authorization: Bearer <ADMIN_TOKEN>." } },
    invalidAuthenticationHeader: { message: { error: "Send Authorization: Bearer <ADMIN_TOKEN>." } },
    invalidToken: { message: { error: "The bearer token is not this Worker's ADMIN_TOKEN." } },
  }),
);

admin.post("/admin/posts", async (c) => {
  const input = await jsonBody(c, PostInputSchema);
  const result = await publishPost(c.env.DB, input, c.get("config"), Date.now());
  if (result.status === "conflict") return c.json({ error: result.message }, 409);
  const { post } = result;
  return c.json(
    {
      status: result.status,
      id: post.id,
      slug: post.slug,
      url: `${c.get("config").siteUrl}/posts/${post.slug}`,
      updated_at: post.updatedAt,
    },
    result.status === "created" ? 201 : 200,
  );
});

admin.get("/admin/subscribers/:email", async (c) => {
  const address = normaliseAddress(decodeURIComponent(c.req.param("email")));
  if (!address.ok) return c.json({ error: address.message }, 400);
  const s = await findByEmail(c.env.DB, address.email);
  if (!s) return c.json({ error: "No subscriber has this address." }, 404);
  return c.json({
    email: s.email,
    status: s.status,
    created_at: s.createdAt,
    consent_at: s.consentAt,
    consent_method: s.consentMethod,
    unsubscribed_at: s.unsubscribedAt,
  });
});

// Erasure of an address's personal data (GDPR art. 17 and the like): the row goes entirely.
admin.delete("/admin/subscribers/:email", async (c) => {
  const address = normaliseAddress(decodeURIComponent(c.req.param("email")));
  if (!address.ok) return c.json({ error: address.message }, 400);
  const erased = await eraseByEmail(c.env.DB, address.email);
  return c.json({ erased }, erased ? 200 : 404);
});
