// Roles, enforced on the server: every registered console and admin route has a rule in the table
// (access/roles.ts), and the role × action matrix, for an author, an editor and an owner (a console
// session of each, a personal API token of each): each allowed action works, each forbidden one
// answers 403, says which role it needs, and changes nothing in D1.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { atLeast, type Role } from "../../src/access/actor.ts";
import { ROUTE_RULES } from "../../src/access/roles.ts";
import { app } from "../../src/index.ts";
import { ADMIN, publish, recordingQueue, reportInput, request } from "../helpers.ts";
import { photo } from "../media.ts";
import { postFormFields, type Signed, signIn } from "./console-harness.ts";
import { addSubscriber } from "./harness.ts";
import { api, dump, person, staffHarness, tokenOf } from "./staff-harness.ts";

describe("the permission table", () => {
  const registered = app.routes
    .filter((r) => r.method !== "ALL" && /^\/(?:admin|console)(?:\/|$)/.test(r.path))
    .map((r) => `${r.method} ${r.path}`);

  it("has a rule for every console and admin route the app registers", () => {
    expect(registered.length).toBeGreaterThan(50);
    const missing = registered.filter((key) => !(key in ROUTE_RULES));
    expect(missing).toEqual([]);
  });

  it("names no route the app does not register", () => {
    const unknown = Object.keys(ROUTE_RULES).filter((key) => !registered.includes(key));
    expect(unknown).toEqual([]);
  });
});

const ROLES: Role[] = ["author", "editor", "owner"];
const deliveries = recordingQueue<unknown>();
const confirmations = recordingQueue<unknown>();
const websub = recordingQueue<unknown>();
const h = staffHarness({ DELIVERIES: deliveries.queue, CONFIRMATIONS: confirmations.queue, WEBSUB: websub.queue });

const who: Record<Role, Signed> = {} as Record<Role, Signed>;
const tokens: Record<Role, string> = {} as Record<Role, string>;
/** Each role's own draft (written in its own session). */
const ownDraft: Record<Role, string> = {} as Record<Role, string>;
let admin: Signed;
let counter = 0;
const unique = () => `${Date.now().toString(36)}-${++counter}`;

const postFields = (title: string, slug: string, action: string, date = "2021-07-20T09:00:00") =>
  postFormFields(title, slug, action, date);

/** A post published through the API with the ADMIN_TOKEN (no person wrote it): its slug. */
async function publishedPost(): Promise<string> {
  const slug = `bai-${unique()}`;
  const res = await publish({ ...reportInput(), id: undefined, slug, title: `Bài ${slug}` });
  expect(res.status).toBe(201);
  return slug;
}

/** A draft saved by `s` in the console: its slug. */
async function draftBy(s: Signed): Promise<string> {
  const slug = `nhap-${unique()}`;
  const res = await s.post("/console/posts/new", postFields(`Nháp ${slug}`, slug, "draft"));
  expect(res.status).toBe(303);
  return slug;
}

const future = () => new Date(Date.now() + 30 * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 19);

/** A photo in the library, by the admin API: its hash. */
async function uploadedPhoto(): Promise<string> {
  const res = await request("/admin/media?alt=%E1%BA%A2nh", {
    method: "POST",
    headers: { ...ADMIN, "Content-Type": "image/jpeg" },
    body: photo("jpeg"),
  });
  const body = (await res.json()) as { media: { hash: string }[] };
  return body.media[0]?.hash ?? "";
}

function photoForm(): FormData {
  const form = new FormData();
  form.set("files", new File([photo("png")], "anh.png", { type: "image/png" }));
  return form;
}

interface Action {
  /** The table's key, and the least role the issue gives this action (checked against the table). */
  key: keyof typeof ROUTE_RULES;
  least: Role;
  /** What differs from another action on the same route. */
  note?: string;
  /** The statuses an allowed request answers. */
  ok: number[];
}

interface ConsoleAction extends Action {
  run: (s: Signed, role: Role) => Promise<Response>;
}

