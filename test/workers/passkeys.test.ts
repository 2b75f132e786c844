// Passkeys on the server, with a software authenticator (passkey-authenticator.ts): registering one
// after signing in, signing in with it alone, and every refusal (a replayed challenge, another origin or
// RP ID, another browser, a disabled person, a counter going backwards, no user verification, a wrong
// signature) signing nobody in and storing nothing but its audit record.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "../helpers.ts";
import { newClient, postForm, type Signed, signIn, signInForm } from "./console-harness.ts";
import { type Bend, type CreationOptions, type RequestOptions, SoftAuthenticator } from "./passkey-authenticator.ts";
import { cookieSet, dump, person, staffHarness } from "./staff-harness.ts";

const h = staffHarness();
const ORIGIN = "https://bantin.example";
const SESSION = "__Host-bantin_console";
const BROWSER = "__Host-bantin_console_passkey";
let owner: Signed;

beforeAll(async () => {
  owner = await signIn(h.bindings);
});

/** Asks for registration options as the signed-in person. */
async function creationOptions(s: Signed): Promise<CreationOptions> {
  const res = await s.post("/console/passkeys/options", {});
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** Registers a passkey on `device` for `s` (bent as asked): the form's answer. */
async function register(s: Signed, device: SoftAuthenticator, name = "Laptop", bend: Bend = {}) {
  const made = await device.create(await creationOptions(s), bend);
  return s.post("/console/passkeys", { name, ...made });
}

/** A browser before signing in: its client address and (once it asked for options) its passkey cookie. */
interface Browser {
  ip: string;
  cookie: string;
}

const newBrowser = (): Browser => ({ ip: newClient(), cookie: "" });

/** Asks for sign-in options from a browser, which keeps the cookie set. */
async function requestOptions(browser: Browser): Promise<Response> {
  const res = await postForm(
    "/console/login/passkey/options",
    {},
    { "CF-Connecting-IP": browser.ip, ...(browser.cookie ? { Cookie: browser.cookie } : {}) },
    h.bindings,
  );
  browser.cookie = cookieSet(res, BROWSER) || browser.cookie;
  return res;
}

/** Posts an assertion from a browser, as the sign-in form does. */
async function postAssertion(browser: Browser, fields: Record<string, string>): Promise<Response> {
  return postForm(
    "/console/login/passkey",
    { _form: await signInForm(browser.ip, h.bindings), next: "/console/sessions", ...fields },
    { "CF-Connecting-IP": browser.ip, ...(browser.cookie ? { Cookie: browser.cookie } : {}) },
    h.bindings,
  );
}

/** Signs in with the device's passkey from a browser: options, the device's answer, the form. */
async function passkeySignIn(device: SoftAuthenticator, bend: Bend = {}, browser = newBrowser()) {
  const res = await requestOptions(browser);
  expect(res.status).toBe(200);
  const options: RequestOptions = await res.json();
  const answer = await device.get(options, bend);
  return { res: await postAssertion(browser, answer), answer, browser };
}

const passkeysOf = (staffId: number) =>
  env.DB.prepare("SELECT * FROM passkeys WHERE staff_id = ? ORDER BY created_ms").bind(staffId).all();
const staffId = async (email: string) =>
  (await env.DB.prepare("SELECT id FROM staff WHERE email = ?").bind(email).first<number>("id")) ?? 0;
const lastAudit = () =>
  env.DB.prepare("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").first<{
    action: string;
    actor_kind: string;
    actor_label: string | null;
    object_type: string | null;
    detail: string | null;
  }>();
/** Everything but the audit log (a refusal is recorded there) and the rate-limit counters. */
const state = async () =>
  (await dump())
    .split("\n")
    .filter((l) => !l.startsWith("audit_log:") && !l.startsWith("rate_limits:"))
    .join("\n");

describe("registering a passkey", () => {
  it("stores it for the person, lists it on My sessions and records it in the audit log", async () => {
    const author = await person(owner, h, "pk-author@example.org", "author", "Lê Văn Tác");
    const device = new SoftAuthenticator(ORIGIN);
    const res = await register(author, device, "Máy tính cơ quan");
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`${ORIGIN}/console/sessions?done=passkey-added#passkeys`);
    const { results } = await passkeysOf(await staffId("pk-author@example.org"));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ name: "Máy tính cơ quan", algorithm: -7, sign_count: 0, last_used_ms: null });
    const page = await (await author.get("/console/sessions?done=passkey-added")).text();
    expect(page).toContain("Máy tính cơ quan");
    expect(page).toContain("Đã thêm khóa truy cập");
    expect(await lastAudit()).toMatchObject({
      action: "passkey.register",
      actor_label: "pk-author@example.org",
      object_type: "passkey",
    });
  });

  it("gives a person's passkeys one user handle (never their address) and excludes those they have", async () => {
    const s = await person(owner, h, "pk-two@example.org", "editor");
    const device = new SoftAuthenticator(ORIGIN);
    expect((await register(s, device, "One")).status).toBe(303);
    const options = await creationOptions(s);
    expect(options.user.id).toBe(device.credentials[0]?.userHandle);
    expect(options.user.id).not.toContain("pk-two");
    expect(options.excludeCredentials.map((c) => c.id)).toHaveLength(1);
    expect(options.authenticatorSelection).toMatchObject({ userVerification: "required", residentKey: "required" });
    const second = await s.post("/console/passkeys", { name: "Two", ...(await device.create(options)) });
    expect(second.status).toBe(303);
    expect((await passkeysOf(await staffId("pk-two@example.org"))).results).toHaveLength(2);
  });

  it("refuses a replayed registration, another origin, another RP ID, no user verification, another session, a missing name: nothing stored", async () => {
    const s = await person(owner, h, "pk-refused@example.org", "author");
    const other = await person(owner, h, "pk-refused-2@example.org", "author");
    const device = new SoftAuthenticator(ORIGIN);
    const id = await staffId("pk-refused@example.org");
    const made = await device.create(await creationOptions(s));
    expect((await s.post("/console/passkeys", { name: "First", ...made })).status).toBe(303);
    const before = await state();

    const replay = await s.post("/console/passkeys", { name: "Again", ...made });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("Chưa lưu gì");

    for (const bend of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { userVerified: false }]) {
      const res = await register(s, new SoftAuthenticator(ORIGIN), "Bent", bend);
      expect(res.status, JSON.stringify(bend)).toBe(400);
    }
    // Options asked for in one session, answered from another person's session.
    const crossed = await other.post("/console/passkeys", {
      name: "Crossed",
      ...(await device.create(await creationOptions(s))),
    });
    expect(crossed.status).toBe(400);
    const unnamed = await register(s, new SoftAuthenticator(ORIGIN), "   ");
    expect(unnamed.status).toBe(400);
    expect(await unnamed.text()).toContain("Hãy đặt tên cho khóa");
    // Asking for options stores a challenge: apart from those, nothing changed.
    const strip = (d: string) =>
      d
        .split("\n")
        .filter((l) => !l.startsWith("passkey_challenges:"))
        .join("\n");
    expect(strip(await state())).toBe(strip(before));
    expect((await passkeysOf(id)).results).toHaveLength(1);
  });

  it("is a person's: the ADMIN_TOKEN's session gets a 403 and no challenge", async () => {
    const res = await owner.post("/console/passkeys/options", {});
    expect(res.status).toBe(403);
    expect((await res.json<{ error: string }>()).error).toContain("thuộc về một người");
  });
});

