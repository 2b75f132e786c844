// The editor's console at /console: server-rendered pages behind a session (see console/session.ts),
// calling the same domain functions as the admin API.
import { Hono } from "hono";
import { digestStatus } from "../../delivery/repository.ts";
import { parseDeliverySettings } from "../../delivery/settings.ts";
import { readDigests } from "../../digest/repository.ts";
import { countPostsByState, listPostSummaries } from "../../posts/repository.ts";
import { countByStatus } from "../../subscribers/repository.ts";
import { overviewPage } from "../../views/console/overview.tsx";
import { auditConsole } from "./audit.ts";
import { auth } from "./auth.ts";
import type { ConsoleEnv } from "./context.ts";
import { digest } from "./digest.ts";
import { guard } from "./guard.ts";
import { media } from "./media.ts";
import { passkeys } from "./passkeys.ts";
import { posts } from "./posts.ts";
import { staff } from "./staff.ts";
import { subscribers } from "./subscribers.ts";

export const consoleApp = new Hono<ConsoleEnv>();

consoleApp.use("/console", guard);
consoleApp.use("/console/*", guard);
consoleApp.route("/", auth);
consoleApp.route("/", passkeys);

consoleApp.get("/console", async (c) => {
  const db = c.env.DB;
  const [postCounts, subscriberCounts, { value: state }, all] = await Promise.all([
    countPostsByState(db),
    countByStatus(db),
    readDigests(db),
    listPostSummaries(db),
  ]);
  const lastSent = state.sent[0];
  const stallMs = parseDeliverySettings(c.env).stallSeconds * 1000;
  const last = lastSent ? await digestStatus(db, lastSent.number, Date.now(), stallMs) : null;
  return c.html(
    overviewPage(c.get("config"), c.get("session"), {
      posts: postCounts,
      subscribers: subscriberCounts,
      last,
      lastSentMs: lastSent?.createdMs ?? null,
      next: { number: state.next, newPosts: state.uncovered.length },
      scheduled: all.filter((p) => p.state === "scheduled").reverse(),
    }),
  );
});

consoleApp.route("/", posts);
consoleApp.route("/", media);
consoleApp.route("/", digest);
consoleApp.route("/", subscribers);
consoleApp.route("/", staff);
consoleApp.route("/", auditConsole);
