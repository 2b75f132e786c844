// The staff pages: people and invitations (owners: access/roles.ts), each person's sessions and
// personal API tokens.
import { Hono } from "hono";
import type { Role } from "../../access/actor.ts";
import { endMySession, mySessions } from "../../console/session.ts";
import { type Message, message } from "../../i18n/index.ts";
import { mailerFor } from "../../mail/index.ts";
import { staffLinkMail } from "../../mail/messages.ts";
import { INVITATION_MS, invite, isRole } from "../../staff/links.ts";
import { changeRole, disable, enable } from "../../staff/people.ts";
import { type Change, listStaff, listTokens } from "../../staff/repository.ts";
import { createToken, revokeTokenAs } from "../../staff/tokens.ts";
import { forbiddenPage } from "../../views/console/auth.tsx";
import { type StaffView, sessionsPage, staffPage, tokensPage } from "../../views/console/staff.tsx";
import { auditWho } from "../audit.ts";
import { type ConsoleContext, type ConsoleEnv, consoleUrl, field, sessionDeps } from "./context.ts";
import { passkeyNotice, passkeysView } from "./passkeys.ts";

export const staff = new Hono<ConsoleEnv>();

async function showStaff(
  c: ConsoleContext,
  extra: Omit<StaffView, "people"> = {},
  status: 200 | 400 | 404 | 409 | 502 = 200,
) {
  return c.html(staffPage(c.get("config"), c.get("session"), { people: await listStaff(c.env.DB), ...extra }), status);
}

// What `?done=` may say after a change (POST, then 303 to the list).
const DONE: Record<string, Message> = {
  role: message("console-staff.done.role"),
  disabled: message("console-staff.done.disabled"),
  enabled: message("console-staff.done.enabled"),
  unchanged: message("console-staff.done.unchanged"),
};

staff.get("/console/staff", (c) => {
  const done = DONE[c.req.query("done") ?? ""];
  return showStaff(c, done ? { notice: { ok: true, text: done } } : {});
});