const CONSOLE: ConsoleAction[] = [
  { key: "GET /console", least: "author", ok: [200], run: (s) => s.get("/console") },
  { key: "GET /console/posts", least: "author", ok: [200], run: (s) => s.get("/console/posts") },
  { key: "GET /console/posts/new", least: "author", ok: [200], run: (s) => s.get("/console/posts/new") },
  {
    key: "POST /console/posts/new",
    least: "author",
    note: "a new draft",
    ok: [303],
    run: (s) => {
      const slug = `moi-${unique()}`;
      return s.post("/console/posts/new", postFields(`Mới ${slug}`, slug, "draft"));
    },
  },
  {
    key: "POST /console/posts/new",
    least: "editor",
    note: "published at once",
    ok: [303],
    run: (s) => {
      const slug = `dang-${unique()}`;
      return s.post("/console/posts/new", postFields(`Đăng ${slug}`, slug, "publish"));
    },
  },
  {
    key: "POST /console/posts/new",
    least: "editor",
    note: "scheduled",
    ok: [303],
    run: (s) => {
      const slug = `lich-${unique()}`;
      return s.post("/console/posts/new", postFields(`Lịch ${slug}`, slug, "schedule", future()));
    },
  },
  {
    key: "GET /console/posts/:slug",
    least: "author",
    note: "their own draft",
    ok: [200],
    run: (s, role) => s.get(`/console/posts/${ownDraft[role]}`),
  },
  {
    key: "GET /console/posts/:slug",
    least: "editor",
    note: "a post someone else wrote",
    ok: [200],
    run: async (s) => s.get(`/console/posts/${await publishedPost()}`),
  },
  {
    key: "POST /console/posts/:slug",
    least: "author",
    note: "their own draft, saved as a draft",
    ok: [303],
    run: (s, role) => s.post(`/console/posts/${ownDraft[role]}`, postFields("Nháp đã sửa", ownDraft[role], "draft")),
  },
  {
    key: "POST /console/posts/:slug",
    least: "editor",
    note: "their own draft, published",
    ok: [303],
    run: async (s) => {
      const slug = await draftBy(s);
      return s.post(`/console/posts/${slug}`, postFields(`Nháp ${slug}`, slug, "publish"));
    },
  },
  {
    key: "POST /console/posts/:slug",
    least: "editor",
    note: "someone else's draft",
    ok: [303],
    run: async (s) => {
      const slug = await draftBy(admin);
      return s.post(`/console/posts/${slug}`, postFields("Sửa nháp người khác", slug, "draft"));
    },
  },
  {
    key: "POST /console/posts/new",
    least: "editor",
    note: "a 'new' form carrying the id of someone else's draft",
    ok: [303],
    run: async (s) => {
      const slug = await draftBy(admin);
      const id = await env.DB.prepare("SELECT id FROM posts WHERE slug = ?").bind(slug).first<string>("id");
      return s.post("/console/posts/new", { ...postFields("Chiếm bài", slug, "draft"), id: id ?? "" });
    },
  },
  {
    key: "GET /console/posts/:slug/withdraw",
    least: "editor",
    ok: [200],
    run: async (s) => s.get(`/console/posts/${await publishedPost()}/withdraw`),
  },
  {
    key: "POST /console/posts/:slug/withdraw",
    least: "editor",
    ok: [303],
    run: async (s) => s.post(`/console/posts/${await publishedPost()}/withdraw`, {}),
  },
  { key: "GET /console/frame/post", least: "author", ok: [200], run: (s) => s.get("/console/frame/post") },
  {
    key: "POST /console/frame/post",
    least: "author",
    ok: [200],
    run: (s) => s.post("/console/frame/post", postFields("Xem trước", "xem-truoc", "draft")),
  },
  {
    key: "GET /console/frame/post/:slug",
    least: "author",
    note: "their own draft",
    ok: [200],
    run: (s, role) => s.get(`/console/frame/post/${ownDraft[role]}`),
  },
  {
    key: "GET /console/frame/post/:slug",
    least: "editor",
    note: "someone else's post",
    ok: [200],
    run: async (s) => s.get(`/console/frame/post/${await publishedPost()}`),
  },
  { key: "GET /console/media", least: "author", ok: [200], run: (s) => s.get("/console/media") },
  {
    key: "POST /console/media/upload",
    least: "author",
    ok: [200, 201],
    run: (s) => s.upload("/console/media/upload", photoForm()),
  },
  {
    key: "POST /console/media/describe",
    least: "author",
    ok: [303],
    run: async (s) => {
      const hash = await uploadedPhoto();
      return s.post("/console/media/describe", {
        "hash[]": hash,
        "alt[]": "Một bức ảnh",
        "caption[]": "",
        "credit[]": "",
      });
    },
  },
  {
    key: "GET /console/media/:hash/delete",
    least: "editor",
    ok: [200],
    run: async (s) => s.get(`/console/media/${await uploadedPhoto()}/delete`),
  },
  {
    key: "POST /console/media/:hash/delete",
    least: "editor",
    ok: [303],
    run: async (s) => s.post(`/console/media/${await uploadedPhoto()}/delete`, {}),
  },
  { key: "GET /console/digest", least: "author", ok: [200], run: (s) => s.get("/console/digest") },
  { key: "GET /console/frame/digest", least: "author", ok: [200], run: (s) => s.get("/console/frame/digest") },
  {
    key: "POST /console/digest/test",
    least: "editor",
    ok: [200],
    run: (s) => s.post("/console/digest/test", { to: "thu@example.net" }),
  },
  { key: "GET /console/digest/send", least: "owner", ok: [200], run: (s) => s.get("/console/digest/send") },
  {
    key: "POST /console/digest/send",
    least: "owner",
    note: "a confirmation that is out of date (sends nothing)",
    ok: [409],
    run: (s) => s.post("/console/digest/send", { fingerprint: "1.stale" }),
  },
  { key: "GET /console/digests/:number", least: "owner", ok: [404], run: (s) => s.get("/console/digests/999") },
  {
    key: "POST /console/digests/:number/resume",
    least: "owner",
    ok: [404],
    run: (s) => s.post("/console/digests/999/resume", {}),
  },
  { key: "GET /console/subscribers", least: "owner", ok: [200], run: (s) => s.get("/console/subscribers") },
  { key: "GET /console/subscribers.csv", least: "owner", ok: [200], run: (s) => s.get("/console/subscribers.csv") },
  {
    key: "POST /console/subscribers/import",
    least: "owner",
    ok: [200],
    run: (s) => {
      const form = new FormData();
      form.set("file", new File([`email\nnhap-${unique()}@example.org\n`], "a.csv", { type: "text/csv" }));
      form.set("attest", "yes");
      return s.upload("/console/subscribers/import", form);
    },
  },
  {
    key: "POST /console/subscribers/lift",
    least: "owner",
    ok: [303],
    run: async (s) => {
      const email = `chan-${unique()}@example.org`;
      await addSubscriber(email, "confirmed");
      return s.post("/console/subscribers/lift", { email });
    },
  },
  {
    key: "GET /console/subscribers/erase",
    least: "owner",
    ok: [200],
    run: async (s) => {
      const email = `xem-${unique()}@example.org`;
      await addSubscriber(email, "confirmed");
      return s.get(`/console/subscribers/erase?email=${encodeURIComponent(email)}`);
    },
  },
  {
    key: "POST /console/subscribers/erase",
    least: "owner",
    ok: [303],
    run: async (s) => {
      const email = `xoa-${unique()}@example.org`;
      await addSubscriber(email, "confirmed");
      return s.post("/console/subscribers/erase", { email });
    },
  },
  { key: "GET /console/staff", least: "owner", ok: [200], run: (s) => s.get("/console/staff") },
  {
    key: "POST /console/staff/invite",
    least: "owner",
    ok: [200],
    run: (s) =>
      s.post("/console/staff/invite", { email: `moi-${unique()}@example.org`, name: "Người mới", role: "author" }),
  },
  {
    key: "POST /console/staff/role",
    least: "owner",
    ok: [303],
    run: async (s) => s.post("/console/staff/role", { id: await invitedId(), role: "editor" }),
  },
  {
    key: "POST /console/staff/disable",
    least: "owner",
    ok: [303],
    run: async (s) => s.post("/console/staff/disable", { id: await invitedId() }),
  },
  {
    key: "POST /console/staff/enable",
    least: "owner",
    ok: [303],
    run: async (s) => {
      const id = await invitedId();
      expect((await admin.post("/console/staff/disable", { id })).status).toBe(303);
      return s.post("/console/staff/enable", { id });
    },
  },
  { key: "GET /console/audit", least: "owner", ok: [200], run: (s) => s.get("/console/audit") },
  { key: "GET /console/audit.csv", least: "owner", ok: [200], run: (s) => s.get("/console/audit.csv") },
  { key: "GET /console/sessions", least: "author", ok: [200], run: (s) => s.get("/console/sessions") },
  { key: "GET /console/tokens", least: "author", ok: [200], run: (s) => s.get("/console/tokens") },
  {
    key: "POST /console/tokens",
    least: "author",
    ok: [201],
    run: (s) => s.post("/console/tokens", { name: `ci-${unique()}`, role: "author" }),
  },
  {
    key: "POST /console/tokens/revoke",
    least: "author",
    note: "their own token",
    ok: [303],
    run: async (s) => s.post("/console/tokens/revoke", { id: await newTokenId(s) }),
  },
  {
    key: "POST /console/tokens/revoke",
    least: "owner",
    note: "someone else's token",
    ok: [303],
    run: async (s, role) => {
      const other = role === "author" ? who.editor : who.author;
      return s.post("/console/tokens/revoke", { id: await newTokenId(other) });
    },
  },
];

