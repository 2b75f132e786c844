import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import { adminClosedBecause, authenticate } from "../access/admin-token.ts";
import { decide } from "../access/roles.ts";
import { zonedIso } from "../dates.ts";
import { MAINTENANCE_CRON } from "../delivery/maintain.ts";
import type { DeliveryMessage } from "../delivery/messages.ts";
import { emailJson, emailStateOf, postEmailOf } from "../delivery/post-email-state.ts";
import { changeByEmail, sendEmailNow } from "../delivery/post-sends.ts";
import { digestStatus, liftSuppression, resumeDigest, suppressByMailbox } from "../delivery/repository.ts";
import { postEmailsOf } from "../delivery/sends-repository.ts";
import { parseDeliverySettings } from "../delivery/settings.ts";
import { apiText, type Message } from "../i18n/index.ts";
import { PostInputSchema } from "../posts/model.ts";
import { publishPost } from "../posts/publish.ts";
import { listPostSummaries } from "../posts/repository.ts";
import { withdrawPost } from "../posts/withdraw.ts";
import { runCron } from "../scheduled.ts";
import { normaliseAddress } from "../subscribers/address.ts";
import { choicesJson } from "../subscribers/choices.ts";
import { clientKey } from "../subscribers/client.ts";
import { findByMailbox, type Subscriber } from "../subscribers/repository.ts";
import { eraseSubscriber } from "../subscribers/service.ts";
import { digestStatusPage } from "../views/admin.tsx";
import type { WebSubMessage } from "../websub/messages.ts";
import { readWebSubStatus } from "../websub/repository.ts";
import { announceChange } from "../websub/sweep.ts";
import { audit, auditAdmin, auditWho } from "./audit.ts";
import type { AppEnv } from "./context.ts";
import { mediaAdmin } from "./media.ts";
import { sameOrigin } from "./origin.ts";
import { routeRule } from "./permissions.ts";
import { sendDigestNow } from "./send-digest.ts";
import { staffAdmin } from "./staff-admin.ts";
import { jsonBody } from "./validate.ts";

/** The editor's API, behind `Authorization: Bearer <ADMIN_TOKEN or a personal token>`. */
export const admin = new Hono<AppEnv>();

/** What is wrong with an address, in English like every error of the admin API (its readers are scripts). */
const addressProblem = (c: Context<AppEnv>, m: Message) => apiText(c.get("config")).message(m);

// Every answer here is the editor's and private: never stored by a cache (errors and 404s too).
admin.use("/admin/*", async (c, next) => {
  c.header("Cache-Control", "no-store");
  const closed = adminClosedBecause(c.env.ADMIN_TOKEN);
  if (closed) return c.json({ error: closed }, 503);
  return next();
});

// Bearer for scripts; Basic (any user name, the token as password) so a browser can open the
// status page. The ADMIN_TOKEN (an owner) or a personal token (its person, at its role); compared in
// constant time or by hash; wrong tokens are limited per client, with the console's sign-in
// (access/admin-token.ts). Then the route's rule (access/roles.ts): a role too low gets a 403 and
// the route never runs.
admin.use("/admin/*", async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  let given = "";
  if (header.startsWith("Bearer ")) given = header.slice(7).trim();
  else if (header.startsWith("Basic ")) {
    try {
      given = atob(header.slice(6).trim()).split(":").slice(1).join(":");
    } catch {
      given = "";
    }
  }
  const challenge = { "WWW-Authenticate": 'Basic realm="bantin admin", charset="UTF-8"' };
  if (!given)
    return c.json(
      { error: "Send Authorization: Bearer <token> (the ADMIN_TOKEN or a personal API token)." },
      401,
      challenge,
    );
  const client = clientKey(c.req.header("CF-Connecting-IP"));
  const check = await authenticate(c.env.DB, client, given, c.env.ADMIN_TOKEN, Date.now());
  if (!check.ok && check.reason === "throttled") {
    const error = `Too many wrong tokens from this client (through the API or the console sign-in): try again in ${check.retryAfterSeconds} s.`;
    return c.json({ error }, 429, { "Retry-After": String(check.retryAfterSeconds) });
  }
  if (!check.ok) {
    // On record: the client, never the token it tried.
    await audit(c, { action: "session.sign-in-failed", detail: { via: "admin-api" } });
    return c.json(
      { error: "The token is neither this Worker's ADMIN_TOKEN nor a live personal API token." },
      401,
      challenge,
    );
  }
  // A browser resends Basic credentials on any request to the site, also one another site
  // started: a form posted from elsewhere must not change anything (CSRF).
  if (header.startsWith("Basic ") && c.req.method !== "GET" && c.req.method !== "HEAD" && !sameOrigin(c)) {
    return c.json({ error: "Cross-site requests cannot change anything here." }, 403);
  }
  c.set("actor", check.actor);
  const route = routeRule(c);
  // No route answers: the 404 comes next. The admin API's rules look at no object (no "own" rules).
  const decision = route ? decide(check.actor, route.rule) : { ok: true as const };
  if (!decision.ok) {
    const error = `Forbidden: ${route?.key} needs the ${decision.needs} role; this ${check.actor.kind === "api-token" ? "token" : "key"} acts as ${check.actor.role}. Nothing was changed.`;
    return c.json({ error, needs: decision.needs, role: check.actor.role }, 403);
  }
  return next();
});

