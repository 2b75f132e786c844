import { Hono } from "hono";
import type { DeliveryMessage } from "../../delivery/messages.ts";
import { type DigestStatus, digestStatus, resumeDigest } from "../../delivery/repository.ts";
import { parseDeliverySettings } from "../../delivery/settings.ts";
import { nextDigestSets, sentDigestSets } from "../../delivery/start.ts";
import { nextDigest, previewCopy, sendTestDigest } from "../../digest/next.ts";
import { readDigests } from "../../digest/repository.ts";
import { sha256, toHex } from "../../hash.ts";
import { consoleText, message } from "../../i18n/index.ts";
import { mailerFor } from "../../mail/index.ts";
import { countByStatus, countRequest, secondsLeft } from "../../subscribers/repository.ts";
import { statusRefresh } from "../../views/admin.tsx";
import {
  type DigestView,
  digestConsolePage,
  digestStatusConsolePage,
  sendConfirmPage,
} from "../../views/console/digest.tsx";
import { audit } from "../audit.ts";
import { sendDigestNow } from "../send-digest.ts";
import { type ConsoleContext, type ConsoleEnv, consoleUrl, field } from "./context.ts";

export const digest = new Hono<ConsoleEnv>();

/** Test copies per session in 10 minutes: enough to check a layout, too few to mail anyone repeatedly. */
const TEST_LIMIT = { count: 20, windowMs: 10 * 60 * 1000 };
/** How many of the newest digests are checked for deliveries still moving. */
const RECENT = 5;

