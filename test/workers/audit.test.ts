// The audit log (issue 19, item 5): every action through the admin API and the console leaves exactly
// one row naming who, what, which object and from which client; a refused one leaves none; the table
// refuses UPDATE and DELETE; erasing a reader leaves no address in it; the filters, pages and the CSV
// export; a post's history on its console page.
import { env } from "cloudflare:test";
import { csvParse } from "d3-dsv";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, ADMIN_TOKEN_ACTOR } from "../../src/access/actor.ts";
import type { AuditEntry } from "../../src/audit/model.ts";
import { recordAudit } from "../../src/audit/repository.ts";
import { publishDuePosts } from "../../src/posts/publish.ts";
import { findBySlug } from "../../src/posts/repository.ts";
import { ADMIN, request, TEST_ADMIN_TOKEN } from "../helpers.ts";
import { photo } from "../media.ts";
import { subscriptionHarness } from "../subscriptions.ts";
import { detail, lastId, one, recorded, rowsAfter } from "./audit-harness.ts";
import { hidden, postForm, postFormFields, type Signed, signIn, signInForm } from "./console-harness.ts";

const API_IP = "203.0.113.9";
const API_CLIENT = `ip4:${API_IP}`;
const h = subscriptionHarness();
let s: Signed;

/** The admin API, from API_IP. */
function api(path: string, init: RequestInit = {}) {
  return request(
    path,
    { ...init, headers: { ...ADMIN, "CF-Connecting-IP": API_IP, ...(init.headers as Record<string, string>) } },
    h.bindings,
  );
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

function postInput(slug: string, title: string, published = "2026-03-01T09:00:00+07:00") {
  return { title, slug, author: "Phương Dung", published, tags: ["Dân vận"], markdown: `Mở đầu của ${title}.` };
}

const consoleFields = (title: string, slug: string, action: string, date = "2026-03-01T09:00:00") =>
  postFormFields(title, slug, action, date, `Mở đầu của ${title}.\r\n`);

const byAdminToken = {
  actor_kind: "admin-token",
  actor_label: "ADMIN_TOKEN",
  actor_staff_id: null,
  actor_token_id: null,
};

beforeAll(async () => {
  s = await signIn(h.bindings);
});

describe("the audit log table", () => {
  it("refuses UPDATE and DELETE: rows are only ever added", async () => {
    await recordAudit(env.DB, {
      who: { actor: ADMIN_TOKEN_ACTOR, client: "ip4:192.0.2.1" },
      atMs: Date.now(),
      action: "post.publish",
      object: { type: "post", id: "urn:uuid:x" },
    });
    const id = await lastId();
    await expect(
      env.DB.prepare("UPDATE audit_log SET actor_label = 'someone else' WHERE id = ?").bind(id).run(),
    ).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE id = ?").bind(id).run()).rejects.toThrow(/append-only/);
    const row = await env.DB.prepare("SELECT actor_label FROM audit_log WHERE id = ?")
      .bind(id)
      .first<string>("actor_label");
    expect(row).toBe("ADMIN_TOKEN");
  });
});

describe("a change and its record", () => {
  it("land together or not at all: when the record cannot be written, the post is not saved", async () => {
    await env.DB.prepare(
      "CREATE TRIGGER audit_log_refuses BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
    ).run();
    try {
      const res = await api("/admin/posts", json("POST", postInput("bai-khong-luu", "Bài không lưu")));
      expect(res.status).toBe(500);
      expect(await findBySlug(env.DB, "bai-khong-luu")).toBeNull();
    } finally {
      await env.DB.prepare("DROP TRIGGER audit_log_refuses").run();
    }
  });
});

describe("posts through the admin API", () => {
  it("records publish, update, withdraw and restore, each once, with the actor, the post and the client", async () => {
    const published = await one(() => api("/admin/posts", json("POST", postInput("bai-api", "Bài qua API"))));
    const post = await findBySlug(env.DB, "bai-api");
    expect(published).toMatchObject({
      ...byAdminToken,
      action: "post.publish",
      object_type: "post",
      object_id: post?.id,
      client: API_CLIENT,
    });
    expect(detail(published)).toMatchObject({ title: "Bài qua API", slug: "bai-api" });
    expect(Math.abs(published.at_ms - Date.now())).toBeLessThan(60_000);

    // The same input again changes nothing, and records nothing.
    expect(await recorded(() => api("/admin/posts", json("POST", postInput("bai-api", "Bài qua API"))))).toEqual([]);

    const updated = await one(() =>
      api("/admin/posts", json("POST", { ...postInput("bai-api", "Bài qua API, sửa"), id: post?.id })),
    );
    expect(updated).toMatchObject({ action: "post.update", object_id: post?.id });
    expect(detail(updated)).toMatchObject({
      title: "Bài qua API, sửa",
      from: "published",
      changed: ["title", "summary", "markdown"],
    });

    const withdrawn = await one(() => api("/admin/posts/bai-api", { method: "DELETE" }));
    expect(withdrawn).toMatchObject({
      ...byAdminToken,
      action: "post.withdraw",
      object_id: post?.id,
      client: API_CLIENT,
    });
    // Withdrawn already, or no such post: nothing on record.
    expect(await recorded(() => api("/admin/posts/bai-api", { method: "DELETE" }))).toEqual([]);
    expect(await recorded(() => api("/admin/posts/khong-co", { method: "DELETE" }))).toEqual([]);

    const restored = await one(() =>
      api("/admin/posts", json("POST", { ...postInput("bai-api", "Bài qua API, đăng lại"), id: post?.id })),
    );
    expect(restored).toMatchObject({ action: "post.restore", object_id: post?.id });
  });

  it("records a post scheduled, and its publication by the cron when its time comes", async () => {
    const future = new Date(Date.now() + 3_600_000);
    const iso = `${future.toISOString().slice(0, 19)}Z`;
    const scheduled = await one(() => api("/admin/posts", json("POST", postInput("bai-hen-gio", "Bài hẹn giờ", iso))));
    expect(scheduled).toMatchObject({ action: "post.schedule", client: API_CLIENT });
    const cron = await one(() => publishDuePosts(env.DB, future.getTime() + 1000));
    expect(cron).toMatchObject({
      actor_kind: "system",
      actor_label: null,
      action: "post.publish",
      object_id: scheduled.object_id,
      client: "cron",
    });
    expect(await recorded(() => publishDuePosts(env.DB, future.getTime() + 2000))).toEqual([]);
  });

  it("records nothing for a refused post (400) or a slug another post holds (409)", async () => {
    expect(await recorded(() => api("/admin/posts", json("POST", { title: "" })))).toEqual([]);
    const taken = await api(
      "/admin/posts",
      json("POST", { ...postInput("bai-api", "Khác"), id: "urn:uuid:00000000-0000-4000-8000-000000000001" }),
    );
    expect(taken.status).toBe(409);
    expect(
      await recorded(() =>
        api(
          "/admin/posts",
          json("POST", { ...postInput("bai-api", "Khác"), id: "urn:uuid:00000000-0000-4000-8000-000000000001" }),
        ),
      ),
    ).toEqual([]);
  });
});

describe("signing in", () => {
  it("records a wrong token to the API once, with the client and not the token; the right one nothing", async () => {
    const wrong = "sai-".repeat(10);
    const failed = await one(() =>
      request("/admin/posts", {
        headers: { Authorization: `Bearer ${wrong}`, "CF-Connecting-IP": "2001:db8:1:2:3:4:5:6" },
      }),
    );
    expect(failed).toMatchObject({
      actor_kind: "anonymous",
      actor_label: null,
      action: "session.sign-in-failed",
      client: "ip6:2001:db8:1:2::/64",
    });
    expect(JSON.stringify(failed)).not.toContain("sai-");
    // A read with the right token is no action.
    expect(await recorded(() => api("/admin/posts"))).toEqual([]);
    // No token at all is not a try.
    expect(await recorded(() => request("/admin/posts"))).toEqual([]);
  });

  it("records the console's sign-in, a wrong token at its form, and sign-out", async () => {
    const ip = "198.51.100.200";
    const wrong = await one(async () =>
      postForm(
        "/console/login",
        { token: "khong-dung-".repeat(4), _form: await signInForm(ip) },
        { "CF-Connecting-IP": ip },
      ),
    );
    expect(wrong).toMatchObject({ actor_kind: "anonymous", action: "session.sign-in-failed", client: `ip4:${ip}` });
    expect(detail(wrong)).toEqual({ via: "console" });
    expect(JSON.stringify(wrong)).not.toContain("khong-dung");
    // A stale form is no try at a token.
    expect(
      await recorded(() =>
        postForm("/console/login", { token: TEST_ADMIN_TOKEN, _form: "1.x" }, { "CF-Connecting-IP": ip }),
      ),
    ).toEqual([]);

    let session: Signed | undefined;
    const signedIn = await one(async () => {
      session = await signIn(env, ip);
    });
    expect(signedIn).toMatchObject({ ...byAdminToken, action: "session.sign-in", client: `ip4:${ip}` });
    const out = await one(() => session?.post("/console/logout", {}) ?? Promise.resolve());
    expect(out).toMatchObject({ ...byAdminToken, action: "session.sign-out", client: `ip4:${ip}` });
    // A form without the session's CSRF token changes nothing, and records nothing.
    expect(await recorded(() => s.post("/console/logout", { _csrf: "x" }))).toEqual([]);
  });
});

describe("posts through the console", () => {
  it("records draft, schedule, publish, update, withdraw and restore, and the post's page shows them in order", async () => {
    const client = `ip4:${s.ip}`;
    const draft = await one(() => s.post("/console/posts/new", consoleFields("Bài nháp", "bai-console", "draft")));
    expect(draft).toMatchObject({ ...byAdminToken, action: "post.draft", client });
    const id = draft.object_id;
    const later = new Date(Date.now() + 7 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 19);
    const sched = await one(() =>
      s.post("/console/posts/bai-console", consoleFields("Bài nháp", "bai-console", "schedule", later)),
    );
    expect(sched).toMatchObject({ action: "post.schedule", object_id: id });
    const pub = await one(() =>
      s.post("/console/posts/bai-console", consoleFields("Bài console", "bai-console", "publish")),
    );
    expect(pub).toMatchObject({ action: "post.publish", object_id: id });
    expect(detail(pub)).toMatchObject({ from: "scheduled" });
    const upd = await one(() =>
      s.post("/console/posts/bai-console", {
        ...consoleFields("Bài console", "bai-console", "publish"),
        summary: "Tóm tắt mới.",
      }),
    );
    expect(upd).toMatchObject({ action: "post.update", object_id: id });
    expect(detail(upd)).toMatchObject({ changed: ["summary"] });
    // Refused: a draft of a published post (400); nothing recorded.
    const refused = await recorded(async () => {
      const res = await s.post("/console/posts/bai-console", consoleFields("Bài console", "bai-console", "draft"));
      expect(res.status).toBe(400);
    });
    expect(refused).toEqual([]);
    const wd = await one(() => s.post("/console/posts/bai-console/withdraw", {}));
    expect(wd).toMatchObject({ action: "post.withdraw", object_id: id, client });
    const rs = await one(() =>
      s.post("/console/posts/bai-console", consoleFields("Bài console", "bai-console", "publish")),
    );
    expect(rs).toMatchObject({ action: "post.restore", object_id: id });

    const page = await (await s.get("/console/posts/bai-console")).text();
    const history = /<ol class="plain history">([\s\S]*?)<\/ol>/.exec(page)?.[1] ?? "";
    const actions = [...history.matchAll(/<li>[^<]*?: ([^,<]+), bởi ADMIN_TOKEN/g)].map((m) => m[1]);
    expect(actions).toEqual(["Lưu nháp", "Lên lịch đăng", "Xuất bản", "Cập nhật bài", "Gỡ bài", "Đăng lại"]);
    expect(history).toContain("Đã sửa: Tóm tắt");
  });
});

describe("photos", () => {
  it("records an upload, an edit and a deletion through the API, and not an edit that changes nothing", async () => {
    const up = await one(() =>
      api("/admin/media", { method: "POST", headers: { "Content-Type": "image/jpeg" }, body: photo("jpeg") }),
    );
    expect(up).toMatchObject({ ...byAdminToken, action: "media.upload", object_type: "media", client: API_CLIENT });
    const hash = up.object_id ?? "";
    // The same photo again stores nothing.
    expect(
      await recorded(() =>
        api("/admin/media", { method: "POST", headers: { "Content-Type": "image/jpeg" }, body: photo("jpeg") }),
      ),
    ).toEqual([]);
    const edit = await one(() => api(`/admin/media/${hash}`, json("PATCH", { alt: "Hội nghị", caption: null })));
    expect(edit).toMatchObject({ action: "media.update", object_id: hash });
    expect(detail(edit)).toEqual({ changed: ["alt"] });
    expect(await recorded(() => api(`/admin/media/${hash}`, json("PATCH", { alt: "Hội nghị" })))).toEqual([]);
    expect(await recorded(() => api(`/admin/media/${hash}`, json("PATCH", { nonsense: 1 })))).toEqual([]);
    const del = await one(() => api(`/admin/media/${hash}`, { method: "DELETE" }));
    expect(del).toMatchObject({ action: "media.delete", object_id: hash });
    expect(await recorded(() => api(`/admin/media/${hash}`, { method: "DELETE" }))).toEqual([]);
  });

  it("records an upload, an edit and a deletion through the console", async () => {
    const form = new FormData();
    form.append("files", new File([photo("png")], "a.png", { type: "image/png" }));
    const up = await one(() => s.upload("/console/media/upload", form));
    expect(up).toMatchObject({ action: "media.upload", client: `ip4:${s.ip}` });
    const hash = up.object_id ?? "";
    const described = await one(() =>
      request(
        "/console/media/describe",
        {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: s.cookie, "CF-Connecting-IP": s.ip },
          body: new URLSearchParams([
            ["_csrf", s.csrf],
            ["hash[]", hash],
            ["alt[]", "Ảnh"],
            ["caption[]", "Chú thích"],
            ["credit[]", ""],
          ]).toString(),
          redirect: "manual",
        },
        h.bindings,
      ),
    );
    expect(detail(described)).toEqual({ changed: ["alt", "caption"] });
    const del = await one(() => s.post(`/console/media/${hash}/delete`, {}));
    expect(del).toMatchObject({ action: "media.delete", object_id: hash });
  });
});

