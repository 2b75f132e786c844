import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { adminClosedBecause } from "../../access/admin-token.ts";
import { decide, type PostFacts } from "../../access/roles.ts";
import { csrfValid, openSession } from "../../console/session.ts";
import { consoleText } from "../../i18n/index.ts";
import { postAuthority } from "../../posts/repository.ts";
import { forbiddenPage, refusedPage } from "../../views/console/auth.tsx";
import { sameOrigin } from "../origin.ts";
import { type RouteRule, routeRule } from "../permissions.ts";
import { type ConsoleContext, type ConsoleEnv, cookieOf, type FormBody, field, sessionDeps } from "./context.ts";

/** What a post rule needs to know: the post the route acts on (by its slug, or a new post's form id) and the button. */
async function postFacts(c: ConsoleContext, route: RouteRule): Promise<PostFacts> {
  const form = c.get("form") ?? {};
  const slug = route.params.slug;
  const id = field(form, "id");
  const post = slug ? await postAuthority(c.env.DB, { slug }) : id ? await postAuthority(c.env.DB, { id }) : null;
  return { post, action: field(form, "action") || "draft" };
}

const SAFE = new Set(["GET", "HEAD"]);

/**
 * Every console answer is private and never cached. Every page but sign-in needs a live session
 * whose person's role the route's rule allows (access/roles.ts);
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
  // The form is read only once the request may send one: a stranger's POST is refused unread. A form
  // that cannot be read (cut off, malformed, or past its route's size: routes/body-limits.ts then
  // answers 413) goes no further, so nothing is done with an empty one.
  const readForm = async (): Promise<boolean> => {
    const form = await c.req.parseBody({ all: true }).catch(() => null);
    if (form) c.set("form", form as FormBody);
    return form !== null;
  };
  const unreadable = () => c.text(consoleText(config).t("console.unreadableForm"), 400);
  const route = routeRule(c);
  if (route?.rule === "public") {
    if (!safe && !(await readForm())) return unreadable();
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
    if (!(await readForm())) return unreadable();
    if (!(await csrfValid(session, c.get("form")._csrf))) return c.html(refusedPage(config, "csrf"), 403);
  }
  c.set("session", session);
  c.set("actor", session.actor);
  // The route's rule (access/roles.ts), before it runs: refused, nothing changes. No route: a 404 next.
  if (route) {
    const facts = route.rule === "own-post" || route.rule === "save-post" ? await postFacts(c, route) : undefined;
    const decision = decide(session.actor, route.rule, facts);
    if (!decision.ok) return c.html(forbiddenPage(config, session, decision.needs), 403);
  }
  await next();
});
