// Passkeys in the console: the script, signing in with a passkey (public), and a person's own passkeys
// on "My sessions" (add, remove). The options routes answer JSON to the script; the forms it submits
// answer pages, as every other console form does.
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { PASSKEYS_SCRIPT } from "../../assets/passkeys-script.ts";
import type { AuditEntry } from "../../audit/model.ts";
import type { AuditRecord } from "../../audit/repository.ts";
import { mySessions, signInFormToken, signInFormValid, startSession } from "../../console/session.ts";
import { consoleText, type Message, type MessageKey, message } from "../../i18n/index.ts";
import {
  CHALLENGE_MS,
  hasPasskeys,
  PASSKEY_NAME_MAX,
  passkeyCookieValue,
  type RegisterProblem,
  registerPasskey,
  registrationOptions,
  relyingParty,
  type SignInProblem,
  signInOptions,
  signInWithPasskey,
} from "../../passkeys/passkeys.ts";
import { deletePasskey, listPasskeys, passkeyName } from "../../passkeys/repository.ts";
import type { RelyingParty } from "../../passkeys/webauthn.ts";
import { clientKey } from "../../subscribers/client.ts";
import { signInPage } from "../../views/console/auth.tsx";
import type { PasskeysView } from "../../views/console/passkeys.tsx";
import { sessionsPage } from "../../views/console/staff.tsx";
import { auditAs, auditWho } from "../audit.ts";
import { nextPath, setSessionCookie } from "./auth.ts";
import { type ConsoleContext, type ConsoleEnv, consoleUrl, field, sessionDeps } from "./context.ts";

export const passkeys = new Hono<ConsoleEnv>();

/** The cookie that binds a sign-in challenge to the browser that asked for it. */
function passkeyCookie(siteUrl: string): { name: string; secure: boolean } {
  const secure = new URL(siteUrl).protocol === "https:";
  return { name: secure ? "__Host-bantin_console_passkey" : "bantin_console_passkey", secure };
}

