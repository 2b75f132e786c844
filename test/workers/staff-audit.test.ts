// Staff accounts on the audit log (issue 19): each staff event (npm start's owner, invitations, sign-in
// by link, invitation or owner link, failed links, role changes, disabling, enabling, tokens made and
// revoked, a session ended from "my sessions") leaves exactly one row naming who, what and which
// object; a refused one (403), or one that changes nothing, leaves none; a personal token acts as
// "token NAME (address)"; asking for a sign-in link leaves nothing; the audit page lists the people.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "../helpers.ts";
import { photo } from "../media.ts";
import { detail, one, recorded } from "./audit-harness.ts";
import { newClient, postForm, type Signed, sessionOf, signIn, signInForm } from "./console-harness.ts";
import { cookieSet, linkTo, person, secretOf, staffHarness, tokenOf } from "./staff-harness.ts";

const h = staffHarness();
const SESSION = "__Host-bantin_console";
const BROWSER = "__Host-bantin_console_link";
const OWNER = "chu@example.org";
const AUTHOR = "tac-gia@example.org";

/** The ADMIN_TOKEN's session; then the owner's and the author's, once they are made. */
let admin: Signed;
let owner: Signed;
let author: Signed;

const idOf = async (email: string) =>
  (await env.DB.prepare("SELECT id FROM staff WHERE mailbox = ?").bind(email).first<number>("id")) ?? 0;

/** What the log says of a person acting in a console session of theirs. */
const byPerson = async (email: string) => ({
  actor_kind: "staff",
  actor_label: email,
  actor_staff_id: await idOf(email),
  actor_token_id: null,
});

const staffObject = async (email: string) => ({ object_type: "staff", object_id: String(await idOf(email)) });

/** Asks for a sign-in link for `email` from a new client; its browser cookie. */
async function ask(email: string): Promise<{ browser: string; ip: string }> {
  const ip = newClient();
  const res = await postForm(
    "/console/login/email",
    { email, _form: await signInForm(ip, h.bindings), next: "/console" },
    { "CF-Connecting-IP": ip },
    h.bindings,
  );
  expect(res.status).toBe(200);
  return { browser: cookieSet(res, BROWSER), ip };
}

/** Presses a link's button, with a browser cookie if given. */
function press(path: string, browser: string, ip = newClient(), bindings = h.bindings) {
  return postForm(
    path.split("?")[0] ?? "",
    { t: secretOf(path) },
    { "CF-Connecting-IP": ip, ...(browser ? { Cookie: browser } : {}) },
    bindings,
  );
}

/** Expects `act` to answer `status` and to leave nothing in the log. */
async function leavesNothing(status: number, act: () => Promise<Response>) {
  const rows = await recorded(async () => expect((await act()).status).toBe(status));
  expect(rows).toEqual([]);
}

beforeAll(async () => {
  admin = await signIn(h.bindings);
});

