// Pages of the subscription flow. Links in email only ever show one of these with a button;
// the state changes on the button's POST.
import type { Child } from "hono/jsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { Layout } from "./layout.tsx";

const DOCTYPE = "<!doctype html>";

function page(config: SiteConfig, title: string, path: string, body: Child): string {
  return (
    DOCTYPE +
    (
      <Layout config={config} title={`${title} – ${config.title}`} path={path}>
        <h1>{title}</h1>
        {body}
        <p>
          <a href={absoluteUrl(config, "/")}>Về trang chủ</a>
        </p>
      </Layout>
    ).toString()
  );
}

/** The subscribe form, shown on the home and post pages. */
export function SubscribeForm({ config, error, value }: { config: SiteConfig; error?: string; value?: string }) {
  return (
    <form class="subscribe" method="post" action={absoluteUrl(config, "/subscribe")}>
      <label for="email">Nhận bản tin qua email</label>
      <div class="row">
        <input
          id="email"
          name="email"
          type="email"
          required
          maxlength={254}
          autocomplete="email"
          placeholder="ten@ten-mien.vn"
          value={value ?? ""}
          aria-invalid={error ? "true" : undefined}
        />
        <button type="submit">Đăng ký</button>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : (
        <p class="hint">Chúng tôi sẽ gửi một thư để bạn xác nhận. Có thể hủy đăng ký bất cứ lúc nào.</p>
      )}
    </form>
  );
}

export function subscribeAcceptedPage(config: SiteConfig): string {
  return page(
    config,
    "Kiểm tra hộp thư của bạn",
    "/subscribe",
    <p>
      Nếu địa chỉ này chưa được xác nhận, chúng tôi đã gửi tới đó một thư có nút “Xác nhận đăng ký”. Bạn chỉ nhận bản
      tin sau khi xác nhận.
    </p>,
  );
}

export function subscribeErrorPage(config: SiteConfig, message: string, value: string): string {
  return page(
    config,
    "Chưa đăng ký được",
    "/subscribe",
    <SubscribeForm config={config} error={message} value={value} />,
  );
}

export function rateLimitedPage(config: SiteConfig): string {
  return page(
    config,
    "Quá nhiều yêu cầu",
    "/subscribe",
    <p>Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.</p>,
  );
}

/** GET on a link from an email: a page with the button that performs the action. */
export function actionPage(config: SiteConfig, kind: "confirm" | "unsubscribe", token: string, email: string): string {
  const confirmKind = kind === "confirm";
  return page(
    config,
    confirmKind ? "Xác nhận đăng ký" : "Hủy đăng ký",
    `/${kind}`,
    <form method="post" action={absoluteUrl(config, `/${kind}`)}>
      <p>
        {confirmKind ? `Bấm nút để bắt đầu nhận bản tin tại ${email}.` : `Bấm nút để ngừng nhận bản tin tại ${email}.`}
      </p>
      <input type="hidden" name="token" value={token} />
      <button type="submit">{confirmKind ? "Xác nhận đăng ký" : "Hủy đăng ký"}</button>
    </form>,
  );
}

export function confirmedPage(config: SiteConfig): string {
  return page(config, "Đã xác nhận", "/confirm", <p>Cảm ơn bạn. Bạn sẽ nhận các số bản tin tiếp theo qua email.</p>);
}

export function unsubscribedPage(config: SiteConfig): string {
  return page(
    config,
    "Đã hủy đăng ký",
    "/unsubscribe",
    <p>Bạn sẽ không nhận thêm thư nào từ chúng tôi. Nếu muốn nhận lại, hãy đăng ký lại trên trang chủ.</p>,
  );
}

const TOKEN_PROBLEMS = {
  malformed: "Liên kết không đầy đủ hoặc đã bị sửa. Hãy mở lại liên kết trong thư.",
  forged: "Liên kết không hợp lệ. Không có thay đổi nào được thực hiện.",
  expired: "Liên kết đã hết hạn. Không có thay đổi nào được thực hiện; hãy đăng ký lại để nhận thư xác nhận mới.",
  unknown: "Địa chỉ trong liên kết không còn trong danh sách. Không có thay đổi nào được thực hiện.",
} as const;

export function tokenProblemPage(config: SiteConfig, reason: keyof typeof TOKEN_PROBLEMS): string {
  return page(config, "Liên kết không dùng được", "/", <p>{TOKEN_PROBLEMS[reason]}</p>);
}