staff.post("/console/staff/invite", async (c) => {
  const form = c.get("form");
  const config = c.get("config");
  const typed = { email: field(form, "email"), name: field(form, "name"), role: field(form, "role") };
  const result = await invite({ db: c.env.DB, config, nowMs: Date.now() }, typed, auditWho(c));
  const asTyped = { ...typed, role: (isRole(typed.role) ? typed.role : "author") as Role };
  if (result.kind === "invalid")
    return showStaff(c, { form: asTyped, errors: { [result.field]: result.message } }, 400);
  if (result.kind === "already-staff") {
    const text = message("console-staff.invite.alreadyStaff", { email: result.person.email });
    return showStaff(c, { form: asTyped, notice: { ok: false, text } }, 409);
  }
  const { person, url } = result;
  let failure: string | null = null;
  try {
    const mailer = mailerFor(c.env);
    try {
      const outcome = await mailer.send(
        await staffLinkMail(config, person, { kind: "invitation", url, valid: INVITATION_MS / 86_400_000 }),
      );
      if (!outcome.ok) failure = outcome.failure.reason;
    } finally {
      await mailer.close();
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  if (failure !== null) {
    // The person is invited: the owner can pass the link on by hand.
    const text = message("console-staff.invite.notSent", { email: person.email, reason: failure });
    return showStaff(c, { notice: { ok: false, text }, inviteLink: url }, 502);
  }
  return showStaff(c, { notice: { ok: true, text: message("console-staff.invite.sent", { email: person.email }) } });
});

const personId = (raw: string) => (/^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : null);

/** The answer to a change of a person: back to the list, or why it was refused. */
function afterChange(c: ConsoleContext, change: Change, done: string) {
  if (change === "not-found")
    return showStaff(c, { notice: { ok: false, text: message("console-staff.done.notFound") } }, 404);
  if (change === "last-owner") {
    return showStaff(c, { notice: { ok: false, text: message("console-staff.done.lastOwner") } }, 409);
  }
  return c.redirect(consoleUrl(c, `/console/staff?done=${change === "unchanged" ? "unchanged" : done}`), 303);
}

staff.post("/console/staff/role", async (c) => {
  const id = personId(field(c.get("form"), "id"));
  const role = field(c.get("form"), "role");
  if (id === null || !isRole(role)) {
    return showStaff(c, { notice: { ok: false, text: message("console-staff.invite.role") } }, 400);
  }
  return afterChange(c, await changeRole(c.env.DB, auditWho(c), id, role, Date.now()), "role");
});

staff.post("/console/staff/disable", async (c) => {
  const id = personId(field(c.get("form"), "id"));
  const change = id === null ? "not-found" : await disable(c.env.DB, auditWho(c), id, Date.now());
  return afterChange(c, change, "disabled");
});

staff.post("/console/staff/enable", async (c) => {
  const id = personId(field(c.get("form"), "id"));
  const change = id === null ? "not-found" : await enable(c.env.DB, auditWho(c), id, Date.now());
  return afterChange(c, change, "enabled");
});

// My sessions.

staff.get("/console/sessions", async (c) => {
  const session = c.get("session");
  const notice = c.req.query("done") === "ended" ? message("console-staff.sessions.ended") : undefined;
  const sessions = await mySessions(sessionDeps(c), session);
  const passkeys = await passkeysView(c, { notice: passkeyNotice(c.req.query("done")) });
  return c.html(sessionsPage(c.get("config"), session, { sessions, passkeys, ...(notice ? { notice } : {}) }));
});

staff.post("/console/sessions/end", async (c) => {
  const session = c.get("session");
  const id = field(c.get("form"), "id");
  const ended = /^[0-9a-f]{64}$/.test(id) && (await endMySession(c.env.DB, session, id, auditWho(c), Date.now()));
  if (!ended) return c.notFound();
  // Ending this very session signs out.
  if (id === session.id) return c.redirect(consoleUrl(c, "/console/login?signed-out"), 303);
  return c.redirect(consoleUrl(c, "/console/sessions?done=ended"), 303);
});

// Personal API tokens.

async function showTokens(
  c: ConsoleContext,
  extra: Omit<Parameters<typeof tokensPage>[2], "tokens"> = {},
  status: 200 | 201 | 400 = 200,
) {
  const session = c.get("session");
  // An owner sees everyone's tokens (and may revoke any); anyone else their own.
  const everyone = session.actor.role === "owner";
  const tokens =
    everyone || session.actor.staffId !== null
      ? await listTokens(c.env.DB, everyone ? null : session.actor.staffId)
      : [];
  return c.html(tokensPage(c.get("config"), session, { tokens, ...extra }), status);
}

staff.get("/console/tokens", (c) =>
  showTokens(c, c.req.query("done") === "revoked" ? { notice: message("console-staff.tokens.revokedNotice") } : {}),
);

staff.post("/console/tokens", async (c) => {
  const form = c.get("form");
  const typed = { name: field(form, "name"), role: field(form, "role") };
  const result = await createToken(c.env.DB, auditWho(c), typed, Date.now());
  if (result.kind === "invalid") {
    const role = isRole(typed.role) ? typed.role : c.get("session").actor.role;
    return showTokens(c, { form: { name: typed.name, role }, errors: { [result.field]: result.message } }, 400);
  }
  return showTokens(c, { created: { token: result.token, name: result.name } }, 201);
});

staff.post("/console/tokens/revoke", async (c) => {
  const session = c.get("session");
  const outcome = await revokeTokenAs(c.env.DB, auditWho(c), field(c.get("form"), "id"), Date.now());
  // Another person's token is an owner's to revoke.
  if (outcome === "forbidden") return c.html(forbiddenPage(c.get("config"), session, "owner"), 403);
  if (outcome === "not-found") return c.notFound();
  return c.redirect(consoleUrl(c, "/console/tokens?done=revoked"), 303);
});
