import { type Context, Hono } from "hono";
import { message, siteText } from "../i18n/index.ts";
import { mailerFor, transportTakesUtf8 } from "../mail/index.ts";
import { displayAddress } from "../subscribers/address.ts";
import { isFrequency } from "../subscribers/choices.ts";
import { clientKey } from "../subscribers/client.ts";
import type { ConfirmationMessage } from "../subscribers/confirmations.ts";
import type { Subscriber } from "../subscribers/repository.ts";
import {
  checkChoices,
  checkToken,
  choiceInWords,
  confirm,
  type Deps,
  linkChoice,
  preferences,
  publishedTopics,
  type RequestedChoices,
  savePreferences,
  subscribe,
  unsubscribe,
  unsubscribeUrl,
} from "../subscribers/service.ts";
import { cleanText } from "../text.ts";
import { type OfferedTopic, preferencesPage } from "../views/preferences.tsx";
import {
  confirmedPage,
  confirmPage,
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

/** Every value of a repeatable form field (`topic`), strings only. */
function values(body: Record<string, unknown>, name: string): string[] {
  const v = body[name] ?? body[`${name}[]`];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

/** The tags readers can choose, slug to name (read once per request, and only when a tag is named). */
function tagNames(db: D1Database): () => Promise<Map<string, string>> {
  let names: Promise<Map<string, string>> | null = null;
  return () => {
    names ??= publishedTopics(db).then((tags) => new Map(tags.map((tag) => [tag.slug, tag.name])));
    return names;
  };
}

/** What a subscribe request asked for: `topic` (form, repeatable) or `topics` (JSON), and `frequency`. */
function requestedChoices(body: Record<string, unknown> | null): RequestedChoices {
  if (!body) return { topics: [], frequency: undefined };
  const topics = Array.isArray(body.topics) ? values(body, "topics") : values(body, "topic");
  // A topic that is not even a string is refused as an unknown topic, not dropped.
  const odd = Array.isArray(body.topics) && body.topics.some((x) => typeof x !== "string");
  return {
    topics: odd ? [...topics, "?"] : topics.map((x) => x.trim()).filter((x) => x !== ""),
    frequency: body.frequency,
  };
}

subscribers.post("/subscribe", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const form = isForm(c);
  let email: unknown;
  let requested: RequestedChoices;
  if (form) {
    const body = await c.req.parseBody({ all: true }).catch(() => null);
    if (!body) {
      return c.html(subscribeErrorPage(d.config, message("subscription.error.unreadableForm"), ""), 400, NO_STORE);
    }
    email = body.email;
    requested = requestedChoices(body);
  } else {
    const body = await c.req.json<unknown>().catch(() => null);
    const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : null;
    email = fields?.email;
    requested = requestedChoices(fields);
  }
  const names = tagNames(d.db);
  const choices = await checkChoices(requested, async () => new Set((await names()).keys()));
  try {
    mailerFor(c.env);
  } catch (error) {
    // No transport, or a malformed SMTP_URL: say so rather than accept a subscription nobody can confirm.
    // The detail names the settings, for the operator, in English as every settings problem.
    const detail = error instanceof Error ? error.message : String(error);
    return c.text(siteText(d.config).t("subscription.noMail", { detail }), 503, NO_STORE);
  }
  // The form again, as it was: the tag's form if it named a tag readers can choose, the frequency chosen.
  const shownTopic = async () => {
    const slug = requested.topics.length === 1 ? requested.topics[0] : undefined;
    const name = slug === undefined ? undefined : (await names()).get(slug);
    return slug !== undefined && name !== undefined ? { slug, name } : undefined;
  };
  const shownFrequency = isFrequency(requested.frequency) ? requested.frequency : undefined;
  const shownEmail = typeof email === "string" ? cleanText(email).slice(0, 254) : "";
  if (!choices.ok) {
    return form
      ? c.html(
          subscribeErrorPage(d.config, choices.message, shownEmail, {
            topic: await shownTopic(),
            frequency: shownFrequency,
          }),
          400,
          NO_STORE,
        )
      : c.json({ error: siteText(d.config).message(choices.message), field: choices.field }, 400, NO_STORE);
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
    choices.choices,
  );
  // The JSON answers' texts are for people too (a page that embeds the form shows them): the site's words.
  const t = siteText(d.config);
  if (result.kind === "invalid") {
    // Shown back in the form, without the control characters that may have made it invalid.
    const chosen = { topic: await shownTopic(), frequency: shownFrequency };
    return form
      ? c.html(subscribeErrorPage(d.config, result.message, shownEmail, chosen), 400, NO_STORE)
      : c.json({ error: t.message(result.message), field: result.field }, 400, NO_STORE);
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

// A link opened from an email (or by a mail scanner): shows what it confirms and the button, changes nothing.
subscribers.get("/confirm", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const token = await tokenOf(c);
  const check = await checkToken(d, "confirm", token);
  if (!check.ok) return c.html(tokenProblemPage(d.config, check.reason), 400, NO_STORE);
  const asked = await choiceInWords(d.db, linkChoice(token));
  return c.html(confirmPage(d.config, token, displayAddress(check.email), asked), 200, NO_STORE);
});

subscribers.post("/confirm", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const result = await confirm(d, await tokenOf(c), "double-opt-in (web form)");
  if (!result.ok) return c.html(tokenProblemPage(d.config, result.reason), 400, NO_STORE);
  const preferencesUrl = await unsubscribeUrl(d, result.subscriber);
  const now = { ...(await choiceInWords(d.db, result.choices)), applied: result.applied, preferencesUrl };
  return c.html(confirmedPage(d.config, now), 200, NO_STORE);
});

/**
 * The topics the preference page offers a reader: the tags with published posts, and the reader's
 * own choices whose posts are gone (so they can untick them).
 */
async function offeredTopics(db: D1Database, subscriber: Subscriber): Promise<OfferedTopic[]> {
  const offered: OfferedTopic[] = (await publishedTopics(db)).map((tag) => ({
    slug: tag.slug,
    name: tag.name,
    count: tag.count,
  }));
  const { topics } = subscriber.choices;
  for (const slug of topics === "all" ? [] : topics) {
    if (!offered.some((o) => o.slug === slug)) offered.push({ slug, name: slug, count: 0 });
  }
  return offered;
}

// The preference page, at the link every email carries: shows the reader's choices, changes nothing.
subscribers.get("/unsubscribe", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const token = await tokenOf(c);
  const found = await preferences(d, token);
  if (!found.ok) return c.html(tokenProblemPage(d.config, found.reason), 400, NO_STORE);
  const { subscriber } = found;
  const page = preferencesPage(d.config, {
    token,
    email: displayAddress(subscriber.email),
    status: subscriber.status,
    choices: subscriber.choices,
    offered: await offeredTopics(d.db, subscriber),
  });
  return c.html(page, 200, NO_STORE);
});

// Saves the choices made on the preference page (the token is the reader's unsubscribe token).
subscribers.post("/preferences", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const token = typeof body.token === "string" ? body.token : "";
  const found = await preferences(d, token);
  if (!found.ok) return c.html(tokenProblemPage(d.config, found.reason), 400, NO_STORE);
  const offered = await offeredTopics(d.db, found.subscriber);
  const ticked = values(body, "topic");
  const view = {
    token,
    email: displayAddress(found.subscriber.email),
    status: found.subscriber.status,
    choices: found.subscriber.choices,
    offered,
  };
  // "Everything" ticked is everything, whatever else is; nothing ticked is refused (leaving is the other button).
  const everything = ticked.includes("*");
  const checked = await checkChoices(
    { topics: everything ? [] : ticked, frequency: body.frequency },
    async () => new Set(offered.map((o) => o.slug)),
  );
  if (!checked.ok || (!everything && ticked.length === 0)) {
    const error = checked.ok ? message("reader-choice.refused.noTopic") : checked.message;
    return c.html(preferencesPage(d.config, { ...view, error }), 400, NO_STORE);
  }
  const saved = await savePreferences(d, token, checked.choices);
  if (!saved.ok) return c.html(tokenProblemPage(d.config, saved.reason), 400, NO_STORE);
  const page = preferencesPage(d.config, {
    ...view,
    status: saved.subscriber.status,
    choices: saved.subscriber.choices,
    notice: saved.saved ? "saved" : saved.subscriber.status === "confirmed" ? "conflict" : undefined,
  });
  return c.html(page, 200, NO_STORE);
});

// Also the RFC 8058 one-click target: the token in the query, `List-Unsubscribe=One-Click` as the body.
subscribers.post("/unsubscribe", async (c) => {
  const d = deps(c);
  if (!d) return notConfigured(c);
  const result = await unsubscribe(d, await tokenOf(c));
  if (!result.ok) return c.html(tokenProblemPage(d.config, result.reason), 400, NO_STORE);
  return c.html(unsubscribedPage(d.config), 200, NO_STORE);
});