/** A digest's number; below zero, a post's own email (its send). */
const digestNumber = (raw: string) => (/^-?[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : null);
const stallMs = (c: ConsoleContext) => parseDeliverySettings(c.env).stallSeconds * 1000;

/** Which posts the next digest carries: "send" goes ahead only if that is still what the editor confirmed. */
async function fingerprint(number: number, postIds: readonly string[]): Promise<string> {
  return `${number}.${toHex((await sha256(postIds.join("\n"))).slice(0, 12))}`;
}

async function digestView(c: ConsoleContext, extra: Partial<DigestView> = {}): Promise<string> {
  const config = c.get("config");
  const db = c.env.DB;
  const [next, counts, { value: state }] = await Promise.all([
    nextDigest(db, config),
    countByStatus(db),
    readDigests(db),
  ]);
  const now = Date.now();
  const sets = next ? await nextDigestSets(db, next.content, state.uncovered) : null;
  const recent = await Promise.all(state.sent.slice(0, RECENT).map((d) => digestStatus(db, d.number, now, stallMs(c))));
  const sending = recent.filter((s): s is DigestStatus => s !== null && s.state !== "done");
  return digestConsolePage(config, c.get("session"), {
    next: next
      ? {
          number: next.content.number,
          subject: next.content.subject,
          period: next.content.period,
          titles: next.content.posts.map((p) => p.title),
          recipients: sets ? counts.confirmed - sets.nothingFor : counts.confirmed,
          text: previewCopy(next.email, config).text,
          ...(sets ? { sets } : {}),
        }
      : null,
    sending,
    archive: state.sent,
    ...extra,
  });
}

digest.get("/console/digest", async (c) => {
  const done = c.req.query("done");
  const notice =
    done === "nothing-new"
      ? { ok: false, text: message("console-digest.notice.nothingNew") }
      : done === "taken"
        ? { ok: false, text: message("console-digest.notice.taken") }
        : undefined;
  return c.html(await digestView(c, { notice }));
});

// The next digest's email as subscribers will get it, for the frames of /console/digest.
digest.get("/console/frame/digest", async (c) => {
  const next = await nextDigest(c.env.DB, c.get("config"));
  if (!next) return c.notFound();
  return c.html(previewCopy(next.email, c.get("config")).html);
});

digest.post("/console/digest/test", async (c) => {
  const to = field(c.get("form"), "to").trim();
  const session = c.get("session");
  const nowMs = Date.now();
  const tries = await countRequest(c.env.DB, `console-test:${session.id}`, TEST_LIMIT.windowMs, nowMs);
  if (tries.count > TEST_LIMIT.count) {
    const text = message("console-digest.test.tooMany", { minutes: TEST_LIMIT.windowMs / 60_000 });
    return c.html(await digestView(c, { notice: { ok: false, text }, testTo: to }), 429, {
      "Retry-After": String(secondsLeft(tries, nowMs)),
    });
  }
  let mailer: ReturnType<typeof mailerFor>;
  try {
    mailer = mailerFor(c.env);
  } catch (error) {
    // The transport's problem is a configuration one, in English like every other.
    const text = message("console-digest.test.noMailer", {
      reason: error instanceof Error ? error.message : String(error),
    });
    return c.html(await digestView(c, { notice: { ok: false, text }, testTo: to }), 503);
  }
  try {
    const result = await sendTestDigest(
      { db: c.env.DB, mailer, config: c.get("config"), secret: c.env.TOKEN_SECRET, nowMs },
      to,
    );
    switch (result.kind) {
      case "invalid":
        return c.html(
          await digestView(c, { testTo: to, testError: consoleText(c.get("config")).message(result.message) }),
          400,
        );
      case "nothing-new":
        return c.html(
          await digestView(c, { notice: { ok: false, text: message("console-digest.test.nothingNew") } }),
          409,
        );
      case "failed":
        return c.html(
          await digestView(c, {
            notice: { ok: false, text: message("console-digest.test.refused", { reason: result.reason }) },
            testTo: to,
          }),
          502,
        );
      case "sent": {
        // Never the address: a subscriber by id, anyone else not at all (erasure leaves no address here).
        await audit(c, {
          action: "digest.test",
          object: { type: "digest", id: String(result.number) },
          detail: { recipient: result.subscriber ? "subscriber" : "other", subscriber: result.subscriberId },
        });
        const text = message("console-digest.test.sent", {
          to: result.to,
          subject: result.subject,
          recipient: result.subscriber ? "subscriber" : "other",
        });
        return c.html(await digestView(c, { notice: { ok: true, text } }));
      }
    }
  } finally {
    await mailer.close();
  }
});

async function confirmation(c: ConsoleContext, changed: boolean) {
  const config = c.get("config");
  const next = await nextDigest(c.env.DB, config);
  if (!next) return c.redirect(consoleUrl(c, "/console/digest?done=nothing-new"), 303);
  const { value: state } = await readDigests(c.env.DB);
  const sets = await nextDigestSets(c.env.DB, next.content, state.uncovered);
  return c.html(
    sendConfirmPage(config, c.get("session"), {
      number: next.content.number,
      subject: next.content.subject,
      recipients: sets.sets.reduce((a, s) => a + s.readers, 0),
      fingerprint: await fingerprint(next.content.number, next.content.postIds),
      changed,
    }),
    changed ? 409 : 200,
  );
}

digest.get("/console/digest/send", (c) => confirmation(c, false));

digest.post("/console/digest/send", async (c) => {
  const expected = field(c.get("form"), "fingerprint");
  // Checked on the start's own composition: the digest is composed and rendered once.
  const result = await sendDigestNow(
    c,
    async (content) => expected === (await fingerprint(content.number, content.postIds)),
  );
  if (result.status === "changed") return confirmation(c, true);
  if (result.status === "started") {
    return c.redirect(consoleUrl(c, `/console/digests/${result.number}`), 303);
  }
  return c.redirect(consoleUrl(c, `/console/digest?done=${result.status}`), 303);
});

digest.get("/console/digests/:number", async (c) => {
  const n = digestNumber(c.req.param("number"));
  const status = n === null ? null : await digestStatus(c.env.DB, n, Date.now(), stallMs(c));
  if (!status) return c.notFound();
  const sets = status.renders === null ? null : await sentDigestSets(c.env.DB, status.number);
  return c.html(digestStatusConsolePage(c.get("config"), c.get("session"), status, statusRefresh(status), sets));
});

// What POST /admin/digests/:number/resume does: lift the pause, fan the queued deliveries out again.
digest.post("/console/digests/:number/resume", async (c) => {
  const n = digestNumber(c.req.param("number"));
  const status = n === null ? null : await digestStatus(c.env.DB, n, Date.now(), stallMs(c));
  if (n === null || !status) return c.notFound();
  const wasPaused = await resumeDigest(c.env.DB, n, Date.now());
  await (c.env.DELIVERIES as Queue<DeliveryMessage>).send({ kind: "fanout", digest: n, after: 0 });
  await audit(c, {
    action: "digest.resume",
    object: { type: "digest", id: String(n) },
    detail: { paused: wasPaused, queued: status.counts.queued },
  });
  return c.redirect(consoleUrl(c, `/console/digests/${n}`), 303);
});