admin.post("/admin/posts", async (c) => {
  const input = await jsonBody(c, PostInputSchema);
  const result = await publishPost(
    c.env.DB,
    input,
    c.get("config"),
    Date.now(),
    undefined,
    c.get("actor").staffId,
    auditWho(c),
  );
  if (result.status === "invalid") return c.json({ error: result.error, fields: result.fields }, 400);
  if (result.status === "conflict") return c.json({ error: result.message }, 409);
  const { post } = result;
  // An unchanged post is not saved again: "not by email" given with it is applied on its own.
  if (result.status === "unchanged" && input.by_email === false)
    await changeByEmail(c.env.DB, post.id, false, Date.now(), auditWho(c));
  // The hub pushes the changed feeds to their subscribers (a scheduled post changes none yet).
  if (result.status !== "unchanged" && post.state === "published")
    await announceChange(c.env.WEBSUB as Queue<WebSubMessage>);
  return c.json(
    {
      status: result.status,
      id: post.id,
      slug: post.slug,
      url: `${c.get("config").siteUrl}/posts/${post.slug}`,
      // "scheduled" when its date is to come: the cron publishes it then, and until then it is
      // nowhere readers look (its URL answers 404).
      state: post.state,
      published: post.publishedAt,
      updated_at: post.updatedAt,
    },
    result.status === "created" || result.status === "restored" ? 201 : 200,
  );
});

/** Every post, published and withdrawn, newest first (no bodies). */
admin.get("/admin/posts", async (c) => {
  const siteUrl = c.get("config").siteUrl;
  const posts = await listPostSummaries(c.env.DB);
  const emails = await postEmailsOf(
    c.env.DB,
    posts.map((p) => p.id),
  );
  const graceMs = parseDeliverySettings(c.env).postEmailGraceMs;
  return c.json(
    {
      posts: posts.map((p) => ({
        slug: p.slug,
        id: p.id,
        title: p.title,
        published: p.publishedAt,
        updated: p.updatedAt,
        tags: p.tags,
        state: p.state,
        withdrawn: p.withdrawnAt,
        archive: p.archivePage,
        url: `${siteUrl}/posts/${p.slug}`,
        by_email: p.byEmail,
        email: emailJson(emailStateOf(p.byEmail, emails.get(p.id) ?? null, graceMs), c.get("config").timeZone),
      })),
    },
    200,
    { "Cache-Control": "no-store" },
  );
});

/**
 * Withdraws a post (by its slug, an earlier slug, or its id): its page answers 410 Gone and it leaves
 * every feed, tag, archive and the sitemap; digests already sent keep it.
 */
admin.delete("/admin/posts/:slug", async (c) => {
  const result = await withdrawPost(c.env.DB, c.req.param("slug"), c.get("config"), Date.now(), auditWho(c));
  if (result.status === "not-found") return c.json({ error: "No post has this slug or id." }, 404);
  if (result.status === "not-published") {
    return c.json(
      {
        error: `"${result.post.slug}" is a ${result.post.state} post: it was never published, so there is nothing to withdraw.`,
      },
      409,
    );
  }
  if (result.status === "withdrawn") await announceChange(c.env.WEBSUB as Queue<WebSubMessage>);
  return c.json(
    {
      status: result.status,
      id: result.post.id,
      slug: result.post.slug,
      url: `${c.get("config").siteUrl}/posts/${result.post.slug}`,
      withdrawn_at: result.withdrawnAt,
    },
    200,
  );
});

