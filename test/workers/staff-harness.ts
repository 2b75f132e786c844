// Staff accounts in the workerd tier: a recording stand-in for the Email Service binding (the
// invitations and sign-in links the Worker sends), people invited by an owner and signed in through
// their invitation, as a browser would, and the whole database as text, to show a refusal changed
// nothing.
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { request } from "../helpers.ts";
import { newClient, postForm, type Signed, sessionOf } from "./console-harness.ts";

export interface SentMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** The Worker's bindings with a recording mail stand-in (and any others given: queues). */
export function staffHarness(extra: Partial<Record<keyof Env, unknown>> = {}) {
  const mails: SentMail[] = [];
  const EMAIL = {
    async send(message: SentMail) {
      mails.push(message);
      return { messageId: `s-${mails.length}` };
    },
  } as unknown as SendEmail;
  const bindings = { ...env, SMTP_URL: "", EMAIL, ...extra } as Env;
  return { mails, bindings };
}

/** The console path (with its secret) of the last link mailed to `to`. */
export function linkTo(mails: SentMail[], to: string): string {
  const mail = mails.filter((m) => m.to === to).at(-1);
  const m = /https:\/\/bantin\.example(\/console\/(?:invitation|login\/link)\?t=[A-Za-z0-9_-]{43})/.exec(
    mail?.text ?? "",
  );
  if (!m?.[1]) throw new Error(`no link mailed to ${to}`);
  return m[1];
}

export const secretOf = (path: string) => new URL(path, "https://bantin.example").searchParams.get("t") ?? "";

/** The cookie ("name=value") a response sets under `name`, or "". */
export function cookieSet(res: Response, name: string): string {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(";")[0] ?? "";
  return "";
}

/** Invites a person as `owner`, accepts the invitation from a client of their own, and returns their session. */
export async function person(
  owner: Signed,
  h: ReturnType<typeof staffHarness>,
  email: string,
  role: "author" | "editor" | "owner",
  name = email.split("@")[0] ?? email,
): Promise<Signed> {
  const invited = await owner.post("/console/staff/invite", { email, name, role });
  expect(invited.status, await invited.clone().text()).toBe(200);
  const ip = newClient();
  const res = await postForm(
    "/console/invitation",
    { t: secretOf(linkTo(h.mails, email)) },
    { "CF-Connecting-IP": ip },
    h.bindings,
  );
  expect(res.status).toBe(303);
  return sessionOf(cookieSet(res, "__Host-bantin_console"), ip, h.bindings);
}

/** Makes a personal API token in the console and returns it. */
export async function tokenOf(s: Signed, role: string, name = `${role} script`): Promise<string> {
  const res = await s.post("/console/tokens", { name, role });
  expect(res.status).toBe(201);
  const m = /<code>(bantin_pat_[A-Za-z0-9_-]{43})<\/code>/.exec(await res.text());
  if (!m?.[1]) throw new Error("no token on the page");
  return m[1];
}

/**
 * Every row of every table (but D1's own, the migrations' and those in `except`), in order: what
 * "changed nothing" compares.
 */
export async function dump(db: D1Database = env.DB, except: readonly string[] = []): Promise<string> {
  const { results } = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
    )
    .all<{ name: string }>();
  const parts: string[] = [];
  for (const { name } of results) {
    if (except.includes(name)) continue;
    const rows = await db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all();
    parts.push(`${name}: ${JSON.stringify(rows.results)}`);
  }
  return parts.join("\n");
}

/** Sends a request with a bearer token to the admin API. */
export function api(token: string, method: string, path: string, body?: unknown, bindings: Env = env) {
  return request(
    path,
    {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "CF-Connecting-IP": "203.0.113.9",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    bindings,
  );
}
