// Composition root: the Hono app and the Worker's handlers.
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { RenditionUnavailable } from "./cache/rendition.ts";
import { settingsScope } from "./cache/scope.ts";
import { ConfigError, DEFAULT_TIME_ZONE, isValidTimeZone, type SiteConfig } from "./config.ts";
import { warmTimeZone } from "./dates.ts";
import { consumeDeadLetters, consumeDeliveries, consumeEmailEvents } from "./delivery/consumer.ts";
import type { DeliveryMessage } from "./delivery/messages.ts";
import { parseDeliverySettings } from "./delivery/settings.ts";
import { siteText } from "./i18n/index.ts";
import { ledgered } from "./ledger/ledger.ts";
import { mailerFor } from "./mail/index.ts";
import type { Mailer } from "./mail/mailer.ts";
import { admin } from "./routes/admin.ts";
import { assets } from "./routes/assets.ts";
import { BodyTooLarge, limitBodies } from "./routes/body-limits.ts";
import { consoleApp } from "./routes/console/index.ts";
import { type AppEnv, withConfig } from "./routes/context.ts";
import { crawlers } from "./routes/crawlers.ts";
import { digests } from "./routes/digests.ts";
import { feeds } from "./routes/feeds.ts";
import { hotAnswer } from "./routes/hot.ts";
import { localAliasRedirect } from "./routes/local.ts";
import { media } from "./routes/media.ts";
import { headContentLength, trimTrailingSlash, withSecurityHeaders } from "./routes/middleware.ts";
import { site } from "./routes/site.ts";
import { subscribers } from "./routes/subscribers.ts";
import { tags } from "./routes/tags.ts";
import { hub } from "./routes/websub.ts";
import { runCron } from "./scheduled.ts";
import { CONFIRMATIONS_QUEUE, consumeConfirmations } from "./subscribers/confirmations.ts";
import { notFoundPage } from "./views/pages.tsx";
import { consumeWebSub } from "./websub/consumer.ts";
import { WEBSUB_QUEUE } from "./websub/messages.ts";

/** The Hono app (exported for the tests that walk its routes). */
export const app = new Hono<AppEnv>();

app.use(withSecurityHeaders);
app.use(trimTrailingSlash);
app.use(headContentLength);
app.use(withConfig);
app.use(limitBodies);
app.route("/", assets);
app.route("/", site);
app.route("/", feeds);
app.route("/", tags);
app.route("/", crawlers);
app.route("/", hub);
app.route("/", digests);
app.route("/", subscribers);
app.route("/", admin);
app.route("/", media);
app.route("/", consoleApp);

/** The editor's pages: reached only signed in, so even their 404s are private. */
const PRIVATE = /^\/(?:admin|console)(?:\/|$)/;

app.notFound((c) => {
  const config = c.get("config");
  const cache = PRIVATE.test(c.req.path) ? "no-store" : "public, max-age=60";
  return c.html(notFoundPage(config), 404, { "Cache-Control": cache });
});

app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  // A route read a body past its limit: limitBodies answers 413.
  if (err instanceof BodyTooLarge) return c.body(null, 413);
  // The settings are read before any route runs (withConfig), so an error of a route has them; one
  // thrown while reading them (a ConfigError, or anything else there) has no language to speak in.
  const config = c.get("config") as SiteConfig | undefined;
  if (err instanceof RenditionUnavailable) {
    return c.text(
      config
        ? siteText(config).t("site.error.unavailable")
        : "Trang này tạm thời chưa hiển thị được, xin thử lại sau ít phút. This page cannot be shown right now; please try again in a few minutes.",
      503,
      { "Retry-After": String(err.retryAfterSeconds), "Cache-Control": "no-store" },
    );
  }
  if (err instanceof ConfigError) {
    // For the operator, in English like every settings problem (SITE_LANGUAGE itself may be the problem).
    console.error(err.message);
    return c.text(err.message, 500);
  }
  console.error("unhandled error", err);
  return c.text(
    // Without settings there is no site language: both, as before there were catalogues.
    config ? siteText(config).t("site.error.server") : "Lỗi máy chủ: yêu cầu chưa được xử lý. Internal server error.",
    500,
  );
});

const DEAD_LETTERS = "bantin-deliveries-dlq";
const EMAIL_EVENTS = "bantin-email-events";

// The site's time zone's data is loaded while the isolate starts, not in its first invocation
// (dates.ts); a zone Intl does not know is left to the settings' check to report.
const siteZone = env.SITE_TIMEZONE || DEFAULT_TIME_ZONE;
if (isValidTimeZone(siteZone)) warmTimeZone(siteZone);

const handlers = {
  /**
   * Feeds and pages this isolate has memoised are answered before Hono (routes/hot.ts); the rest by
   * Hono. First, under npm start, a page opened on another local name is sent to SITE_URL (routes/local.ts).
   */
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    return localAliasRedirect(request, env) ?? hotAnswer(request, env) ?? app.fetch(request, env, ctx);
  },

  /** Cron Triggers: the next digest when there are new posts (the weekly cron), and the delivery sweep. */
  async scheduled(controller, env, _ctx) {
    if (env.SCHEDULED_EVENTS === "ignore") {
      // Under npm start, where no cron fires: this event came from a request to wrangler dev's
      // /cdn-cgi/local/scheduled, which any web page can send.
      console.warn(`A scheduled event (${controller.cron}) was ignored: SCHEDULED_EVENTS is "ignore".`);
      return;
    }
    await runCron(controller.cron, env, Date.now());
  },

  async queue(batch, env, _ctx) {
    if (batch.queue === DEAD_LETTERS) return consumeDeadLetters(batch, env.DB, Date.now());
    if (batch.queue === CONFIRMATIONS_QUEUE) return consumeConfirmations(batch, env);
    if (batch.queue === WEBSUB_QUEUE) return consumeWebSub(batch, env);
    // The settings as parsed once per isolate: parsing them again (Intl, URLs) costs each invocation
    // about a millisecond of CPU.
    const { config } = await settingsScope(env);
    if (batch.queue === EMAIL_EVENTS) return consumeEmailEvents(batch, env.DB, config, Date.now());
    const settings = parseDeliverySettings(env);
    let mailer: Mailer | undefined;
    await consumeDeliveries(batch, {
      db: env.DB,
      queue: env.DELIVERIES as Queue<DeliveryMessage>,
      mailer: () => {
        mailer ??= mailerFor(env, settings.smtpConnections);
        return mailer;
      },
      closeMailer: async () => mailer?.close(),
      config,
      secret: env.TOKEN_SECRET,
      now: Date.now,
      settings,
    });
  },
} satisfies ExportedHandler<Env>;

/**
 * The handlers; with BANTIN_LEDGER=1 (npm run bench) each invocation also prints what it cost in D1
 * rows, queue operations, subrequests and sockets (src/ledger/ledger.ts).
 */
export default ledgered(handlers, {
  d1: ["DB"],
  queues: ["DELIVERIES", "CONFIRMATIONS", "WEBSUB"],
}) satisfies ExportedHandler<Env>;