const PostEmailSchema = z.object({
  /** Start the post's email now instead of after the grace delay. */
  send_now: z.optional(z.boolean()),
  /** false: "not by email" (its email, if waiting, is cancelled); true: by email again. */
  by_email: z.optional(z.boolean()),
});

/** Where a post's own email stands (no reader's address: the send's failures are at GET /admin/digests/:number). */
admin.get("/admin/posts/:slug/email", async (c) => {
  const found = await postEmailOf(c.env.DB, c.req.param("slug"), parseDeliverySettings(c.env).postEmailGraceMs);
  if (!found) return c.json({ error: "No post has this slug or id." }, 404);
  return c.json({ slug: found.post.slug, ...emailJson(found.email, c.get("config").timeZone) }, 200);
});

/**
 * Changes what happens to a post's own email: `by_email` false marks it "not by email" (cancelled if
 * waiting), true mails it again after the grace delay; `send_now` starts a waiting email at once.
 * Refused with 409, and nothing changed, once the email started or a digest carried the post.
 */
admin.post("/admin/posts/:slug/email", async (c) => {
  const body = await jsonBody(c, PostEmailSchema);
  if (body.send_now === undefined && body.by_email === undefined) {
    return c.json({ error: "Give send_now: true, or by_email: true or false. Nothing was changed." }, 400);
  }
  if (body.send_now && body.by_email === false) {
    return c.json({ error: "send_now and by_email: false contradict each other. Nothing was changed." }, 400);
  }
  const db = c.env.DB;
  const settings = parseDeliverySettings(c.env);
  const ref = c.req.param("slug");
  const now = Date.now();
  if (body.by_email !== undefined) {
    const changed = await changeByEmail(db, ref, body.by_email, now, auditWho(c));
    if (changed.status === "not-found") return c.json({ error: "No post has this slug or id." }, 404);
    if (changed.status === "too-late") {
      const what = changed.number < 0 ? "its email has started" : `digest ${changed.number} carried it`;
      return c.json({ error: `Too late to change: ${what}. Nothing was changed.` }, 409);
    }
  }
  if (body.send_now) {
    const sent = await sendEmailNow(
      db,
      c.env.DELIVERIES as Queue<DeliveryMessage>,
      c.get("config"),
      ref,
      now,
      settings.windowSize,
      auditWho(c),
    );
    if (sent.status === "not-found") return c.json({ error: "No post has this slug or id." }, 404);
    if (sent.status === "refused") return c.json({ error: `${SEND_NOW_REFUSED[sent.reason]} Nothing was sent.` }, 409);
  }
  const found = await postEmailOf(db, ref, settings.postEmailGraceMs);
  if (!found) return c.json({ error: "No post has this slug or id." }, 404);
  return c.json({ slug: found.post.slug, ...emailJson(found.email, c.get("config").timeZone) }, 200);
});

const SEND_NOW_REFUSED = {
  "not-by-email": "This post is marked not by email.",
  "not-published": "This post is not published.",
  sent: "Its email has already started.",
  cancelled: "Its email was cancelled.",
  none: "This post has no email waiting (it was published before per-post emails, or its email was not scheduled).",
} as const;

/** The WebSub hub: subscriptions, deliveries (counts and the latest) and verifications (JSON). */
admin.get("/admin/websub", async (c) => {
  const tz = c.get("config").timeZone;
  const at = (ms: number | null) => (ms === null ? null : zonedIso(ms, tz));
  const status = await readWebSubStatus(c.env.DB, 100);
  return c.json(
    {
      subscriptions: status.subscriptions.map((s) => ({
        topic: s.topic,
        callback: s.callback,
        lease_seconds: s.leaseSeconds,
        signed: s.secret !== null,
        subscribed_at: at(s.createdMs),
        verified_at: at(s.verifiedMs),
        expires_at: at(s.expiresMs),
        delivered_etag: s.deliveredEtag,
      })),
      // Callback servers that did not answer in time: their deliveries wait until paused_until.
      paused_origins: status.pausedOrigins.map((o) => ({
        origin: o.origin,
        strikes: o.strikes,
        paused_until: at(o.pausedUntilMs),
        answered_at: at(o.answeredMs),
      })),
      deliveries: {
        counts: status.deliveryCounts,
        latest: status.deliveries.map((d) => ({
          id: d.id,
          topic: d.topic,
          callback: d.callback,
          state: d.state,
          attempts: d.attempts,
          last_status: d.lastStatus,
          last_error: d.lastError,
          created_at: at(d.createdMs),
          updated_at: at(d.updatedMs),
          delivered_at: at(d.deliveredMs),
        })),
      },
      verifications: status.verifications.map((v) => ({
        id: v.id,
        mode: v.mode,
        topic: v.topic,
        callback: v.callback,
        state: v.state,
        reason: v.reason,
        attempts: v.attempts,
        requested_at: at(v.requestedMs),
        updated_at: at(v.updatedMs),
      })),
    },
    200,
    { "Cache-Control": "no-store" },
  );
});

