// Composition root: the Hono app and the Worker's handlers.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigError, parseConfig } from "./config.ts";
import { consumeDeadLetters, consumeDeliveries, consumeEmailEvents } from "./delivery/consumer.ts";
import type { DeliveryMessage } from "./delivery/messages.ts";
import { startNextDigest } from "./delivery/start.ts";
import { mailerFor } from "./mail/index.ts";
import { admin } from "./routes/admin.ts";
import { type AppEnv, withConfig } from "./routes/context.ts";
import { digests } from "./routes/digests.ts";
import { feeds } from "./routes/feeds.ts";
import { site } from "./routes/site.ts";
import { subscribers } from "./routes/subscribers.ts";
import { CONFIRMATIONS_QUEUE, consumeConfirmations } from "./subscribers/confirmations.ts";
import { pruneRateLimits } from "./subscribers/repository.ts";
import { SUBSCRIBE_LIMIT } from "./subscribers/service.ts";
import { notFoundPage } from "./views/pages.tsx";

const app = new Hono<AppEnv>();

app.use(withConfig);
app.route("/", site);
app.route("/", feeds);
app.route("/", digests);
app.route("/", subscribers);
app.route("/", admin);

app.notFound((c) => {
  const config = c.get("config");
  return c.html(notFoundPage(config), 404, { "Cache-Control": "public, max-age=60" });
});

app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  if (err instanceof ConfigError) {
    console.error(err.message);
    return c.text(err.message, 500);
  }
  console.error("unhandled error", err);
  return c.text("Lỗi máy chủ: yêu cầu chưa được xử lý. Internal server error.", 500);
});

const DEAD_LETTERS = "bantin-deliveries-dlq";
const EMAIL_EVENTS = "bantin-email-events";

export default {
  fetch: app.fetch,

  /** The Cron Trigger: the next digest, when there are new posts. */
  async scheduled(_controller, env, _ctx) {
    const now = Date.now();
    const result = await startNextDigest(env.DB, env.DELIVERIES as Queue<DeliveryMessage>, parseConfig(env), now);
    console.log(`scheduled digest run: ${JSON.stringify(result)}`);
    await pruneRateLimits(env.DB, now - SUBSCRIBE_LIMIT.windowMs);
  },

  async queue(batch, env, _ctx) {
    if (batch.queue === DEAD_LETTERS) return consumeDeadLetters(batch, env.DB, Date.now());
    if (batch.queue === EMAIL_EVENTS) return consumeEmailEvents(batch, env.DB, parseConfig(env), Date.now());
    if (batch.queue === CONFIRMATIONS_QUEUE) return consumeConfirmations(batch, env);
    const retryBaseSeconds = Number(env.RETRY_BASE_SECONDS);
    await consumeDeliveries(batch, {
      db: env.DB,
      queue: env.DELIVERIES as Queue<DeliveryMessage>,
      mailer: mailerFor(env),
      config: parseConfig(env),
      secret: env.TOKEN_SECRET,
      now: Date.now,
      retryBaseSeconds: Number.isFinite(retryBaseSeconds) && retryBaseSeconds >= 0 ? retryBaseSeconds : 30,
    });
  },
} satisfies ExportedHandler<Env>;