describe("signing in with a passkey", () => {
  let author: Signed;
  let device: SoftAuthenticator;
  let id: number;

  beforeAll(async () => {
    author = await person(owner, h, "pk-signin@example.org", "author", "Phạm Thị Bút");
    device = new SoftAuthenticator(ORIGIN);
    expect((await register(author, device, "Điện thoại")).status).toBe(303);
    id = await staffId("pk-signin@example.org");
  });

  it("opens a session for the passkey's person with no address typed, and records how", async () => {
    const { res } = await passkeySignIn(device);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("Location")).toBe(`${ORIGIN}/console/sessions`);
    const session = cookieSet(res, SESSION);
    expect(session).toMatch(/^__Host-bantin_console=[A-Za-z0-9_-]{43}$/);
    const page = await request("/console/sessions", { headers: { Cookie: session } }, h.bindings);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Phạm Thị Bút");
    expect((await passkeysOf(id)).results[0]).toMatchObject({ name: "Điện thoại", last_used_ms: expect.any(Number) });
    const audit = await lastAudit();
    expect(audit).toMatchObject({
      action: "session.sign-in",
      actor_kind: "staff",
      actor_label: "pk-signin@example.org",
    });
    expect(JSON.parse(audit?.detail ?? "{}")).toEqual({ method: "passkey", passkey: "Điện thoại" });
  });

  it("refuses a replayed assertion: the challenge was used", async () => {
    const { res, answer, browser } = await passkeySignIn(device);
    expect(res.status).toBe(303);
    const before = await state();
    const replay = await postAssertion(browser, answer);
    expect(replay.status).toBe(400);
    expect(cookieSet(replay, SESSION)).toBe("");
    expect(await replay.text()).toContain("đã được dùng");
    expect(await state()).toBe(before);
    const audit = await lastAudit();
    expect(audit?.action).toBe("session.sign-in-failed");
    expect(JSON.parse(audit?.detail ?? "{}")).toMatchObject({ method: "passkey", reason: "challenge" });
  });

  it("refuses an assertion for another origin, another RP ID, a wrong type, no user verification or a wrong signature", async () => {
    const cases: [Bend, number][] = [
      [{ origin: "https://evil.example" }, 400],
      [{ origin: "http://bantin.example" }, 400],
      [{ rpId: "evil.example" }, 400],
      [{ type: "webauthn.create" }, 400],
      [{ userVerified: false }, 401],
      [{ wrongKey: true }, 401],
    ];
    for (const [bend, status] of cases) {
      const before = await state();
      const { res } = await passkeySignIn(device, bend);
      expect(res.status, JSON.stringify(bend)).toBe(status);
      expect(cookieSet(res, SESSION), JSON.stringify(bend)).toBe("");
      // The challenge is used up; nothing else changes.
      expect(await state()).toBe(before);
    }
  });

  it("refuses an assertion posted from another browser, and the browser that asked can still use it", async () => {
    const asking = newBrowser();
    const options: RequestOptions = await (await requestOptions(asking)).json();
    const answer = await device.get(options);
    const other = newBrowser();
    await requestOptions(other);
    const elsewhere = await postAssertion(other, answer);
    expect(elsewhere.status).toBe(400);
    expect(cookieSet(elsewhere, SESSION)).toBe("");
    const none = await postAssertion({ ip: newClient(), cookie: "" }, answer);
    expect(none.status).toBe(400);
    expect((await postAssertion(asking, answer)).status).toBe(303);
  });

  it("refuses a user handle that is not the passkey's person", async () => {
    const { res } = await passkeySignIn(device, { userHandle: "AAAAAAAAAAAAAAAAAAAAAA" });
    expect(res.status).toBe(401);
  });

  it("refuses an expired challenge", async () => {
    const browser = newBrowser();
    const options: RequestOptions = await (await requestOptions(browser)).json();
    await env.DB.prepare("UPDATE passkey_challenges SET expires_ms = 1").run();
    const res = await postAssertion(browser, await device.get(options));
    expect(res.status).toBe(400);
  });

  it("refuses a counter that goes backwards (a cloned authenticator), and stores nothing", async () => {
    const s = await person(owner, h, "pk-counter@example.org", "author");
    const counting = new SoftAuthenticator(ORIGIN);
    expect((await register(s, counting, "Key", { counter: 5 })).status).toBe(303);
    const first = await passkeySignIn(counting);
    expect(first.res.status).toBe(303);
    const cid = await staffId("pk-counter@example.org");
    expect((await passkeysOf(cid)).results[0]).toMatchObject({ sign_count: 6 });
    const before = await state();
    for (const counter of [6, 3]) {
      const { res } = await passkeySignIn(counting, { counter });
      expect(res.status, String(counter)).toBe(401);
      expect(await res.text()).toContain("bị lùi");
    }
    expect(await state()).toBe(before);
    expect((await passkeySignIn(counting, { counter: 7 })).res.status).toBe(303);
  });

  it("signs nobody in with a disabled person's passkey, and again once they are enabled", async () => {
    const s = await person(owner, h, "pk-disabled@example.org", "author");
    const own = new SoftAuthenticator(ORIGIN);
    expect((await register(s, own, "Key")).status).toBe(303);
    const pid = await staffId("pk-disabled@example.org");
    expect((await owner.post("/console/staff/disable", { id: String(pid) })).status).toBe(303);
    const before = await state();
    const { res } = await passkeySignIn(own);
    expect(res.status).toBe(403);
    expect(cookieSet(res, SESSION)).toBe("");
    expect(await res.text()).toContain("vô hiệu hóa");
    expect(await state()).toBe(before);
    expect((await owner.post("/console/staff/enable", { id: String(pid) })).status).toBe(303);
    expect((await passkeySignIn(own)).res.status).toBe(303);
  });

  it("throttles the ceremonies a client may start (429 with Retry-After, even for a good passkey)", async () => {
    const browser = newBrowser();
    for (let i = 0; i < 10; i++) expect((await requestOptions(browser)).status).toBe(200);
    const over = await requestOptions(browser);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await over.json<{ error: string }>()).error).toContain("quá nhiều lần");
  });
});