describe("npm start's owner and signing in", () => {
  const local = () => ({ ...h.bindings, SITE_URL: "http://127.0.0.1:8787" }) as Env;
  const ownerLink = () =>
    request(
      "/admin/staff/owner-link",
      {
        method: "POST",
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ email: OWNER }),
      },
      local(),
    );

  it("records npm start's owner as invited via npm start, and their sign-in by its link", async () => {
    let url = "";
    const invited = await one(async () => {
      const res = await ownerLink();
      expect(res.status).toBe(201);
      url = ((await res.json()) as { url: string }).url;
    });
    expect(invited).toMatchObject({
      actor_kind: "admin-token",
      actor_label: "ADMIN_TOKEN",
      action: "staff.invite",
      ...(await staffObject(OWNER)),
    });
    expect(detail(invited)).toEqual({ email: OWNER, role: "owner", via: "npm start" });
    // The site has its owner now: a link again makes no one.
    expect(await recorded(async () => expect((await ownerLink()).status).toBe(200))).toEqual([]);
    const path = new URL(url).pathname + new URL(url).search;
    const signedIn = await one(async () => expect((await press(path, "", newClient(), local())).status).toBe(303));
    expect(signedIn).toMatchObject({ ...(await byPerson(OWNER)), action: "session.sign-in", object_type: null });
    expect(detail(signedIn)).toEqual({ method: "owner-link" });
  });

  it("records a sign-in by email link, and nothing for asking for one (staff or not)", async () => {
    expect(await recorded(() => ask(OWNER))).toEqual([]);
    expect(await recorded(() => ask("nobody@example.org"))).toEqual([]);
    const { browser, ip } = await ask(OWNER);
    let cookie = "";
    const row = await one(async () => {
      const res = await press(linkTo(h.mails, OWNER), browser, ip);
      expect(res.status).toBe(303);
      cookie = cookieSet(res, SESSION);
    });
    expect(row).toMatchObject({ ...(await byPerson(OWNER)), action: "session.sign-in", client: `ip4:${ip}` });
    expect(detail(row)).toEqual({ method: "link" });
    owner = await sessionOf(cookie, ip, h.bindings);
  });

  it("records an invitation and its acceptance", async () => {
    const rows = await recorded(async () => {
      author = await person(owner, h, AUTHOR, "author", "Tác Giả");
    });
    expect(rows.map((r) => r.action)).toEqual(["staff.invite", "session.sign-in"]);
    const [invited, signedIn] = rows;
    expect(invited).toMatchObject({ ...(await byPerson(OWNER)), ...(await staffObject(AUTHOR)) });
    expect(invited && detail(invited)).toEqual({ email: AUTHOR, role: "author" });
    expect(signedIn).toMatchObject({ ...(await byPerson(AUTHOR)), object_type: null });
    expect(signedIn && detail(signedIn)).toEqual({ method: "invitation" });
  });

  it("records each refused link with its reason, by nobody", async () => {
    const { browser, ip } = await ask(AUTHOR);
    const link = linkTo(h.mails, AUTHOR);
    const refusal = async (path: string, cookie: string, status: number) => {
      const row = await one(async () => expect((await press(path, cookie, ip)).status).toBe(status));
      expect(row).toMatchObject({ actor_kind: "anonymous", actor_label: null, action: "session.sign-in-failed" });
      return row;
    };
    const unknown = await refusal(`/console/login/link?t=${"A".repeat(43)}`, browser, 404);
    expect(unknown).toMatchObject({ object_type: null, object_id: null });
    expect(detail(unknown)).toEqual({ method: "link", reason: "unknown" });
    const elsewhere = await refusal(link, "", 403);
    expect(elsewhere).toMatchObject(await staffObject(AUTHOR));
    expect(detail(elsewhere)).toEqual({ method: "link", reason: "other-browser" });
    expect((await press(link, browser, ip)).status).toBe(303);
    expect(detail(await refusal(link, browser, 410))).toEqual({ method: "link", reason: "used" });
    const late = await ask(AUTHOR);
    await env.DB.prepare("UPDATE staff_links SET expires_ms = ? WHERE used_ms IS NULL AND staff_id IS NOT NULL")
      .bind(Date.now() - 1)
      .run();
    const expired = await one(async () =>
      expect((await press(linkTo(h.mails, AUTHOR), late.browser, late.ip)).status).toBe(410),
    );
    expect(expired).toMatchObject({ actor_kind: "anonymous", ...(await staffObject(AUTHOR)) });
    expect(detail(expired)).toEqual({ method: "link", reason: "expired" });
    const invitation = await refusal(`/console/invitation?t=${"B".repeat(43)}`, "", 404);
    expect(detail(invitation)).toEqual({ method: "invitation", reason: "unknown" });
  });
});

describe("people", () => {
  const TEMP = "tam@example.org";

  beforeAll(async () => {
    expect((await owner.post("/console/staff/invite", { email: TEMP, name: "Tạm", role: "author" })).status).toBe(200);
  });

  it("records an invitation by an owner, and none when an author tries (403)", async () => {
    await leavesNothing(403, () =>
      author.post("/console/staff/invite", { email: "ai-do@example.org", name: "Ai đó", role: "owner" }),
    );
    expect(await idOf("ai-do@example.org")).toBe(0);
  });

  it("records a role change with both roles, and none when refused, unchanged or the last owner's", async () => {
    const id = String(await idOf(TEMP));
    await leavesNothing(403, () => author.post("/console/staff/role", { id, role: "owner" }));
    const row = await one(async () =>
      expect((await owner.post("/console/staff/role", { id, role: "editor" })).status).toBe(303),
    );
    expect(row).toMatchObject({
      ...(await byPerson(OWNER)),
      action: "staff.role-change",
      ...(await staffObject(TEMP)),
    });
    expect(detail(row)).toEqual({ email: TEMP, from: "author", to: "editor" });
    await leavesNothing(303, () => owner.post("/console/staff/role", { id, role: "editor" }));
    // The only active owner cannot demote themselves.
    await leavesNothing(409, async () =>
      owner.post("/console/staff/role", { id: String(await idOf(OWNER)), role: "editor" }),
    );
  });

  it("records disabling and enabling, and none when refused or unchanged", async () => {
    const id = String(await idOf(TEMP));
    await leavesNothing(403, () => author.post("/console/staff/disable", { id }));
    const disabled = await one(async () =>
      expect((await owner.post("/console/staff/disable", { id })).status).toBe(303),
    );
    expect(disabled).toMatchObject({
      ...(await byPerson(OWNER)),
      action: "staff.disable",
      ...(await staffObject(TEMP)),
    });
    expect(detail(disabled)).toEqual({ email: TEMP });
    await leavesNothing(303, () => owner.post("/console/staff/disable", { id }));
    await leavesNothing(409, async () => owner.post("/console/staff/disable", { id: String(await idOf(OWNER)) }));
    await leavesNothing(403, () => author.post("/console/staff/enable", { id }));
    const enabled = await one(async () => expect((await owner.post("/console/staff/enable", { id })).status).toBe(303));
    expect(enabled).toMatchObject({ ...(await byPerson(OWNER)), action: "staff.enable", ...(await staffObject(TEMP)) });
    await leavesNothing(303, () => owner.post("/console/staff/enable", { id }));
  });
});

