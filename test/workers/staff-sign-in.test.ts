// Staff accounts: sign-in by magic link (the same answer and work whether or not the address is staff,
// single use, 15 minutes, bound to the asking browser, throttled, a GET changes nothing), invitations,
// disabling a person (sessions and tokens end at once), the last owner, "my sessions", personal API
// tokens, and npm start's owner link.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "../helpers.ts";
import { hidden, newClient, postForm, type Signed, signIn, signInForm } from "./console-harness.ts";
import { api, cookieSet, dump, linkTo, person, secretOf, staffHarness, tokenOf } from "./staff-harness.ts";

const h = staffHarness();
let owner: Signed;

const SESSION = "__Host-bantin_console";
const BROWSER = "__Host-bantin_console_link";

beforeAll(async () => {
  owner = await signIn(h.bindings);
});

/** Asks for a link from a client, with a browser cookie if given: the answer and the browser cookie set. */
async function ask(email: string, ip = newClient(), browser = "") {
  const res = await postForm(
    "/console/login/email",
    { email, _form: await signInForm(ip, h.bindings), next: "/console" },
    { "CF-Connecting-IP": ip, ...(browser ? { Cookie: browser } : {}) },
    h.bindings,
  );
  return { res, body: await res.text(), browser: cookieSet(res, BROWSER) || browser, ip };
}

/** Opens a link's page and presses its button, with the browser's cookie if given. */
function press(path: string, browser: string, ip = newClient()) {
  return postForm(
    path.split("?")[0] ?? "",
    { t: secretOf(path) },
    { "CF-Connecting-IP": ip, ...(browser ? { Cookie: browser } : {}) },
    h.bindings,
  );
}

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<number>("n")) ?? 0;