describe("subscribers and the digest", () => {
  const ADDRESS = "Nguyen.Van.An+tin@example.org";

  async function importAddresses(lines: string[], confirmed: boolean) {
    const form = new FormData();
    form.set("file", new File([`email\n${lines.join("\n")}\n`], "ds.csv", { type: "text/csv" }));
    form.set("attest", "yes");
    if (confirmed) form.set("confirmed", "yes");
    return s.upload("/console/subscribers/import", form);
  }

  it("records an import with its counts, an export, a suppression and its lifting, by subscriber id", async () => {
    const imported = await one(() => importAddresses([ADDRESS, "b@example.org", "b@example.org"], true));
    expect(imported).toMatchObject({ action: "subscribers.import", object_type: "subscribers", client: `ip4:${s.ip}` });
    expect(detail(imported)).toMatchObject({ added: 2, existing: 0, duplicates: 1, confirmed: true });
    // A file that is refused stores nothing and records nothing.
    expect(await recorded(() => importAddresses(["not an address"], true))).toEqual([]);

    const exported = await one(async () => (await s.get("/console/subscribers.csv")).text());
    expect(exported).toMatchObject({ action: "subscribers.export" });
    expect(detail(exported)).toMatchObject({ count: 2 });

    const id = String(
      (await env.DB.prepare("SELECT id FROM subscribers WHERE email LIKE 'Nguyen%'").first<number>("id")) ?? "",
    );
    const suppressed = await one(() =>
      api("/admin/suppressions", json("POST", { email: ADDRESS, type: "bounce", reason: `550 ${ADDRESS} unknown` })),
    );
    expect(suppressed).toMatchObject({ action: "subscriber.suppress", object_type: "subscriber", object_id: id });
    const lifted = await one(() => s.post("/console/subscribers/lift", { email: ADDRESS }));
    expect(lifted).toMatchObject({ action: "subscriber.lift", object_id: id });
    expect(await recorded(() => s.post("/console/subscribers/lift", { email: ADDRESS }))).toEqual([]);
    await api("/admin/suppressions", json("POST", { email: ADDRESS, type: "complaint" }));
    expect(
      (await one(() => api(`/admin/suppressions/${encodeURIComponent(ADDRESS)}`, { method: "DELETE" }))).action,
    ).toBe("subscriber.lift");
  });

  it("records test copies, the send and a resume, through the console and the API", async () => {
    const test = await one(() => s.post("/console/digest/test", { to: "bien-tap@example.net" }));
    expect(test).toMatchObject({ action: "digest.test", object_type: "digest" });
    expect(detail(test)).toEqual({ recipient: "other", subscriber: null });
    expect(JSON.stringify(test)).not.toContain("bien-tap");
    expect(await recorded(() => s.post("/console/digest/test", { to: "không phải địa chỉ" }))).toEqual([]);
    // To a subscriber: named by id only.
    const id = await env.DB.prepare("SELECT id FROM subscribers WHERE email LIKE 'Nguyen%'").first<number>("id");
    const toSubscriber = await one(() => s.post("/console/digest/test", { to: ADDRESS }));
    expect(detail(toSubscriber)).toEqual({ recipient: "subscriber", subscriber: id });

    const confirm = await (await s.get("/console/digest/send")).text();
    // Confirmed for another digest than the next one: the confirmation again, nothing started, no record.
    const digests = () => env.DB.prepare("SELECT COUNT(*) AS n FROM digests").first<number>("n");
    const before = await digests();
    let stale: Response | undefined;
    expect(
      await recorded(async () => {
        stale = await s.post("/console/digest/send", { fingerprint: `${hidden(confirm, "fingerprint")}0` });
      }),
    ).toEqual([]);
    expect(stale?.status).toBe(409);
    expect(hidden(await (stale?.text() ?? ""), "fingerprint")).toBe(hidden(confirm, "fingerprint"));
    expect(await digests()).toBe(before);
    const sent = await one(() => s.post("/console/digest/send", { fingerprint: hidden(confirm, "fingerprint") }));
    expect(sent).toMatchObject({
      ...byAdminToken,
      action: "digest.send",
      object_type: "digest",
      client: `ip4:${s.ip}`,
    });
    expect(detail(sent)).toEqual({ recipients: 2 });
    const n = sent.object_id ?? "";
    // Nothing new to send: no digest, no record.
    expect(await recorded(() => api("/admin/digests", { method: "POST" }))).toEqual([]);
    const resumed = await one(() => s.post(`/console/digests/${n}/resume`, {}));
    expect(resumed).toMatchObject({ action: "digest.resume", object_id: n });
    expect((await one(() => api(`/admin/digests/${n}/resume`, { method: "POST" }))).client).toBe(API_CLIENT);
    expect(await recorded(() => api("/admin/digests/999/resume", { method: "POST" }))).toEqual([]);
  });

  it("records an erasure by id, through either door, and leaves no address anywhere in the log", async () => {
    const id = String(
      (await env.DB.prepare("SELECT id FROM subscribers WHERE email LIKE 'Nguyen%'").first<number>("id")) ?? "",
    );
    const erased = await one(() => s.post("/console/subscribers/erase", { email: ADDRESS }));
    expect(erased).toMatchObject({ action: "subscriber.erase", object_type: "subscriber", object_id: id });
    expect(await recorded(() => s.post("/console/subscribers/erase", { email: ADDRESS }))).toEqual([]);
    const other = await one(() => api("/admin/subscribers/b%40example.org", { method: "DELETE" }));
    expect(other).toMatchObject({ action: "subscriber.erase", client: API_CLIENT });
    expect(await recorded(() => api("/admin/subscribers/b%40example.org", { method: "DELETE" }))).toEqual([]);

    const everything = JSON.stringify(await rowsAfter(0)).toLowerCase();
    for (const part of ["nguyen.van.an", "nguyen", "b@example.org", "example.org"])
      expect(everything).not.toContain(part);
  });
});

