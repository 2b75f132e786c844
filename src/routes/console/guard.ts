import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ADMIN_TOKEN_ACTOR } from "../../access/actor.ts";
import { adminClosedBecause } from "../../access/admin-token.ts";
import { csrfValid, openSession } from "../../console/session.ts";
import { consoleText } from "../../i18n/index.ts";
import { refusedPage } from "../../views/console/auth.tsx";
import { sameOrigin } from "../origin.ts";
import { type ConsoleEnv, cookieOf, type FormBody, sessionDeps } from "./context.ts";

/** Pages of the console that a signed-out browser may open. */
const OPEN = new Set(["/console/login"]);

const SAFE = new Set(["GET", "HEAD"]);

/**
 * Every console answer is private and never cached. Every page but sign-in needs a live session;
 * every POST must come from the site itself (Sec-Fetch-Site / Origin) and carry the session's CSRF
 * token, or nothing changes: the cookie is SameSite=Strict, but another port of the same host is
 * the same site, so the token is what stops a page elsewhere from posting.
 */
export const guard = createMiddleware<ConsoleEnv>(async (c, next) => {
  c.header("Cache-Control", "no-store");
  const config = c.get("config");
  // The operator's part (what to set, and how) stays in English, as every configuration problem does.
  const closed = adminClosedBecause(c.env.ADMIN_TOKEN);
  if (closed) return c.text(`${consoleText(config).t("console.closed")}\n\n${closed}`, 503);
  if (!c.env.TOKEN_SECRET) return c.text("TOKEN_SECRET must be set on this Worker to open the console.", 503);
  const safe = SAFE.has(c.req.method);
  if (!safe && !sameOrigin(c)) return c.html(refusedPage(config, "csrf"), 403);
  // The form is read only once the request may send one: a stranger's POST is refused unread.
  const readForm = async () => c.set("form", (await c.req.parseBody({ all: true }).catch(() => ({}))) as FormBody);
  if (OPEN.has(c.req.path)) {
    if (!safe) await readForm();
    return next();
  }
  const session = await openSession(sessionDeps(c), getCookie(c, cookieOf(c).name));
  if (!session) {
    if (safe) {
      const next = c.req.path + (new URL(c.req.url).search || "");
      return c.redirect(`${config.siteUrl}/console/login?next=${encodeURIComponent(next)}`, 303);
    }
    return c.html(refusedPage(config, "session"), 403);
  }
  if (!safe) {
    await readForm();
    if (!(await csrfValid(session, c.get("form")._csrf))) return c.html(refusedPage(config, "csrf"), 403);
  }
  c.set("session", session);
  // Every session today was opened with the ADMIN_TOKEN.
  c.set("actor", ADMIN_TOKEN_ACTOR);
  await next();
});