/** Someone invited by the ADMIN_TOKEN's session (not signed in yet): their id. */
async function invitedId(): Promise<string> {
  const email = `tam-${unique()}@example.org`;
  expect((await admin.post("/console/staff/invite", { email, name: "Tạm", role: "author" })).status).toBe(200);
  const id = await env.DB.prepare("SELECT id FROM staff WHERE mailbox = ?").bind(email).first<number>("id");
  return String(id);
}

/** A token `s` makes: its id. */
async function newTokenId(s: Signed): Promise<string> {
  const name = `t-${unique()}`;
  expect((await s.post("/console/tokens", { name, role: "author" })).status).toBe(201);
  return (await env.DB.prepare("SELECT id FROM api_tokens WHERE name = ?").bind(name).first<string>("id")) ?? "";
}

interface ApiAction extends Action {
  run: (token: string) => Promise<Response>;
}

const API: ApiAction[] = [
  { key: "GET /admin/posts", least: "author", ok: [200], run: (t) => call(t, "GET", "/admin/posts") },
  {
    key: "POST /admin/posts",
    least: "editor",
    ok: [201],
    run: (t) => call(t, "POST", "/admin/posts", { ...reportInput(), id: undefined, slug: `api-${unique()}` }),
  },
  {
    key: "DELETE /admin/posts/:slug",
    least: "editor",
    ok: [200],
    run: async (t) => call(t, "DELETE", `/admin/posts/${await publishedPost()}`),
  },
  { key: "GET /admin/websub", least: "editor", ok: [200], run: (t) => call(t, "GET", "/admin/websub") },
  { key: "GET /admin/audit", least: "owner", ok: [200], run: (t) => call(t, "GET", "/admin/audit") },
  { key: "GET /admin/audit.csv", least: "owner", ok: [200], run: (t) => call(t, "GET", "/admin/audit.csv") },
  {
    key: "POST /admin/maintenance",
    least: "editor",
    ok: [200],
    run: (t) => call(t, "POST", "/admin/maintenance"),
  },
  {
    key: "GET /admin/subscribers/:email",
    least: "owner",
    ok: [200],
    run: async (t) => {
      const email = `api-${unique()}@example.org`;
      await addSubscriber(email, "confirmed");
      return call(t, "GET", `/admin/subscribers/${email}`);
    },
  },
  {
    key: "DELETE /admin/subscribers/:email",
    least: "owner",
    ok: [200],
    run: async (t) => {
      const email = `api-xoa-${unique()}@example.org`;
      await addSubscriber(email, "confirmed");
      return call(t, "DELETE", `/admin/subscribers/${email}`);
    },
  },
  { key: "GET /admin/digests/:number", least: "owner", ok: [404], run: (t) => call(t, "GET", "/admin/digests/999") },
  {
    key: "GET /admin/digests/:number/status",
    least: "owner",
    ok: [404],
    run: (t) => call(t, "GET", "/admin/digests/999/status"),
  },
  {
    key: "POST /admin/digests/:number/resume",
    least: "owner",
    ok: [404],
    run: (t) => call(t, "POST", "/admin/digests/999/resume"),
  },
  {
    key: "POST /admin/suppressions",
    least: "owner",
    ok: [200],
    run: async (t) => {
      const email = `bounce-${unique()}@example.org`;
      await addSubscriber(email, "confirmed");
      return call(t, "POST", "/admin/suppressions", { email, type: "bounce" });
    },
  },
  {
    key: "DELETE /admin/suppressions/:email",
    least: "owner",
    ok: [200],
    run: async (t) => {
      const email = `lift-${unique()}@example.org`;
      await addSubscriber(email, "confirmed");
      await api(tokens.owner, "POST", "/admin/suppressions", { email, type: "complaint" });
      return call(t, "DELETE", `/admin/suppressions/${email}`);
    },
  },
  {
    key: "POST /admin/media",
    least: "author",
    ok: [200, 201],
    run: async (t) => {
      await watch(t);
      return request("/admin/media?alt=x", {
        method: "POST",
        headers: { Authorization: `Bearer ${t}`, "Content-Type": "image/png" },
        body: photo("png"),
      });
    },
  },
  { key: "GET /admin/media", least: "author", ok: [200], run: (t) => call(t, "GET", "/admin/media") },
  {
    key: "PATCH /admin/media/:hash",
    least: "author",
    ok: [200],
    run: async (t) => call(t, "PATCH", `/admin/media/${await uploadedPhoto()}`, { caption: "Chú thích" }),
  },
  {
    key: "DELETE /admin/media/:hash",
    least: "editor",
    ok: [204],
    run: async (t) => call(t, "DELETE", `/admin/media/${await uploadedPhoto()}`),
  },
  {
    key: "GET /admin/media/uploads/:sha256",
    least: "author",
    ok: [404],
    run: (t) => call(t, "GET", `/admin/media/uploads/${"0".repeat(64)}`),
  },
  {
    key: "POST /admin/staff/owner-link",
    least: "owner",
    note: "a deployed site makes none",
    ok: [404],
    run: (t) => call(t, "POST", "/admin/staff/owner-link", { email: "owner@bantin.localhost" }),
  },
  // Last: it sends the digest, after which the next one has other posts.
  {
    key: "POST /admin/digests",
    least: "owner",
    ok: [200, 201],
    run: (t) => call(t, "POST", "/admin/digests"),
  },
];

