// Signing in, and the pages that say a request was refused.
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { consolePage, described, Field } from "./layout.tsx";

export interface SignInView {
  formToken: string;
  next: string;
  error?: string;
  signedOut?: boolean;
  /** The token filled in from npm start's sign-in link. */
  token?: string;
}

/** The sign-in page: the ADMIN_TOKEN, once. */
export function signInPage(config: SiteConfig, v: SignInView): string {
  const hint = "npm start in mã này khi khởi động, ở dòng ADMIN_TOKEN. Khi triển khai, đó là secret ADMIN_TOKEN.";
  return consolePage({
    config,
    title: "Đăng nhập",
    path: "/console/login",
    children: (
      <>
        <h1>Đăng nhập</h1>
        {v.signedOut ? (
          <p class="notice" role="status">
            Bạn đã đăng xuất.
          </p>
        ) : null}
        {v.token && !v.error ? (
          <p class="notice" role="status">
            Mã quản trị từ liên kết của npm start đã được điền sẵn: bấm “Đăng nhập”.
          </p>
        ) : null}
        <form method="post" action={absoluteUrl(config, "/console/login")} class="panel">
          <input type="hidden" name="_form" value={v.formToken} />
          <input type="hidden" name="next" value={v.next} />
          <Field id="token" label="Mã quản trị (ADMIN_TOKEN)" error={v.error} hint={hint}>
            <input
              id="token"
              name="token"
              type="password"
              required
              autocomplete="current-password"
              value={v.token || undefined}
              {...described("token", v.error, hint)}
            />
          </Field>
          <button type="submit">Đăng nhập</button>
        </form>
        <p class="muted">Phiên đăng nhập kéo dài tối đa 12 giờ. Sau 5 lần nhập sai, hãy chờ 10 phút.</p>
      </>
    ),
  });
}

/** A refused request: an expired session, or a form that did not come from the console (CSRF). */
export function refusedPage(config: SiteConfig, reason: "session" | "csrf"): string {
  return consolePage({
    config,
    title: "Yêu cầu bị từ chối",
    path: "/console/refused",
    children: (
      <>
        <h1>Yêu cầu bị từ chối</h1>
        <p class="alert" role="alert">
          {reason === "session"
            ? "Phiên đăng nhập đã hết hạn hoặc đã đăng xuất, nên không có gì được thay đổi."
            : "Biểu mẫu này không đến từ bảng điều khiển của bạn (hoặc đã cũ), nên không có gì được thay đổi."}
        </p>
        <p>
          <a href={absoluteUrl(config, reason === "session" ? "/console/login" : "/console")}>
            {reason === "session" ? "Đăng nhập lại" : "Về bảng điều khiển"}
          </a>
        </p>
      </>
    ),
  });
}
