import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ADMIN_TOKEN_ACTOR } from "../../access/actor.ts";
import { openSession, SESSION_LIFETIME_MS, signIn, signInFormToken, signOut } from "../../console/session.ts";
import { message } from "../../i18n/index.ts";
import { clientKey } from "../../subscribers/client.ts";
import { signInPage } from "../../views/console/auth.tsx";
import { audit } from "../audit.ts";
import { servedLocally } from "../local.ts";
import { type ConsoleEnv, cookieOf, field, sessionDeps } from "./context.ts";

export const auth = new Hono<ConsoleEnv>();

/** Where to go after signing in: a console path only (never another site). */
function nextPath(raw: string | undefined): string {
  return raw && /^\/console(?:[/?]|$)/.test(raw) && !raw.includes("\\") ? raw : "/console";
}

auth.get("/console/login", async (c) => {
  const deps = sessionDeps(c);
  const next = nextPath(c.req.query("next"));
  if (await openSession(deps, getCookie(c, cookieOf(c).name)))
    return c.redirect(`${c.get("config").siteUrl}${next}`, 303);
  const formToken = await signInFormToken(deps.secret, deps.nowMs);
  const config = c.get("config");
  // npm start prints a link with its development token, filled in here: one press signs in, and a
  // GET changes nothing. Only on a site served from this machine: deployed, a token in a URL would
  // stay in request logs, so none is ever taken from one.
  const fromLink = servedLocally(config.siteUrl) ? (c.req.query("token") ?? "").slice(0, 1024) : "";
  return c.html(
    signInPage(config, { formToken, next, token: fromLink, signedOut: c.req.query("signed-out") !== undefined }),
  );
});

auth.post("/console/login", async (c) => {
  const deps = sessionDeps(c);
  const form = c.get("form");
  const next = nextPath(field(form, "next"));
  const result = await signIn(
    deps,
    clientKey(c.req.header("CF-Connecting-IP")),
    field(form, "token"),
    field(form, "_form"),
  );
  if (!result.ok) {
    const formToken = await signInFormToken(deps.secret, deps.nowMs);
    if (result.reason === "throttled") {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      const error = message("console.signIn.error.throttled", { minutes });
      return c.html(signInPage(c.get("config"), { formToken, next, error }), 429, {
        "Retry-After": String(result.retryAfterSeconds),
      });
    }
    // On record: the client, never the token it tried.
    if (result.reason === "wrong-token")
      await audit(c, { action: "session.sign-in-failed", detail: { via: "console" } });
    const error =
      result.reason === "wrong-token"
        ? message("console.signIn.error.wrongToken")
        : message("console.signIn.error.staleForm");
    const status = result.reason === "wrong-token" ? 401 : 400;
    return c.html(signInPage(c.get("config"), { formToken, next, error }), status);
  }
  // Every session today is opened with the ADMIN_TOKEN.
  c.set("actor", ADMIN_TOKEN_ACTOR);
  await audit(c, { action: "session.sign-in", detail: { method: "admin-token" } });
  const { name, secure } = cookieOf(c);
  setCookie(c, name, result.cookie, {
    httpOnly: true,
    secure,
    sameSite: "Strict",
    path: "/",
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
  return c.redirect(`${c.get("config").siteUrl}${next}`, 303);
});

auth.post("/console/logout", async (c) => {
  if (await signOut(c.env.DB, c.get("session"))) await audit(c, { action: "session.sign-out" });
  const { name, secure } = cookieOf(c);
  deleteCookie(c, name, { path: "/", secure, httpOnly: true, sameSite: "Strict" });
  return c.redirect(`${c.get("config").siteUrl}/console/login?signed-out`, 303);
});
