// The console of a running `npm start`, for the browser tests and `npm run screenshots`: a session
// signed in over HTTP, and every console page with something on it to show.
import type { LocalServer } from "./server.ts";

export interface ConsoleSession {
  cookie: { name: string; value: string; url: string };
  csrf: string;
  /** fetch with the session's cookie, redirects not followed. */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** POSTs a form with the session's CSRF token. */
  post: (path: string, fields: Record<string, string> | FormData) => Promise<Response>;
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";

/** Signs in with the server's ADMIN_TOKEN as the sign-in form does. */
export async function signInOverHttp(server: LocalServer): Promise<ConsoleSession> {
  const form = hidden(await (await fetch(`${server.url}/console/login`)).text(), "_form");
  const res = await fetch(`${server.url}/console/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ token: server.adminToken, _form: form }).toString(),
    redirect: "manual",
  });
  const [name = "", value = ""] = (res.headers.get("Set-Cookie") ?? "").split(";")[0]?.split("=") ?? [];
  if (res.status !== 303 || !value) throw new Error(`sign-in answered ${res.status}`);
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), Cookie: `${name}=${value}`, Origin: server.url },
    });
  const csrf = hidden(await (await get("/console")).text(), "_csrf");
  return {
    cookie: { name, value, url: server.url },
    csrf,
    fetch: get,
    post: (path, fields) => {
      if (fields instanceof FormData) {
        fields.set("_csrf", csrf);
        return get(path, { method: "POST", body: fields });
      }
      return get(path, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
      });
    },
  };
}

/** A console page: a path to open with the session, or the HTML a form's POST answered. */
export type ConsoleDoc = ({ name: string; path: string } | { name: string; html: string }) & {
  /**
   * Not among `npm run screenshots`' pictures: staff.test.ts pictures the staff, sessions and audit
   * pages, photos.test.ts the photo library; docs/console.md describes the tokens page in words.
   */
  noScreenshot?: true;
};

export const CONSOLE_POST = {
  title: "Hội nghị điển hình “Dân vận khéo” năm 2026",
  slug: "hoi-nghi-dien-hinh-dan-van-kheo-nam-2026",
  author: "Phương Dung",
  markdown:
    "Sáng 25/11, Ban Dân vận Tỉnh ủy tổ chức hội nghị biểu dương các mô hình “Dân vận khéo” tiêu biểu.\n\n" +
    "## Kết quả nổi bật\n\nCác xã đã xây dựng 312 mô hình mới. Nhiều mô hình được nhân rộng.\n\n" +
    "## Phương hướng năm 2027\n\nTiếp tục đổi mới nội dung, phương thức công tác dân vận.\n",
};

/**
 * Puts something on every console page (a draft, a digest sent to one imported reader, an import
 * with a bad row) and lists them all: the pages a signed-in editor opens, and those a form answers.
 */
export async function preparedConsolePages(server: LocalServer, s: ConsoleSession): Promise<ConsoleDoc[]> {
  const fields = {
    title: CONSOLE_POST.title,
    slug: CONSOLE_POST.slug,
    author: CONSOLE_POST.author,
    date: "2026-11-25T09:00",
    offset: "+07:00",
    tags: "Dân vận khéo, Lạng Sơn",
    language: "vi",
    markdown: CONSOLE_POST.markdown,
  };
  const draft = await s.post("/console/posts/new", { ...fields, action: "draft" });
  if (draft.status !== 303) throw new Error(`saving a draft answered ${draft.status}`);
  const csv = (text: string) => {
    const form = new FormData();
    form.set("file", new File([text], "danh-sach.csv", { type: "text/csv" }));
    form.set("attest", "yes");
    form.set("confirmed", "yes");
    return form;
  };
  const imported = await s.post(
    "/console/subscribers/import",
    csv("email\nban-doc@example.org\n=cmd|'/Ccalc'!A0@example.org\n"),
  );
  if (imported.status !== 200) throw new Error(`import answered ${imported.status}`);
  const importResult = await imported.text();
  const badImport = await (
    await s.post("/console/subscribers/import", csv("email\nkhong-hop-le\nban-doc@example.org\n"))
  ).text();
  // A post of its own for the digest the status page shows.
  const brief = await fetch(`${server.url}/admin/posts`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: "Tin ngắn: tập huấn công tác dân vận",
      author: CONSOLE_POST.author,
      published: "2026-11-24T08:00:00+07:00",
      markdown: "Ngày 24/11, hơn 200 cán bộ cơ sở dự lớp tập huấn.\n",
    }),
  });
  if (brief.status >= 300) throw new Error(`POST /admin/posts answered ${brief.status}`);
  const sendConfirm = await (await s.fetch("/console/digest/send")).text();
  // A colleague invited (the staff page's table, the audit log's rows).
  const invited = await s.post("/console/staff/invite", {
    email: "tac-gia@example.org",
    name: "Lê Thị Tác Giả",
    role: "author",
  });
  if (invited.status >= 400) throw new Error(`inviting answered ${invited.status}`);
  const started = await fetch(`${server.url}/admin/digests`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}` },
  });
  if (started.status !== 201) throw new Error(`POST /admin/digests answered ${started.status}`);
  const { number } = (await started.json()) as { number: number };
  // The draft, published after that digest, makes the next one: the digest page then shows its preview.
  const published = await s.post(`/console/posts/${CONSOLE_POST.slug}`, { ...fields, action: "publish" });
  if (published.status !== 303) throw new Error(`publishing answered ${published.status}`);
  return [
    { name: "sign-in", path: "/console/login" },
    { name: "overview", path: "/console" },
    { name: "posts", path: "/console/posts" },
    { name: "new post", path: "/console/posts/new" },
    { name: "edit post", path: `/console/posts/${CONSOLE_POST.slug}` },
    { name: "digest", path: "/console/digest" },
    { name: "send confirmation", html: sendConfirm },
    { name: "digest status", path: `/console/digests/${number}` },
    { name: "subscribers", path: "/console/subscribers" },
    { name: "import result", html: importResult },
    { name: "import refused", html: badImport },
    {
      name: "erase confirmation",
      path: `/console/subscribers/erase?email=${encodeURIComponent("ban-doc@example.org")}`,
    },
    { name: "photos", path: "/console/media", noScreenshot: true },
    { name: "staff", path: "/console/staff", noScreenshot: true },
    { name: "sessions", path: "/console/sessions", noScreenshot: true },
    { name: "tokens", path: "/console/tokens", noScreenshot: true },
    { name: "audit log", path: "/console/audit", noScreenshot: true },
  ];
}
