import { Hono } from "hono";
import { clientKey } from "../subscribers/client.ts";
import { handleHubRequest } from "../websub/hub.ts";
import type { WebSubMessage } from "../websub/messages.ts";
import { parseWebSubSettings } from "../websub/settings.ts";
import type { AppEnv } from "./context.ts";

/** The WebSub hub (W3C Recommendation): subscribers send form-encoded requests here. */
export const hub = new Hono<AppEnv>();

hub.post("/websub", async (c) => {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    return c.text(
      "Send the hub request as application/x-www-form-urlencoded (hub.mode, hub.topic, hub.callback…).",
      415,
    );
  }
  const form: Record<string, string> = {};
  for (const [name, value] of Object.entries(await c.req.parseBody())) {
    if (typeof value === "string") form[name] = value;
  }
  const answer = await handleHubRequest(
    {
      db: c.env.DB,
      queue: c.env.WEBSUB as Queue<WebSubMessage>,
      config: c.get("config"),
      scope: c.get("renditionScope"),
      settings: parseWebSubSettings(c.env),
      nowMs: Date.now(),
    },
    form,
    clientKey(c.req.header("CF-Connecting-IP")),
  );
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if ("retryAfterSeconds" in answer) headers["Retry-After"] = String(answer.retryAfterSeconds);
  return c.text(answer.message, answer.status, headers);
});

hub.get("/websub", (c) =>
  c.text(
    `This is the WebSub hub of ${c.get("config").siteUrl}: POST hub.mode, hub.topic and hub.callback to subscribe to any of its feeds.`,
    200,
  ),
);