/** A subscriber's choices in the API's JSON: topics "all" or tag slugs, frequency, the consent's and when. */
const choicesJsonFields = (s: Subscriber) => ({
  topics: s.choices.topics === "all" ? "all" : [...s.choices.topics],
  frequency: s.choices.frequency,
  consent_choices: s.consentChoices ? choicesJson(s.consentChoices) : null,
  choices_changed_at: s.choicesAt,
});

// The address in any spelling of the same mailbox (case, +tag, Unicode or punycode domain); Hono has
// already percent-decoded the parameter.
admin.get("/admin/subscribers/:email", async (c) => {
  const address = normaliseAddress(c.req.param("email"));
  if (!address.ok) return c.json({ error: addressProblem(c, address.message) }, 400);
  const s = await findByMailbox(c.env.DB, address.mailbox);
  if (!s) return c.json({ error: "No subscriber has this address." }, 404);
  return c.json({
    email: s.email,
    status: s.status,
    created_at: s.createdAt,
    consent_at: s.consentAt,
    consent_method: s.consentMethod,
    unsubscribed_at: s.unsubscribedAt,
    // What the reader receives ("all" topics, or tag slugs), what they confirmed, and when it last changed.
    ...choicesJsonFields(s),
    suppression: s.suppressedAt
      ? { reason: s.suppressedReason, at: s.suppressedAt, lifted_at: s.suppressionLiftedAt }
      : null,
  });
});

// Erasure of an address's personal data (GDPR art. 17 and the like): the row goes entirely.
admin.delete("/admin/subscribers/:email", async (c) => {
  const address = normaliseAddress(c.req.param("email"));
  if (!address.ok) return c.json({ error: addressProblem(c, address.message) }, 400);
  const erased = await eraseSubscriber(c.env.DB, address.mailbox, auditWho(c), Date.now());
  return c.json({ erased }, erased ? 200 : 404);
});

/** Composes and starts the next digest now (what the Cron Trigger does). */
admin.post("/admin/digests", async (c) => {
  const result = await sendDigestNow(c);
  if (result.status === "started") {
    return c.json({ ...result, status_url: `${c.get("config").siteUrl}/admin/digests/${result.number}` }, 201);
  }
  if (result.status === "taken") {
    return c.json({ status: "taken", message: "Another run is composing a digest of these posts right now." }, 409);
  }
  return c.json({ ...result, message: "No posts since the last digest: nothing was composed or sent." }, 200);
});

/**
 * Runs the maintenance cron now (deployed, it fires every minute): scheduled posts whose time
 * has come, the delivery sweep, the hub's sweep; it composes no digest. npm start calls it every
 * minute, since no cron fires locally.
 */
admin.post("/admin/maintenance", async (c) => {
  const report = await runCron(MAINTENANCE_CRON, c.env, Date.now());
  return c.json(
    { published: report.published, post_emails: report.postEmails, deliveries: report.deliveries, hub: report.hub },
    200,
  );
});