/** The database as text, without what authenticating a token may write (its last use, once a minute). */
const state = async () => (await dump()).replace(/"last_used_ms":\d+/g, '"last_used_ms":0');

/**
 * What a refused request is compared with: the database just before the request under test (after
 * whatever the action set up first). Requests by the watched session or token take it.
 */
const watched = { by: null as Signed | string | null, before: "" };
async function watch(by: Signed | string): Promise<void> {
  if (watched.by === by) watched.before = await state();
}

/** `s`, taking the snapshot before each of its requests while it is watched. */
function watching(s: Signed): Signed {
  return {
    ...s,
    get: async (path, headers) => {
      await watch(s);
      return s.get(path, headers);
    },
    post: async (path, fields, headers) => {
      await watch(s);
      return s.post(path, fields, headers);
    },
    upload: async (path, form) => {
      await watch(s);
      return s.upload(path, form);
    },
  };
}

/** An admin API request with a token, taking the snapshot first while the token is watched. */
async function call(t: string, method: string, path: string, body?: unknown): Promise<Response> {
  await watch(t);
  return api(t, method, path, body, h.bindings);
}

beforeAll(async () => {
  admin = await signIn(h.bindings);
  for (const role of ROLES) {
    who[role] = await person(admin, h, `${role}@example.org`, role, `Người ${role}`);
    tokens[role] = await tokenOf(who[role], role);
    ownDraft[role] = await draftBy(who[role]);
  }
  // Something for the next digest.
  await publishedPost();
}, 60_000);