passkeys.get("/console/passkeys.js", (c) =>
  c.body(PASSKEYS_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
);

/** The relying party, or a 404 (passkeys are off on a site named by an IP address). */
function rpOf(c: ConsoleContext): RelyingParty | null {
  return relyingParty(c.get("config"));
}

/** A JSON refusal for the script, in the console's words. */
const refusal = (c: ConsoleContext, m: Message, status: 403 | 404 | 429) =>
  c.json({ error: consoleText(c.get("config")).message(m) }, status);

// Signing in.

passkeys.post("/console/login/passkey/options", async (c) => {
  const rp = rpOf(c);
  if (!rp) return refusal(c, message("console-passkeys.unavailableShort"), 404);
  const cookie = passkeyCookie(c.get("config").siteUrl);
  const browser = passkeyCookieValue(getCookie(c, cookie.name));
  const result = await signInOptions(
    { db: c.env.DB, rp, nowMs: Date.now() },
    clientKey(c.req.header("CF-Connecting-IP")),
    browser,
  );
  if (!result.ok) {
    c.header("Retry-After", String(result.retryAfterSeconds));
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    return refusal(c, message("console-passkeys.signIn.throttled", { minutes }), 429);
  }
  setCookie(c, cookie.name, browser, {
    httpOnly: true,
    secure: cookie.secure,
    sameSite: "Strict",
    path: "/",
    maxAge: Math.floor(CHALLENGE_MS / 1000),
  });
  return c.json(result.options);
});

type Refusal = { key: MessageKey; status: 400 | 401 | 403 | 409 };

/** What a refused sign-in says: its own words for some problems, "could not be verified" for the rest. */
const SIGN_IN_PROBLEMS: Partial<Record<SignInProblem, Refusal>> = {
  challenge: { key: "console-passkeys.signIn.challenge", status: 400 },
  unknown: { key: "console-passkeys.signIn.unknown", status: 401 },
  disabled: { key: "console-passkeys.signIn.disabled", status: 403 },
  counter: { key: "console-passkeys.signIn.counter", status: 401 },
  "user-verification": { key: "console-passkeys.signIn.userVerification", status: 401 },
  "user-presence": { key: "console-passkeys.signIn.userVerification", status: 401 },
  signature: { key: "console-passkeys.signIn.invalid", status: 401 },
};
const SIGN_IN_INVALID: Refusal = { key: "console-passkeys.signIn.invalid", status: 400 };

passkeys.post("/console/login/passkey", async (c) => {
  const config = c.get("config");
  const deps = sessionDeps(c);
  const form = c.get("form");
  const next = nextPath(field(form, "next"));
  const formToken = await signInFormToken(deps.secret, deps.nowMs);
  const rp = rpOf(c);
  if (!rp) return c.notFound();
  if (!(await signInFormValid(deps.secret, field(form, "_form"), deps.nowMs))) {
    const passkeyError = message("console.signIn.error.staleForm");
    return c.html(signInPage(config, { formToken, next, passkeyError }), 400);
  }
  const result = await signInWithPasskey(
    { db: c.env.DB, rp, nowMs: deps.nowMs },
    getCookie(c, passkeyCookie(config.siteUrl).name),
    {
      credentialId: field(form, "credential").slice(0, 2000),
      clientDataJSON: field(form, "clientDataJSON").slice(0, 10_000),
      authenticatorData: field(form, "authenticatorData").slice(0, 10_000),
      signature: field(form, "signature").slice(0, 2000),
      userHandle: field(form, "userHandle").slice(0, 200),
    },
  );
  if (!result.ok) {
    // On record: the client, why, and whose passkey it was when it was one of ours.
    await auditAs(c, null, {
      action: "session.sign-in-failed",
      object: result.passkey ? { type: "staff", id: String(result.passkey.staffId) } : null,
      detail: { method: "passkey", reason: result.problem, ...(result.passkey ? { passkey: result.passkey.id } : {}) },
    });
    const problem = SIGN_IN_PROBLEMS[result.problem] ?? SIGN_IN_INVALID;
    return c.html(signInPage(config, { formToken, next, passkeyError: message(problem.key) }), problem.status);
  }
  const { cookie, session } = await startSession(deps, result.person);
  await auditAs(c, session.actor, {
    action: "session.sign-in",
    object: { type: "passkey", id: result.passkey.id },
    detail: { method: "passkey", passkey: result.passkey.name },
  });
  setSessionCookie(c, cookie);
  return c.redirect(`${config.siteUrl}${next}`, 303);
});

// A person's passkeys, on "My sessions".

/** What "My sessions" shows of the person's passkeys. */
export async function passkeysView(c: ConsoleContext, extra: Partial<PasskeysView> = {}): Promise<PasskeysView> {
  const actor = c.get("session").actor;
  const person = hasPasskeys(actor);
  return {
    available: rpOf(c) !== null,
    person,
    passkeys: person ? await listPasskeys(c.env.DB, actor.staffId) : [],
    ...extra,
  };
}

/** "My sessions" with its passkeys section as given (after a refused change). */
async function showSessions(c: ConsoleContext, extra: Partial<PasskeysView>, status: Refusal["status"] | 404) {
  const session = c.get("session");
  const sessions = await mySessions(sessionDeps(c), session);
  return c.html(sessionsPage(c.get("config"), session, { sessions, passkeys: await passkeysView(c, extra) }), status);
}

/** The audit record of a change made now by this request's actor, for the change's own batch. */
const recordOf = (c: ConsoleContext, entry: AuditEntry): AuditRecord => ({
  ...entry,
  who: auditWho(c),
  atMs: Date.now(),
});

passkeys.post("/console/passkeys/options", async (c) => {
  const session = c.get("session");
  const rp = rpOf(c);
  if (!rp) return refusal(c, message("console-passkeys.unavailableShort"), 404);
  if (!hasPasskeys(session.actor)) return refusal(c, message("console-passkeys.needsPerson"), 403);
  const person = { id: session.actor.staffId, email: session.actor.label, name: session.name };
  return c.json(await registrationOptions({ db: c.env.DB, rp, nowMs: Date.now() }, person, session.id));
});

/** What a refused registration says, as for a sign-in. */
const REGISTER_PROBLEMS: Partial<Record<RegisterProblem, Refusal>> = {
  challenge: { key: "console-passkeys.add.challenge", status: 400 },
  duplicate: { key: "console-passkeys.add.duplicate", status: 409 },
  "user-verification": { key: "console-passkeys.add.userVerification", status: 400 },
  "user-presence": { key: "console-passkeys.add.userVerification", status: 400 },
  algorithm: { key: "console-passkeys.add.algorithm", status: 400 },
};
const REGISTER_INVALID: Refusal = { key: "console-passkeys.add.invalid", status: 400 };

passkeys.post("/console/passkeys", async (c) => {
  const session = c.get("session");
  const form = c.get("form");
  const name = field(form, "name").slice(0, 400);
  const rp = rpOf(c);
  if (!rp) return c.notFound();
  if (!hasPasskeys(session.actor)) {
    return showSessions(c, { notice: { ok: false, text: message("console-passkeys.needsPerson") } }, 400);
  }
  const result = await registerPasskey(
    { db: c.env.DB, rp, nowMs: Date.now() },
    { id: session.actor.staffId },
    session.id,
    {
      name,
      userHandle: field(form, "userHandle").slice(0, 200),
      clientDataJSON: field(form, "clientDataJSON").slice(0, 10_000),
      attestationObject: field(form, "attestationObject").slice(0, 20_000),
      transports: field(form, "transports").slice(0, 200),
    },
    (k) => recordOf(c, { action: "passkey.register", object: { type: "passkey", id: k.id }, detail: { name: k.name } }),
  );
  if (!result.ok) {
    if (result.problem === "name") {
      return showSessions(c, { name, nameError: message("console-passkeys.add.name", { max: PASSKEY_NAME_MAX }) }, 400);
    }
    const problem = REGISTER_PROBLEMS[result.problem] ?? REGISTER_INVALID;
    return showSessions(c, { name, notice: { ok: false, text: message(problem.key) } }, problem.status);
  }
  return c.redirect(consoleUrl(c, "/console/sessions?done=passkey-added#passkeys"), 303);
});

passkeys.post("/console/passkeys/remove", async (c) => {
  const session = c.get("session");
  const id = field(c.get("form"), "id");
  if (!hasPasskeys(session.actor) || !/^[0-9a-f]{16}$/.test(id)) return c.notFound();
  const name = await passkeyName(c.env.DB, id, session.actor.staffId);
  const removed =
    name !== null &&
    (await deletePasskey(
      c.env.DB,
      id,
      session.actor.staffId,
      recordOf(c, { action: "passkey.remove", object: { type: "passkey", id }, detail: { name } }),
    ));
  if (!removed) {
    return showSessions(c, { notice: { ok: false, text: message("console-passkeys.removed.notFound") } }, 404);
  }
  return c.redirect(consoleUrl(c, "/console/sessions?done=passkey-removed#passkeys"), 303);
});

/** What `?done=` on "My sessions" says about passkeys. */
export function passkeyNotice(done: string | undefined): { ok: true; text: Message } | undefined {
  if (done === "passkey-added") return { ok: true, text: message("console-passkeys.add.done") };
  if (done === "passkey-removed") return { ok: true, text: message("console-passkeys.removed.done") };
  return undefined;
}