/** A digest's number; below zero, a post's own email (its send). */
const digestNumber = (raw: string) => (/^-?[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : null);

async function statusOf(c: Context<AppEnv>) {
  const n = digestNumber(c.req.param("number") ?? "");
  if (n === null) return null;
  const stallMs = parseDeliverySettings(c.env).stallSeconds * 1000;
  return digestStatus(c.env.DB, n, Date.now(), stallMs);
}

admin.get("/admin/digests/:number", async (c) => {
  const status = await statusOf(c);
  if (!status) return c.json({ error: "No digest has this number." }, 404);
  return c.json(status, 200, { "Cache-Control": "no-store" });
});

admin.get("/admin/digests/:number/status", async (c) => {
  const status = await statusOf(c);
  if (!status) return c.notFound();
  return c.html(digestStatusPage(c.get("config"), status), 200, { "Cache-Control": "no-store" });
});

/**
 * Resumes a paused digest (after the operator fixed the relay) and fans its queued deliveries out
 * again. Answers 200 also when it was not paused: its queued deliveries are enqueued once more,
 * which sends nothing twice (each delivery is claimed once).
 */
admin.post("/admin/digests/:number/resume", async (c) => {
  const n = digestNumber(c.req.param("number"));
  const status = n === null ? null : await statusOf(c);
  if (n === null || !status) return c.json({ error: "No digest has this number." }, 404);
  const now = Date.now();
  const wasPaused = await resumeDigest(c.env.DB, n, now);
  const queue = c.env.DELIVERIES as Queue<DeliveryMessage>;
  await queue.send({ kind: "fanout", digest: n, after: 0 });
  await audit(c, {
    action: "digest.resume",
    object: { type: "digest", id: String(n) },
    detail: { paused: wasPaused, queued: status.counts.queued },
  });
  const body = {
    status: wasPaused ? "resumed" : "not-paused",
    number: n,
    queued: status.counts.queued,
    message: wasPaused
      ? `Resumed: ${status.counts.queued} queued deliveries are being sent.`
      : `Digest ${n} was not paused; its ${status.counts.queued} queued deliveries were enqueued again.`,
  };
  // The status page's button posts a form: back to the page it came from.
  if (
    !(c.req.header("Content-Type") ?? "").includes("application/json") &&
    c.req.header("Authorization")?.startsWith("Basic ")
  ) {
    return c.redirect(`${c.get("config").siteUrl}/admin/digests/${n}/status`, 303);
  }
  return c.json(body, 200);
});

const SuppressionSchema = z.object({
  email: z.string(),
  type: z.enum(["bounce", "complaint"]),
  reason: z.optional(z.string().check(z.maxLength(500, "must be at most 500 characters"))),
});

/** Bounce and complaint reports from any provider's webhook: the address is suppressed. */
admin.post("/admin/suppressions", async (c) => {
  const input = await jsonBody(c, SuppressionSchema);
  const address = normaliseAddress(input.email);
  if (!address.ok) return c.json({ error: addressProblem(c, address.message), field: "email" }, 400);
  const reason = `${input.type}${input.reason ? `: ${input.reason}` : ""}`;
  const nowIso = zonedIso(Date.now(), c.get("config").timeZone);
  const found = await suppressByMailbox(c.env.DB, address.mailbox, reason, nowIso);
  const subscriber = found ? await findByMailbox(c.env.DB, address.mailbox) : null;
  // The type only: a provider's reason often quotes the address.
  if (subscriber) {
    await audit(c, {
      action: "subscriber.suppress",
      object: { type: "subscriber", id: String(subscriber.id) },
      detail: { type: input.type },
    });
  }
  return c.json({ suppressed: found }, found ? 200 : 404);
});

/** Lifts a suppression the operator found mistaken: the address gets back the state it had before. */
admin.delete("/admin/suppressions/:email", async (c) => {
  const address = normaliseAddress(c.req.param("email"));
  if (!address.ok) return c.json({ error: addressProblem(c, address.message), field: "email" }, 400);
  const nowIso = zonedIso(Date.now(), c.get("config").timeZone);
  const status = await liftSuppression(c.env.DB, address.mailbox, nowIso);
  const known = await findByMailbox(c.env.DB, address.mailbox);
  if (status) {
    if (known)
      await audit(c, {
        action: "subscriber.lift",
        object: { type: "subscriber", id: String(known.id) },
        detail: { status },
      });
    return c.json({ lifted: true, email: address.email, status }, 200);
  }
  return known
    ? c.json({ error: `This address is not suppressed (it is ${known.status}).`, status: known.status }, 409)
    : c.json({ error: "No subscriber has this address." }, 404);
});

// Photos (routes/media.ts), staff (routes/staff-admin.ts) and the audit log (routes/audit.ts), behind
// the token check above.
admin.route("/", mediaAdmin);
admin.route("/", staffAdmin);
admin.route("/", auditAdmin);
