// Signing in to the console through the Worker, as a browser would: the sign-in page's form token,
// the session cookie, and the CSRF token of the session's forms.
import { env } from "cloudflare:test";
import { request, TEST_ADMIN_TOKEN } from "../helpers.ts";

export const TOKEN = TEST_ADMIN_TOKEN;

let client = 0;
/** A client address of its own, so that sign-in limits of one test do not reach another. */
export const newClient = () => `198.51.100.${(++client % 250) + 1}`;

/** The value of a hidden field in a page. */
export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no ${name} field in the page`);
  return m[1];
}

/** POSTs a form (url-encoded) with the given headers. */
export function postForm(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  bindings: Env = env,
): Promise<Response> {
  return request(
    path,
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    },
    bindings,
  );
}

export async function signInForm(ip: string, bindings: Env = env): Promise<string> {
  const page = await request("/console/login", { headers: { "CF-Connecting-IP": ip } }, bindings);
  return hidden(await page.text(), "_form");
}

export interface Signed {
  cookie: string;
  csrf: string;
  ip: string;
  /** GET with the session. */
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  /** POST a form with the session and its CSRF token (unless `fields` sets `_csrf` itself). */
  post: (path: string, fields: Record<string, string>, headers?: Record<string, string>) => Promise<Response>;
  /** POST a multipart form with the session and its CSRF token. */
  upload: (path: string, form: FormData) => Promise<Response>;
}

/** Signs in with the ADMIN_TOKEN and returns the session. */
export async function signIn(bindings: Env = env, ip = newClient()): Promise<Signed> {
  const res = await postForm(
    "/console/login",
    { token: TOKEN, _form: await signInForm(ip, bindings), next: "/console" },
    { "CF-Connecting-IP": ip },
    bindings,
  );
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return sessionOf((res.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "", ip, bindings);
}

/** The session a cookie ("name=value") opens, from a client address. */
export async function sessionOf(cookie: string, ip: string, bindings: Env = env): Promise<Signed> {
  const get = (path: string, headers: Record<string, string> = {}) =>
    request(path, { headers: { Cookie: cookie, "CF-Connecting-IP": ip, ...headers }, redirect: "manual" }, bindings);
  const csrf = hidden(await (await get("/console")).text(), "_csrf");
  return {
    cookie,
    csrf,
    ip,
    get,
    post: (path, fields, headers = {}) =>
      postForm(path, { _csrf: csrf, ...fields }, { Cookie: cookie, "CF-Connecting-IP": ip, ...headers }, bindings),
    upload: (path, form) => {
      form.set("_csrf", csrf);
      return request(
        path,
        { method: "POST", headers: { Cookie: cookie, "CF-Connecting-IP": ip }, body: form, redirect: "manual" },
        bindings,
      );
    },
  };
}

/** The post form's fields as the console sends them (Vietnamese, +07:00), with a body of one paragraph and more. */
export function postFormFields(
  title: string,
  slug: string,
  action: string,
  date: string,
  markdown = `Đoạn mở đầu của ${title}.\r\n\r\n## Kết quả\r\n\r\nĐạt nhiều kết quả.\r\n`,
): Record<string, string> {
  return {
    title,
    slug,
    author: "Phương Dung",
    date,
    offset: "+07:00",
    tags: "Dân vận",
    summary: "",
    language: "vi",
    markdown,
    action,
  };
}
