// Request bodies: every route that takes one has a limit fit for it (src/routes/body-limits.ts), and
// 20 MB sent to any of them without credentials, with a Content-Length or chunked, is refused before
// the Worker reads past the limit, storing nothing.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../src/index.ts";
import { BODY_LIMITS, bodyLimitFor } from "../../src/routes/body-limits.ts";
import { ADMIN, request } from "../helpers.ts";

const MB20 = 20 * 1024 * 1024;
const CHUNK = 64 * 1024;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** Every route of the app that takes a body, as it declares it ("POST /console/posts/:slug"). */
const bodyRoutes = [
  ...new Set(app.routes.filter((r) => BODY_METHODS.has(r.method)).map((r) => `${r.method} ${r.path}`)),
];

/** A path the route answers (its parameters filled in). */
const concrete = (path: string) => path.replace(/:number/g, "1").replace(/:[a-z]+/g, "x");

/** Rows in every table: what a request stored, if anything. */
async function rowCounts(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
  ).all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of results) {
    counts[name] = (await env.DB.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).first<number>("n")) ?? 0;
  }
  return counts;
}

/** 20 MB of form-like bytes, made as they are read; `pulled` says how many the Worker took. */
function chunkedBody(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const chunk = new TextEncoder().encode("a=".padEnd(CHUNK, "b"));
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= MB20) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => sent };
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": "198.19.7.7" };

describe("request bodies", () => {
  it("have a limit for every route that takes one, declared in one table", () => {
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(20);
    const declared = new Set(BODY_LIMITS.map((l) => l.route));
    expect(bodyRoutes.filter((route) => !declared.has(route))).toEqual([]);
    // And the table names no route the app does not have.
    expect([...declared].filter((route) => !bodyRoutes.includes(route))).toEqual([]);
    for (const route of bodyRoutes) {
      const [method = "", path = ""] = route.split(" ");
      expect(bodyLimitFor(method, concrete(path)).route, route).toBe(route);
    }
  });

  it("of 20 MB (past the limit) with a Content-Length are answered 413 at once on every route, storing nothing", async () => {
    const before = await rowCounts();
    for (const route of bodyRoutes) {
      const [method = "", path = ""] = route.split(" ");
      // 20 MB, or just past the route's limit where 20 MB is allowed (a photo upload).
      const size = Math.max(MB20, bodyLimitFor(method, concrete(path)).bytes + 1);
      const res = await request(concrete(path), {
        method,
        headers: { ...FORM, "Content-Length": String(size) },
        body: new Uint8Array(size).fill(0x61),
      });
      expect(res.status, route).toBe(413);
      const text = await res.text();
      expect(text, route).toMatch(path.startsWith("/admin/") ? /"error":"The request body is too large/ : /quá lớn/);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("of 20 MB sent chunked are refused on every route before more than the limit is read, storing nothing", async () => {
    const before = await rowCounts();
    for (const route of bodyRoutes) {
      const [method = "", path = ""] = route.split(" ");
      const { stream, pulled } = chunkedBody();
      const res = await request(concrete(path), { method, headers: FORM, body: stream });
      await res.arrayBuffer();
      const limit = bodyLimitFor(method, concrete(path)).bytes;
      // 413 where the route reads the body; where it refuses a stranger first (the admin API, the
      // console's pages behind a session), nothing of it is read at all.
      expect([413, 401, 403], `${route}: ${res.status}`).toContain(res.status);
      if (res.status !== 413) expect(pulled(), route).toBeLessThanOrEqual(2 * CHUNK);
      expect(pulled(), route).toBeLessThanOrEqual(limit + 2 * CHUNK);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("within the limit are read as before, chunked or not", async () => {
    const form = "email=gioi-han%40example.org";
    const plain = await request("/subscribe", { method: "POST", headers: FORM, body: form });
    expect(plain.status).toBe(200);
    const chunked = await request("/subscribe", {
      method: "POST",
      headers: FORM,
      body: new Blob([form]).stream(),
    });
    expect(chunked.status).toBe(200);
    expect(await chunked.text()).toContain("Kiểm tra hộp thư");
  });

  it("are limited per route: a post of 600 KB is read by the admin API, the same body is too much for the hub", async () => {
    const markdown = `Mở đầu.\n\n${"Đoạn văn dài về công tác dân vận ở cơ sở. ".repeat(11_000)}`;
    const body = JSON.stringify({
      title: "Bài rất dài",
      author: "Ban biên tập",
      published: "2021-07-21T09:00:00+07:00",
      markdown,
    });
    expect(new TextEncoder().encode(body).length).toBeGreaterThan(600_000);
    const post = await request("/admin/posts", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body,
    });
    // Read and judged by the post's own limits (posts/limits.ts), not refused unread.
    expect(post.status).toBe(400);
    expect(await post.text()).toContain("feed entry");
    const hub = await request("/websub", { method: "POST", headers: FORM, body });
    expect(hub.status).toBe(413);
  });
});