describe("asking for a sign-in link", () => {
  it("answers the same, sets the same cookie and does the same D1 work for a staff and a non-staff address", async () => {
    await person(owner, h, "staff-a@example.org", "editor", "Trần Thị A");
    const before = { links: await count("staff_links"), limits: await count("rate_limits"), mails: h.mails.length };
    const staff = await ask("staff-a@example.org");
    const afterStaff = { links: await count("staff_links"), limits: await count("rate_limits") };
    const stranger = await ask("stranger@example.org");
    const afterStranger = { links: await count("staff_links"), limits: await count("rate_limits") };
    expect(staff.res.status).toBe(200);
    expect(stranger.res.status).toBe(200);
    // The same page but for the address typed.
    expect(stranger.body.replaceAll("stranger@example.org", "X")).toBe(
      staff.body.replaceAll("staff-a@example.org", "X"),
    );
    expect(staff.browser).toMatch(/^__Host-bantin_console_link=[A-Za-z0-9_-]{43}$/);
    expect(stranger.browser).toMatch(/^__Host-bantin_console_link=[A-Za-z0-9_-]{43}$/);
    // One link row and two rate-limit counters each (a row for no one when the address is no one's).
    expect(afterStaff.links - before.links).toBe(1);
    expect(afterStranger.links - afterStaff.links).toBe(1);
    expect(afterStaff.limits - before.limits).toBe(2);
    expect(afterStranger.limits - afterStaff.limits).toBe(2);
    // Only the person gets an email (sent after the answer, in waitUntil).
    expect(h.mails.slice(before.mails).map((m) => m.to)).toEqual(["staff-a@example.org"]);
    expect(h.mails.at(-1)?.subject).toContain("Vào bảng điều khiển");
  });

  it("refuses an address that is not one, storing nothing", async () => {
    const links = await count("staff_links");
    const { res, body } = await ask("not an address");
    expect(res.status).toBe(400);
    expect(body).toContain('aria-invalid="true"');
    expect(await count("staff_links")).toBe(links);
  });

  it("throttles per address and per client, the same for staff and strangers", async () => {
    for (const email of ["staff-a@example.org", "nobody@example.org"]) {
      const answers: number[] = [];
      for (let i = 0; i < 4; i++) answers.push((await ask(email)).res.status);
      // "staff-a" asked once already in the first test: its fourth is its fifth.
      expect(answers.at(-1)).toBe(429);
      expect(answers.slice(0, 2)).toEqual([200, 200]);
    }
    const ip = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await ask(`many-${i}@example.org`, ip)).res.status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    const last = await ask("many-last@example.org", ip);
    expect(last.res.status).toBe(429);
    expect(Number(last.res.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

describe("using a sign-in link", () => {
  let browser = "";
  let link = "";

  beforeAll(async () => {
    await person(owner, h, "staff-b@example.org", "author", "Lê Văn B");
    const asked = await ask("staff-b@example.org");
    browser = asked.browser;
    link = linkTo(h.mails, "staff-b@example.org");
    expect(link).toMatch(/^\/console\/login\/link\?t=/);
  });

  it("shows a page with a button on GET, and changes nothing", async () => {
    const before = await dump();
    const page = await request(link, { headers: { Cookie: browser } }, h.bindings);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Lê Văn B");
    expect(hidden(html, "t")).toBe(secretOf(link));
    expect(cookieSet(page, SESSION)).toBe("");
    expect(await dump()).toBe(before);
  });

  it("signs nobody in from another browser, and says so (only the audit log and the client's failures note the tries)", async () => {
    const before = await dump(env.DB, ["audit_log", "rate_limits"]);
    const logged = await count("audit_log");
    for (const other of ["", `${BROWSER}=${"x".repeat(43)}`]) {
      const res = await press(link, other);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("trình duyệt khác");
      expect(cookieSet(res, SESSION)).toBe("");
    }
    expect(await dump(env.DB, ["audit_log", "rate_limits"])).toBe(before);
    expect(await count("audit_log")).toBe(logged + 2);
  });

  it("stops trying links, and putting them on record, for a client that opened ten that did not work", async () => {
    const ip = newClient();
    const logged = await count("audit_log");
    const madeUp = () => `/console/login/link?t=${crypto.randomUUID().replaceAll("-", "").padEnd(43, "A")}`;
    for (let i = 0; i < 10; i++) expect((await press(madeUp(), browser, ip)).status).toBe(404);
    expect(await count("audit_log")).toBe(logged + 10);
    const before = await dump();
    // The eleventh, and even the right link in the right browser, from that client: refused untried.
    for (const path of [madeUp(), link]) {
      const res = await press(path, browser, ip);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(await res.text()).toContain("thử lại sau 10 phút");
      expect(cookieSet(res, SESSION)).toBe("");
    }
    expect(await dump()).toBe(before);
    // Another client is not held back.
    expect((await press(madeUp(), browser)).status).toBe(404);
  });

  it("signs in once in the browser that asked, then opens nothing", async () => {
    const res = await press(link, browser);
    expect(res.status).toBe(303);
    const cookie = cookieSet(res, SESSION);
    expect(cookie).toMatch(/^__Host-bantin_console=/);
    const page = await request("/console", { headers: { Cookie: cookie }, redirect: "manual" }, h.bindings);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Lê Văn B");
    expect(html).toContain("tác giả");
    const again = await press(link, browser);
    expect(again.status).toBe(410);
    expect(cookieSet(again, SESSION)).toBe("");
  });

  it("refuses an expired link", async () => {
    const asked = await ask("staff-b@example.org");
    const expired = linkTo(h.mails, "staff-b@example.org");
    await env.DB.prepare("UPDATE staff_links SET expires_ms = ? WHERE used_ms IS NULL AND staff_id IS NOT NULL")
      .bind(Date.now() - 1)
      .run();
    const res = await press(expired, asked.browser);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("hết hạn");
    expect(cookieSet(res, SESSION)).toBe("");
  });
});

describe("invitations", () => {
  it("mails a link that shows the invitation on GET and signs the person in on POST, once", async () => {
    const invited = await owner.post("/console/staff/invite", {
      email: "Moi@Example.org",
      name: "Phạm Mới",
      role: "editor",
    });
    expect(invited.status).toBe(200);
    const link = linkTo(h.mails, "Moi@example.org");
    expect(h.mails.at(-1)?.subject).toContain("Lời mời");
    const before = await dump();
    const page = await request(link, {}, h.bindings);
    expect(await page.text()).toContain("biên tập viên");
    expect(await dump()).toBe(before);
    const res = await press(link, "");
    expect(res.status).toBe(303);
    expect(cookieSet(res, SESSION)).not.toBe("");
    const row = await env.DB.prepare(
      "SELECT role, last_sign_in_ms FROM staff WHERE mailbox = 'moi@example.org'",
    ).first<{
      role: string;
      last_sign_in_ms: number | null;
    }>();
    expect(row?.role).toBe("editor");
    expect(row?.last_sign_in_ms).toBeGreaterThan(0);
    expect((await press(link, "")).status).toBe(410);
    // Someone already signed in is not invited again.
    const twice = await owner.post("/console/staff/invite", { email: "moi@example.org", name: "X", role: "owner" });
    expect(twice.status).toBe(409);
  });

  it("refuses an invitation with a missing name or a role that is none, storing nothing", async () => {
    const before = await dump();
    expect(
      (await owner.post("/console/staff/invite", { email: "a@example.org", name: " ", role: "editor" })).status,
    ).toBe(400);
    expect(
      (await owner.post("/console/staff/invite", { email: "a@example.org", name: "A", role: "admin" })).status,
    ).toBe(400);
    expect(await dump()).toBe(before);
  });
});

describe("disabling a person", () => {
  it("ends their sessions and tokens at once, and they cannot sign in", async () => {
    const c = await person(owner, h, "staff-c@example.org", "editor", "Đỗ C");
    const token = await tokenOf(c, "editor");
    expect((await api(token, "GET", "/admin/posts")).status).toBe(200);
    const id = await env.DB.prepare("SELECT id FROM staff WHERE mailbox = 'staff-c@example.org'").first<number>("id");
    const disabled = await owner.post("/console/staff/disable", { id: String(id) });
    expect(disabled.status).toBe(303);
    // Their next click finds no session.
    const next = await c.get("/console/posts");
    expect(next.status).toBe(303);
    expect(next.headers.get("Location")).toContain("/console/login");
    expect((await api(token, "GET", "/admin/posts")).status).toBe(401);
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM console_sessions WHERE staff_id = ?")
      .bind(id)
      .first<number>("n");
    expect(sessions).toBe(0);
    // A link asked for now opens nothing, and none is mailed.
    const mails = h.mails.length;
    const asked = await ask("staff-c@example.org");
    expect(asked.res.status).toBe(200);
    expect(h.mails.length).toBe(mails);
    // Enabled again: a new link signs in; the old token stays revoked.
    expect((await owner.post("/console/staff/enable", { id: String(id) })).status).toBe(303);
    expect((await api(token, "GET", "/admin/posts")).status).toBe(401);
  });
});

describe("the last owner", () => {
  it("cannot be demoted or disabled while no other owner is active", async () => {
    await person(owner, h, "chu@example.org", "owner", "Chủ Một");
    const id = String(
      await env.DB.prepare("SELECT id FROM staff WHERE mailbox = 'chu@example.org'").first<number>("id"),
    );
    const before = await dump();
    const demoted = await owner.post("/console/staff/role", { id, role: "editor" });
    expect(demoted.status).toBe(409);
    expect(await demoted.text()).toContain("chủ trang cuối cùng");
    expect((await owner.post("/console/staff/disable", { id })).status).toBe(409);
    expect(await dump()).toBe(before);
    // With a second active owner, the first may step down.
    await person(owner, h, "chu-hai@example.org", "owner", "Chủ Hai");
    expect((await owner.post("/console/staff/role", { id, role: "editor" })).status).toBe(303);
    const role = await env.DB.prepare("SELECT role FROM staff WHERE id = ?").bind(id).first<string>("role");
    expect(role).toBe("editor");
  });
});

describe("my sessions", () => {
  it("lists the person's sessions, marks this one, and ends another but not someone else's", async () => {
    const d1 = await person(owner, h, "staff-d@example.org", "author", "Vũ D");
    // A second session of the same person, by a sign-in link.
    const asked = await ask("staff-d@example.org");
    const res = await press(linkTo(h.mails, "staff-d@example.org"), asked.browser);
    const second = cookieSet(res, SESSION);
    const page = await (await d1.get("/console/sessions")).text();
    const ids = [...page.matchAll(/name="id" value="([0-9a-f]{64})"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(page).toContain("phiên này");
    // The owner (ADMIN_TOKEN) cannot end the person's session: not theirs.
    expect((await owner.post("/console/sessions/end", { id: ids[0] ?? "" })).status).toBe(404);
    // The person ends the other one.
    const mine = hidden(page.split("<tr").find((row) => row.includes("phiên này")) ?? "", "id");
    const other = ids.find((i) => i !== mine) ?? "";
    expect((await d1.post("/console/sessions/end", { id: other })).status).toBe(303);
    const gone = await request("/console", { headers: { Cookie: second }, redirect: "manual" }, h.bindings);
    expect(gone.status).toBe(303);
    expect((await d1.get("/console")).status).toBe(200);
  });
});

describe("personal API tokens", () => {
  it("are shown once, act at their role, record their use, and answer 401 once revoked", async () => {
    const e = await person(owner, h, "staff-e@example.org", "editor", "Hồ E");
    // No higher than the person.
    const tooHigh = await e.post("/console/tokens", { name: "x", role: "owner" });
    expect(tooHigh.status).toBe(400);
    const token = await tokenOf(e, "author", "ci");
    const list = await (await e.get("/console/tokens")).text();
    expect(list).not.toContain(token);
    expect(list).toContain("ci");
    const row = async () =>
      env.DB.prepare("SELECT id, hash, last_used_ms FROM api_tokens WHERE name = 'ci'").first<{
        id: string;
        hash: string;
        last_used_ms: number | null;
      }>();
    expect((await row())?.hash).not.toContain(token.slice(11));
    expect((await api(token, "GET", "/admin/posts")).status).toBe(200);
    expect((await row())?.last_used_ms).toBeGreaterThan(0);
    // An author token cannot publish: 403 naming the role, and nothing stored.
    const before = await dump();
    const refused = await api(token, "POST", "/admin/posts", {
      title: "Không được",
      markdown: "x",
      published: "2026-01-01T00:00:00+07:00",
      author: "E",
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { needs: string }).needs).toBe("editor");
    const after = await dump();
    // Only the token's last use may differ (written at most once a minute: here not at all).
    expect(after).toBe(before);
    const id = (await row())?.id ?? "";
    // Someone else (an author) cannot revoke it; its person can.
    const f = await person(owner, h, "staff-f@example.org", "author", "F");
    expect((await f.post("/console/tokens/revoke", { id })).status).toBe(403);
    expect((await e.post("/console/tokens/revoke", { id })).status).toBe(303);
    expect((await api(token, "GET", "/admin/posts")).status).toBe(401);
  });

  it("count wrong tokens against the client's budget, with the ADMIN_TOKEN's", async () => {
    const ip = "203.0.113.77";
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(
        "/admin/posts",
        { headers: { Authorization: `Bearer bantin_pat_${"a".repeat(43)}`, "CF-Connecting-IP": ip } },
        h.bindings,
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("npm start's owner link", () => {
  const local = () => ({ ...h.bindings, SITE_URL: "http://127.0.0.1:8787" }) as Env;
  const ownerLink = (bindings: Env, email: string) =>
    request(
      "/admin/staff/owner-link",
      {
        method: "POST",
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ email }),
      },
      bindings,
    );

  it("is made only on a site served from this machine", async () => {
    const before = await dump();
    expect((await ownerLink(h.bindings, "owner@bantin.localhost")).status).toBe(404);
    expect(await dump()).toBe(before);
  });

  it("gives an owner a link any browser may use once", async () => {
    const res = await ownerLink(local(), "chu-hai@example.org");
    expect(res.status).toBe(200);
    const { url, created } = (await res.json()) as { url: string; created: boolean };
    expect(created).toBe(false);
    const path = new URL(url).pathname + new URL(url).search;
    const used = await postForm(
      "/console/login/link",
      { t: secretOf(path) },
      { "CF-Connecting-IP": newClient() },
      local(),
    );
    expect(used.status).toBe(303);
    expect(cookieSet(used, "bantin_console")).not.toBe("");
    // Not an owner: no link.
    expect((await ownerLink(local(), "staff-d@example.org")).status).toBe(409);
  });
});
