// POST /admin/maintenance: the maintenance cron on demand, behind the admin token (npm start calls it
// every minute instead of exposing wrangler's /__scheduled to any web page).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, request } from "../helpers.ts";

const oldCounter = async (key: string) => {
  await env.DB.prepare("INSERT OR REPLACE INTO rate_limits (key, window_start_ms, count) VALUES (?, ?, 1)")
    .bind(key, Date.now() - 3600_000)
    .run();
};
const counterLeft = async (key: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM rate_limits WHERE key = ?").bind(key).first<number>("n")) ?? 0;

describe("POST /admin/maintenance", () => {
  it("runs the maintenance cron for the admin token, and nothing for anyone else", async () => {
    await oldCounter("subscribe:ip4:192.0.2.50");
    const refused = await request("/admin/maintenance", {
      method: "POST",
      headers: { "CF-Connecting-IP": "198.19.2.1" },
    });
    expect(refused.status).toBe(401);
    expect(await counterLeft("subscribe:ip4:192.0.2.50")).toBe(1);

    const res = await request("/admin/maintenance", { method: "POST", headers: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const report = (await res.json()) as Record<string, unknown>;
    expect(report).toMatchObject({
      published: 0,
      deliveries: { closedClaims: 0, resumed: [], restarted: [] },
      hub: { expired: 0, requeued: 0 },
    });
    // Old rate-limit counters (they hold client addresses) are gone, as after a cron.
    expect(await counterLeft("subscribe:ip4:192.0.2.50")).toBe(0);
    // It composes no digest: that is POST /admin/digests, or the weekly cron.
    expect((await request("/admin/digests/1", { headers: ADMIN })).status).toBe(404);
  });

  it("is refused to a page of another site that holds the status page's Basic credentials", async () => {
    const basic = { Authorization: `Basic ${btoa(`editor:${env.ADMIN_TOKEN}`)}`, "Sec-Fetch-Site": "cross-site" };
    const res = await request("/admin/maintenance", { method: "POST", headers: basic });
    expect(res.status).toBe(403);
  });
});
