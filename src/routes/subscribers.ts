import { type Context, Hono } from "hono";
import { message, siteText } from "../i18n/index.ts";
import { mailerFor, transportTakesUtf8 } from "../mail/index.ts";
import { displayAddress } from "../subscribers/address.ts";
import { clientKey } from "../subscribers/client.ts";
import type { ConfirmationMessage } from "../subscribers/confirmations.ts";
import { checkToken, confirm, type Deps, subscribe, unsubscribe } from "../subscribers/service.ts";
import { cleanText } from "../text.ts";
import {
  actionPage,
  confirmedPage,
  rateLimitedPage,
  subscribeAcceptedPage,
  subscribeErrorPage,
  tokenProblemPage,
  unsubscribedPage,
} from "../views/subscription.tsx";
import type { AppEnv } from "./context.ts";

export const subscribers = new Hono<AppEnv>();

const NO_STORE = { "Cache-Control": "no-store" };

function deps(c: Context<AppEnv>): Deps | null {
  const secret = c.env.TOKEN_SECRET;
  if (!secret) return null;
  return { db: c.env.DB, config: c.get("config"), secret, nowMs: Date.now() };
}

const notConfigured = (c: Context<AppEnv>) => c.text(siteText(c.get("config")).t("subscription.closed"), 503, NO_STORE);

const isForm = (c: Context<AppEnv>) => !(c.req.header("Content-Type") ?? "").includes("application/json");

/** The token of a confirm/unsubscribe request: in the query (email links, RFC 8058) or the form. */
async function tokenOf(c: Context<AppEnv>): Promise<string> {
  const fromQuery = c.req.query("token");
  if (fromQuery) return fromQuery;
  if (c.req.method !== "POST") return "";
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return typeof body.token === "string" ? body.token : "";
}

subscribers.post("/subscribe", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const form = isForm(c);
  let email: unknown;
  if (form) {
    const body = await c.req.parseBody().catch(() => null);
    if (!body) {
      return c.html(subscribeErrorPage(d.config, message("subscription.error.unreadableForm"), ""), 400, NO_STORE);
    }
    email = body.email;
  } else {
    const body = await c.req.json<unknown>().catch(() => null);
    email = typeof body === "object" && body !== null ? (body as { email?: unknown }).email : undefined;
  }
  try {
    mailerFor(c.env);
  } catch (error) {
    // No transport, or a malformed SMTP_URL: say so rather than accept a subscription nobody can confirm.
    // The detail names the settings, for the operator, in English as every settings problem.
    const detail = error instanceof Error ? error.message : String(error);
    return c.text(siteText(d.config).t("subscription.noMail", { detail }), 503, NO_STORE);
  }
  // Cloudflare sets CF-Connecting-IP; so does `wrangler dev` (npm start), from the TCP peer address.
  const client = clientKey(c.req.header("CF-Connecting-IP"));
  const result = await subscribe(
    {
      db: d.db,
      queue: c.env.CONFIRMATIONS as Queue<ConfirmationMessage>,
      nowMs: d.nowMs,
      // Asked only for a UTF-8 local part (SMTP reads the relay's EHLO, once in a while per isolate).
      smtpUtf8: () => transportTakesUtf8(c.env),
    },
    email,
    client,
  );
  // The JSON answers' texts are for people too (a page that embeds the form shows them): the site's words.
  const t = siteText(d.config);
  if (result.kind === "invalid") {
    // Shown back in the form, without the control characters that may have made it invalid.
    const shown = typeof email === "string" ? cleanText(email).slice(0, 254) : "";
    return form
      ? c.html(subscribeErrorPage(d.config, result.message, shown), 400, NO_STORE)
      : c.json({ error: t.message(result.message), field: "email" }, 400, NO_STORE);
  }
  if (result.kind === "rate-limited") {
    const headers = { ...NO_STORE, "Retry-After": "600" };
    return form
      ? c.html(rateLimitedPage(d.config), 429, headers)
      : c.json({ error: t.t("subscription.rateLimited.body") }, 429, headers);
  }
  return form
    ? c.html(subscribeAcceptedPage(d.config), 200, NO_STORE)
    : c.json({ status: "check-your-inbox", message: t.t("subscription.accepted.api") }, 202, NO_STORE);
});

for (const kind of ["confirm", "unsubscribe"] as const) {
  // A link opened from an email (or by a mail scanner): shows the button, changes nothing.
  subscribers.get(`/${kind}`, async (c) => {
    const d = deps(c);
    if (!d) return notConfigured(c);
    const token = await tokenOf(c);
    const check = await checkToken(d, kind, token);
    if (!check.ok) return c.html(tokenProblemPage(d.config, check.reason), 400, NO_STORE);
    return c.html(actionPage(d.config, kind, token, displayAddress(check.email)), 200, NO_STORE);
  });
}

subscribers.post("/confirm", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const result = await confirm(d, await tokenOf(c), "double-opt-in (web form)");
  if (!result.ok) return c.html(tokenProblemPage(d.config, result.reason), 400, NO_STORE);
  return c.html(confirmedPage(d.config), 200, NO_STORE);
});

// Also the RFC 8058 one-click target: the token in the query, `List-Unsubscribe=One-Click` as the body.
subscribers.post("/unsubscribe", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const result = await unsubscribe(d, await tokenOf(c));
  if (!result.ok) return c.html(tokenProblemPage(d.config, result.reason), 400, NO_STORE);
  return c.html(unsubscribedPage(d.config), 200, NO_STORE);
});