describe("the role × action matrix in the console", () => {
  it("gives every action the least role the issue gives it", () => {
    for (const a of [...CONSOLE, ...API]) {
      const rule = ROUTE_RULES[a.key];
      if (rule === "own-post" || rule === "save-post") expect(["author", "editor"], a.key).toContain(a.least);
      else if (a.note !== "someone else's token") expect(rule, `${a.key} ${a.note ?? ""}`).toBe(a.least);
    }
  });

  for (const a of CONSOLE) {
    it(`${a.key}${a.note ? ` (${a.note})` : ""}: ${a.least} and above`, async () => {
      for (const role of ROLES) {
        const allowed = atLeast(role, a.least);
        watched.by = allowed ? null : who[role];
        watched.before = "";
        const res = await a.run(watching(who[role]), role);
        const before = watched.before;
        if (allowed) {
          expect(a.ok, `${role}: ${res.status} ${(await res.text()).slice(0, 300)}`).toContain(res.status);
        } else {
          expect(res.status, role).toBe(403);
          const html = await res.text();
          expect(html).toContain("Bạn không có quyền làm việc này");
          expect(html).toContain(
            `Việc này cần vai trò ${{ author: "tác giả", editor: "biên tập viên", owner: "chủ trang" }[a.least]}`,
          );
          expect(await state(), `${role} changed D1`).toBe(before);
        }
      }
    });
  }
});

