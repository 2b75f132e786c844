import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  linkCookieName,
  openSession,
  SESSION_LIFETIME_MS,
  signIn,
  signInFormToken,
  signInFormValid,
  signOut,
  startSession,
} from "../../console/session.ts";
import { message } from "../../i18n/index.ts";
import { mailerFor } from "../../mail/index.ts";
import { staffLinkMail } from "../../mail/messages.ts";
import { askSignInLink, browserCookieValue, checkLink, redeemLink, SIGN_IN_LINK_MS } from "../../staff/links.ts";
import { staffObject } from "../../staff/people.ts";
import type { LinkKind } from "../../staff/repository.ts";
import { clientKey } from "../../subscribers/client.ts";
import { countRequest, readRequests, secondsLeft } from "../../subscribers/repository.ts";
import { type LinkProblem, linkPage, linkSentPage, signInPage } from "../../views/console/auth.tsx";
import { audit, auditAs } from "../audit.ts";
import { servedLocally } from "../local.ts";
import { type ConsoleEnv, cookieOf, field, sessionDeps } from "./context.ts";

export const auth = new Hono<ConsoleEnv>();

/** Where to go after signing in: a console path only (never another site). */
export function nextPath(raw: string | undefined): string {
  return raw && /^\/console(?:[/?]|$)/.test(raw) && !raw.includes("\\") ? raw : "/console";
}