describe("removing a passkey", () => {
  it("removes one's own (recorded), after which it signs nobody in; another person's is a 404 that changes nothing", async () => {
    const s = await person(owner, h, "pk-remove@example.org", "author");
    const other = await person(owner, h, "pk-other@example.org", "author");
    const device = new SoftAuthenticator(ORIGIN);
    expect((await register(s, device, "Old key")).status).toBe(303);
    const pid = await staffId("pk-remove@example.org");
    const key = (await passkeysOf(pid)).results[0] as { id: string };
    const before = await state();
    const theirs = await other.post("/console/passkeys/remove", { id: key.id });
    expect(theirs.status).toBe(404);
    expect(await state()).toBe(before);
    const removed = await s.post("/console/passkeys/remove", { id: key.id });
    expect(removed.status).toBe(303);
    expect((await passkeysOf(pid)).results).toHaveLength(0);
    expect(await lastAudit()).toMatchObject({ action: "passkey.remove", actor_label: "pk-remove@example.org" });
    const { res } = await passkeySignIn(device);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("chưa được đăng ký");
  });
});

describe("the page and its script", () => {
  it("serves one script, allowed by path in the console's CSP, never inline", async () => {
    const script = await request("/console/passkeys.js", {}, h.bindings);
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("navigator.credentials.get");
    const page = await request("/console/login", {}, h.bindings);
    const csp = page.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src https://bantin.example/console/passkeys.js;");
    expect(csp).toContain("connect-src https://bantin.example/console/;");
    expect(csp).not.toContain("unsafe-inline'; script");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const html = await page.text();
    // The passkey form is hidden until the script finds WebAuthn; the page has no inline script.
    expect(html).toMatch(
      /<div data-passkey-box="" hidden="hidden">\s*<form[^>]*action="https:\/\/bantin\.example\/console\/login\/passkey"/,
    );
    expect(html).toContain('<script src="https://bantin.example/console/passkeys.js" defer=""></script>');
    expect(html.match(/<script/g)).toHaveLength(1);
    // The public site runs no script.
    expect((await request("/", {}, h.bindings)).headers.get("Content-Security-Policy")).not.toContain("script-src");
  });

  it("offers no passkeys on a site named by an IP address (browsers refuse them there)", async () => {
    const local = { ...h.bindings, SITE_URL: "http://127.0.0.1:8787" };
    const page = await request("/console/login", {}, local);
    expect(await page.text()).not.toContain("/console/login/passkey");
    const options = await postForm("/console/login/passkey/options", {}, { "CF-Connecting-IP": newClient() }, local);
    expect(options.status).toBe(404);
  });
});