describe("reading the log", () => {
  const ANA: Actor = { kind: "staff", staffId: 7, tokenId: null, label: "ana@toa-soan.vn", role: "editor" };
  const EVIL: Actor = { kind: "api-token", staffId: 7, tokenId: "t1", label: '=HYPERLINK("x")', role: "author" };
  // 1 March 2026, 23:59:59.999 and 2 March 2026, 00:00 in Hà Nội (UTC+7).
  const LAST_OF_MARCH_1 = Date.UTC(2026, 2, 1, 16, 59, 59, 999);
  const FIRST_OF_MARCH_2 = Date.UTC(2026, 2, 1, 17, 0, 0, 0);

  beforeAll(async () => {
    const add = (actor: Actor, atMs: number, e: AuditEntry) =>
      recordAudit(env.DB, { who: { actor, client: "ip4:192.0.2.7" }, atMs, ...e });
    await add(ANA, LAST_OF_MARCH_1, {
      action: "post.publish",
      object: { type: "post", id: "urn:uuid:a" },
      detail: { title: "Ngày 1" },
    });
    await add(ANA, FIRST_OF_MARCH_2, {
      action: "post.update",
      object: { type: "post", id: "urn:uuid:a" },
      detail: { title: "Ngày 2" },
    });
    await add(EVIL, FIRST_OF_MARCH_2 + 1, { action: "post.draft", object: { type: "post", id: "urn:uuid:b" } });
    for (let i = 0; i < 60; i++)
      await add(ANA, FIRST_OF_MARCH_2 + 10 + i, { action: "media.upload", object: { type: "media", id: `h${i}` } });
  });

  type Listed = {
    entries: { id: number; at: string; actor: { label: string }; action: string }[];
    next: string | null;
  };
  const list = async (query: string) => {
    const res = await api(`/admin/audit${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Listed;
  };

  it("filters by person, action and days in the site's time zone, across the Vietnamese midnight", async () => {
    const march2 = await list("?actor=ana%40toa-soan.vn&from=2026-03-02&to=2026-03-02&limit=500");
    expect(march2.entries.map((e) => e.action)).toEqual([...Array(60).fill("media.upload"), "post.update"]);
    expect(march2.entries.at(-1)?.at).toBe("2026-03-02T00:00:00+07:00");
    const march1 = await list("?actor=ana%40toa-soan.vn&from=2026-03-01&to=2026-03-01");
    expect(march1.entries.map((e) => e.action)).toEqual(["post.publish"]);
    expect(march1.entries[0]?.at).toBe("2026-03-01T23:59:59+07:00");
    const drafts = await list("?action=post.draft&from=2026-03-01&to=2026-03-02");
    expect(drafts.entries.map((e) => e.actor.label)).toEqual(['=HYPERLINK("x")']);
    // A read records nothing.
    expect(await recorded(() => list("?action=post.draft"))).toEqual([]);
  });

  it("refuses a filter that means nothing, with the reason", async () => {
    for (const [query, field] of [
      ["?action=post.eat", "action"],
      ["?from=2026-02-30", "from"],
      ["?from=2026-03-02&to=2026-03-01", "range"],
      ["?limit=0", "limit"],
      ["?before=abc", "before"],
    ]) {
      const res = await api(`/admin/audit${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { field: string }).field).toBe(field);
    }
    const page = await s.get("/console/audit?from=2026-13-01");
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("“Từ ngày” phải là một ngày có thật.");
  });

  it("pages newest first through the API and the console, every row once", async () => {
    const seen: number[] = [];
    let query: string | null = "?actor=ana%40toa-soan.vn&limit=25";
    while (query) {
      const page: Listed = await list(query);
      seen.push(...page.entries.map((e) => e.id));
      query = page.next ? new URL(page.next).pathname.replace("/admin/audit", "") + new URL(page.next).search : null;
    }
    expect(seen).toHaveLength(62);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);

    const first = await (await s.get("/console/audit?actor=ana%40toa-soan.vn")).text();
    const ids = (html: string) => [...html.matchAll(/<tr id="entry-(\d+)">/g)].map((m) => Number(m[1]));
    expect(ids(first)).toEqual(seen.slice(0, 50));
    const older = /<a href="([^"]+)">Cũ hơn →<\/a>/.exec(first)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const second = await (await s.get(new URL(older).pathname + new URL(older).search)).text();
    expect(ids(second)).toEqual(seen.slice(50));
    const newer = /<a href="([^"]+)">← Mới hơn<\/a>/.exec(second)?.[1]?.replace(/&amp;/g, "&") ?? "";
    expect(ids(await (await s.get(new URL(newer).pathname + new URL(newer).search)).text())).toEqual(seen.slice(0, 50));
  });

  it("exports the filtered rows as CSV (BOM, RFC 4180, formulas neutralised), itself on record", async () => {
    const filter = "?from=2026-03-01&to=2026-03-02";
    const listed = await list(`${filter}&limit=500`);
    let res: Response | undefined;
    const exported = await one(async () => {
      res = await s.get(`/console/audit.csv${filter}`);
    });
    expect(exported).toMatchObject({ ...byAdminToken, action: "audit.export" });
    expect(detail(exported)).toMatchObject({ count: 63, from: "2026-03-01", to: "2026-03-02" });
    expect(res?.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res?.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="bantin-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array((await res?.arrayBuffer()) ?? new ArrayBuffer(0));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("id,time,actor_kind,actor,")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = csvParse(text);
    expect(rows.map((r) => Number(r.id))).toEqual(listed.entries.map((e) => e.id));
    expect(rows.map((r) => r.time)).toEqual(listed.entries.map((e) => e.at));
    const evil = rows.find((r) => r.action === "post.draft");
    expect(evil?.actor).toBe(`'=HYPERLINK("x")`);
    expect(evil).toMatchObject({
      actor_kind: "api-token",
      actor_staff_id: "7",
      actor_token_id: "t1",
      client: "ip4:192.0.2.7",
    });

    // The API's export is the same file.
    const fromApi = await api(`/admin/audit.csv${filter}`);
    expect(csvParse(await fromApi.text()).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it("shows the console page with its filters, in the navigation", async () => {
    const html = await (await s.get("/console/audit?action=post.update")).text();
    expect(html).toContain('<a href="https://bantin.example/console/audit" aria-current="page">Nhật ký hoạt động</a>');
    expect(html).toContain('<option value="ana@toa-soan.vn">ana@toa-soan.vn</option>');
    expect(html).toContain('<option value="post.update" selected="">Cập nhật bài</option>');
    expect(html).toContain("Bài “Ngày 2”");
    expect(html).toContain('href="https://bantin.example/console/audit.csv?action=post.update"');
  });
});
