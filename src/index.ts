// Composition root: the Hono app and the Worker's handlers.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigError } from "./config.ts";
import { admin } from "./routes/admin.ts";
import { type AppEnv, withConfig } from "./routes/context.ts";
import { digests } from "./routes/digests.ts";
import { feeds } from "./routes/feeds.ts";
import { site } from "./routes/site.ts";
import { subscribers } from "./routes/subscribers.ts";
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

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