/** Sets the session cookie of a session just opened. */
export function setSessionCookie(c: Context<ConsoleEnv>, cookie: string): void {
  const { name, secure } = cookieOf(c);
  setCookie(c, name, cookie, {
    httpOnly: true,
    secure,
    sameSite: "Strict",
    path: "/",
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
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
  await auditAs(c, result.session.actor, { action: "session.sign-in", detail: { method: "admin-token" } });
  setSessionCookie(c, result.cookie);
  return c.redirect(`${c.get("config").siteUrl}${next}`, 303);
});

// A link by email. The answer, its time and its D1 work are the same whether or not the address is a
// person's (staff/links.ts); the email goes out after the answer.
auth.post("/console/login/email", async (c) => {
  const deps = sessionDeps(c);
  const config = c.get("config");
  const form = c.get("form");
  const next = nextPath(field(form, "next"));
  const email = field(form, "email").slice(0, 400);
  const formToken = await signInFormToken(deps.secret, deps.nowMs);
  if (!(await signInFormValid(deps.secret, field(form, "_form"), deps.nowMs))) {
    const emailError = message("console.signIn.error.staleForm");
    return c.html(signInPage(config, { formToken, next, email, emailError }), 400);
  }
  const link = linkCookieName(config.siteUrl);
  const browser = browserCookieValue(getCookie(c, link.name));
  const asked = await askSignInLink(
    { db: c.env.DB, config, nowMs: deps.nowMs },
    email,
    clientKey(c.req.header("CF-Connecting-IP")),
    browser,
  );
  if (asked.kind === "invalid") {
    return c.html(signInPage(config, { formToken, next, email, emailError: asked.message }), 400);
  }
  if (asked.kind === "throttled") {
    const emailError = message("console-staff.signIn.throttled", { minutes: Math.ceil(asked.retryAfterSeconds / 60) });
    return c.html(signInPage(config, { formToken, next, email, emailError }), 429, {
      "Retry-After": String(asked.retryAfterSeconds),
    });
  }
  setCookie(c, link.name, browser, {
    httpOnly: true,
    secure: link.secure,
    sameSite: "Strict",
    path: "/",
    maxAge: Math.floor(SIGN_IN_LINK_MS / 1000),
  });
  const mail = asked.mail;
  if (mail) {
    c.executionCtx.waitUntil(
      (async () => {
        const mailer = mailerFor(c.env);
        try {
          const outcome = await mailer.send(
            await staffLinkMail(config, mail.to, { kind: "sign-in", url: mail.url, valid: SIGN_IN_LINK_MS / 60_000 }),
          );
          if (!outcome.ok) console.error(`sign-in link to staff ${mail.to.id}: ${outcome.failure.reason}`);
        } finally {
          await mailer.close();
        }
      })().catch((error: unknown) => console.error("sign-in link not sent", error)),
    );
  }
  return c.html(linkSentPage(config, email.trim()));
});

/** Links that did not work, per client (an IPv4 address or an IPv6 /64), in 10 minutes. */
export const LINK_FAILURES = { count: 10, windowMs: 10 * 60 * 1000 };

const STATUS = {
  unknown: 404,
  used: 410,
  expired: 410,
  "other-browser": 403,
  throttled: 429,
} as const satisfies Record<LinkProblem, number>;

/** The page of a link (GET: changes nothing) and its button (POST: signs in once). */
function linkRoutes(path: string, kind: LinkKind) {
  auth.get(path, async (c) => {
    const secret = (c.req.query("t") ?? "").slice(0, 100);
    const check = await checkLink(c.env.DB, kind, secret, Date.now());
    const config = c.get("config");
    if (!check.ok)
      return c.html(linkPage(config, { kind, secret, person: null, problem: check.reason }), STATUS[check.reason]);
    return c.html(linkPage(config, { kind, secret, person: check.person }));
  });

  auth.post(path, async (c) => {
    const config = c.get("config");
    const secret = field(c.get("form"), "t").slice(0, 100);
    const link = linkCookieName(config.siteUrl);
    const nowMs = Date.now();
    // Links that did not work, per client: past the limit none is tried, and none is put on record,
    // so a flood of made-up links can neither guess one nor grow the audit log.
    const failures = `staff-link-failed:${clientKey(c.req.header("CF-Connecting-IP"))}`;
    const seen = await readRequests(c.env.DB, failures, LINK_FAILURES.windowMs, nowMs);
    if (seen.count >= LINK_FAILURES.count) {
      const retryAfterSeconds = secondsLeft(seen, nowMs);
      return c.html(linkPage(config, { kind, secret, person: null, problem: "throttled", retryAfterSeconds }), 429, {
        "Retry-After": String(retryAfterSeconds),
      });
    }
    const used = await redeemLink(c.env.DB, kind, secret, getCookie(c, link.name), nowMs);
    if (!used.ok) {
      await countRequest(c.env.DB, failures, LINK_FAILURES.windowMs, nowMs);
      // Nobody signed in: on record with the client, the reason and whose link it was, if anyone's.
      await auditAs(c, null, {
        action: "session.sign-in-failed",
        object: used.personId === null ? null : staffObject(used.personId),
        detail: { method: kind === "invitation" ? "invitation" : "link", reason: used.reason },
      });
      return c.html(linkPage(config, { kind, secret, person: null, problem: used.reason }), STATUS[used.reason]);
    }
    const { cookie, session } = await startSession(sessionDeps(c), used.person);
    // The request has no actor yet (these pages are public): the person it signed in acted.
    await auditAs(c, session.actor, { action: "session.sign-in", detail: { method: used.method } });
    setSessionCookie(c, cookie);
    if (kind === "sign-in")
      deleteCookie(c, link.name, { path: "/", secure: link.secure, httpOnly: true, sameSite: "Strict" });
    return c.redirect(`${config.siteUrl}/console`, 303);
  });
}

linkRoutes("/console/login/link", "sign-in");
linkRoutes("/console/invitation", "invitation");

auth.post("/console/logout", async (c) => {
  if (await signOut(c.env.DB, c.get("session"))) await audit(c, { action: "session.sign-out" });
  const { name, secure } = cookieOf(c);
  deleteCookie(c, name, { path: "/", secure, httpOnly: true, sameSite: "Strict" });
  return c.redirect(`${c.get("config").siteUrl}/console/login?signed-out`, 303);
});