describe("the role × action matrix in the admin API, with personal tokens", () => {
  for (const a of API) {
    it(`${a.key}${a.note ? ` (${a.note})` : ""}: ${a.least} and above`, async () => {
      for (const role of ROLES) {
        const allowed = atLeast(role, a.least);
        watched.by = allowed ? null : tokens[role];
        watched.before = "";
        const res = await a.run(tokens[role]);
        const before = watched.before;
        if (allowed) {
          expect(a.ok, `${role}: ${res.status} ${(await res.text()).slice(0, 300)}`).toContain(res.status);
        } else {
          expect(res.status, role).toBe(403);
          const body = (await res.json()) as { error: string; needs: string };
          expect(body.needs).toBe(a.least);
          expect(body.error).toContain(`needs the ${a.least} role`);
          expect(await state(), `${role} changed D1`).toBe(before);
        }
      }
      // Five roles, each refusal checked against a dump of every table: seconds alone, but one took
      // over 30 s on a machine busy with another suite.
    }, 120_000);
  }
});

describe("what the console offers", () => {
  it("shows each person their name and role, and only the sections and buttons they may use", async () => {
    const author = await (await who.author.get("/console")).text();
    expect(author).toContain("Người author");
    expect(author).toContain("tác giả");
    expect(author).not.toContain('href="https://bantin.example/console/subscribers"');
    expect(author).not.toContain('href="https://bantin.example/console/staff"');
    expect(author).not.toContain('href="https://bantin.example/console/audit"');
    const form = await (await who.author.get(`/console/posts/${ownDraft.author}`)).text();
    expect(form).toContain('value="draft"');
    expect(form).not.toContain('value="publish"');
    expect(form).not.toContain('value="schedule"');
    const digest = await (await who.author.get("/console/digest")).text();
    expect(digest).not.toContain("/console/digest/test");
    expect(digest).not.toContain("/console/digest/send");
    const editorDigest = await (await who.editor.get("/console/digest")).text();
    expect(editorDigest).toContain("/console/digest/test");
    expect(editorDigest).not.toContain("/console/digest/send");
    const owner = await (await who.owner.get("/console")).text();
    expect(owner).toContain('href="https://bantin.example/console/subscribers"');
    expect(owner).toContain('href="https://bantin.example/console/staff"');
    expect(owner).toContain('href="https://bantin.example/console/audit"');
    const editor = await (await who.editor.get("/console")).text();
    expect(editor).not.toContain('href="https://bantin.example/console/audit"');
  });

  it("lists an author's own posts only", async () => {
    const list = await (await who.author.get("/console/posts")).text();
    expect(list).toContain(ownDraft.author);
    expect(list).not.toContain(ownDraft.editor);
    expect(await (await who.editor.get("/console/posts")).text()).toContain(ownDraft.author);
  });

  it("records who wrote a post saved in the console or with a personal token, and no one for the ADMIN_TOKEN", async () => {
    const authorOf = (slug: string) =>
      env.DB.prepare("SELECT s.email FROM posts p LEFT JOIN staff s ON s.id = p.author_id WHERE p.slug = ?")
        .bind(slug)
        .first<string | null>("email");
    expect(await authorOf(ownDraft.author)).toBe("author@example.org");
    const slug = `token-${unique()}`;
    expect(
      (await api(tokens.editor, "POST", "/admin/posts", { ...reportInput(), id: undefined, slug }, h.bindings)).status,
    ).toBe(201);
    expect(await authorOf(slug)).toBe("editor@example.org");
    expect(await authorOf(await publishedPost())).toBeNull();
  });
});