describe("personal API tokens and sessions", () => {
  const tokenId = async (name: string) =>
    (await env.DB.prepare("SELECT id FROM api_tokens WHERE name = ?").bind(name).first<string>("id")) ?? "";

  it("records a token made and revoked by its person, and none for another's (403) or again", async () => {
    const made = await one(async () =>
      expect((await author.post("/console/tokens", { name: "ci", role: "author" })).status).toBe(201),
    );
    const id = await tokenId("ci");
    expect(made).toMatchObject({
      ...(await byPerson(AUTHOR)),
      action: "token.create",
      object_type: "token",
      object_id: id,
    });
    expect(detail(made)).toEqual({ name: "ci", role: "author", email: AUTHOR });
    // The ADMIN_TOKEN's session has no person to own a token.
    await leavesNothing(400, () => admin.post("/console/tokens", { name: "admin", role: "owner" }));
    await tokenOf(owner, "owner", "chu-script");
    await leavesNothing(403, async () => author.post("/console/tokens/revoke", { id: await tokenId("chu-script") }));
    const revoked = await one(async () =>
      expect((await author.post("/console/tokens/revoke", { id })).status).toBe(303),
    );
    expect(revoked).toMatchObject({
      ...(await byPerson(AUTHOR)),
      action: "token.revoke",
      object_type: "token",
      object_id: id,
    });
    expect(detail(revoked)).toEqual({ name: "ci", email: AUTHOR });
    await leavesNothing(404, () => author.post("/console/tokens/revoke", { id }));
  });

  it("names a personal token in the log with its person", async () => {
    const token = await tokenOf(author, "author", "may-anh");
    const row = await one(async () => {
      const res = await request(
        "/admin/media?alt=%E1%BA%A2nh",
        {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "image/png", "CF-Connecting-IP": "203.0.113.9" },
          body: photo("png"),
        },
        h.bindings,
      );
      expect(res.status).toBe(201);
    });
    expect(row).toMatchObject({
      actor_kind: "api-token",
      actor_label: `token may-anh (${AUTHOR})`,
      actor_staff_id: await idOf(AUTHOR),
      actor_token_id: await tokenId("may-anh"),
      action: "media.upload",
    });
  });

  it("records a session ended on “my sessions” as a sign-out, and nothing for someone else's", async () => {
    const { browser, ip } = await ask(AUTHOR);
    expect((await press(linkTo(h.mails, AUTHOR), browser, ip)).status).toBe(303);
    const sessions = await env.DB.prepare("SELECT id FROM console_sessions WHERE staff_id = ? ORDER BY created_ms DESC")
      .bind(await idOf(AUTHOR))
      .all<{ id: string }>();
    const other = sessions.results[0]?.id ?? "";
    const owners = await env.DB.prepare("SELECT id FROM console_sessions WHERE staff_id = ?")
      .bind(await idOf(OWNER))
      .first<string>("id");
    await leavesNothing(404, () => author.post("/console/sessions/end", { id: owners ?? "" }));
    const row = await one(async () =>
      expect((await author.post("/console/sessions/end", { id: other })).status).toBe(303),
    );
    expect(row).toMatchObject({
      ...(await byPerson(AUTHOR)),
      action: "session.sign-out",
      object_type: "session",
      object_id: other.slice(0, 12),
    });
    expect(detail(row)).toEqual({ via: "my-sessions", current: false });
  });
});

describe("the audit page", () => {
  it("lists the people and tokens that acted in its person filter, and shows their rows in words", async () => {
    const html = await (await owner.get("/console/audit")).text();
    for (const label of [OWNER, AUTHOR, `token may-anh (${AUTHOR})`, "ADMIN_TOKEN"]) {
      expect(html).toContain(`<option value="${label}">`);
    }
    expect(html).toContain("Nhân sự tam@example.org");
    expect(html).toContain("tác giả → biên tập viên");
    expect(html).toContain("Bằng liên kết do npm start in ra");
    expect(html).toContain("Liên kết mở trên trình duyệt khác");
    expect(html).toContain("Mã API “ci”");
    const mine = await (await owner.get(`/console/audit?actor=${encodeURIComponent(AUTHOR)}`)).text();
    expect(mine).toContain("Thu hồi khóa API");
    expect(mine).not.toContain("Nhân sự tam@example.org");
  });
});
