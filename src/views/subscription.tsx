// Pages of the subscription flow. Links in email only ever show one of these with a button;
// the state changes on the button's POST.
import type { Child } from "hono/jsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { type Message, type MessageKey, siteText } from "../i18n/index.ts";
import { Layout } from "./layout.tsx";

const DOCTYPE = "<!doctype html>";

function page(config: SiteConfig, title: string, path: string, body: Child): string {
  const t = siteText(config);
  return (
    DOCTYPE +
    (
      <Layout config={config} title={`${title} – ${config.title}`} path={path}>
        <h1>{title}</h1>
        {body}
        <p>
          <a href={absoluteUrl(config, "/")}>{t.t("site.backHome")}</a>
        </p>
      </Layout>
    ).toString()
  );
}

/** The subscribe form, shown on the home, post and digest pages; `error` is what was wrong with `value`. */
export function SubscribeForm({ config, error, value }: { config: SiteConfig; error?: Message; value?: string }) {
  // Its own translator (cached): the form is placed by pages of other views, which pass only the settings.
  const t = siteText(config);
  return (
    <form class="subscribe" method="post" action={absoluteUrl(config, "/subscribe")}>
      <label for="email">{t.t("subscription.form.label")}</label>
      <div class="row">
        <input
          id="email"
          name="email"
          type="email"
          required
          maxlength={254}
          autocomplete="email"
          placeholder={t.t("subscription.form.placeholder")}
          value={value ?? ""}
          aria-invalid={error ? "true" : undefined}
        />
        <button type="submit">{t.t("subscription.form.submit")}</button>
      </div>
      {error ? (
        <p class="error" role="alert">
          {t.message(error)}
        </p>
      ) : (
        <p class="hint">{t.t("subscription.form.hint")}</p>
      )}
    </form>
  );
}

export function subscribeAcceptedPage(config: SiteConfig): string {
  const t = siteText(config);
  return page(config, t.t("subscription.accepted.heading"), "/subscribe", <p>{t.t("subscription.accepted.body")}</p>);
}

/** The form again, with what was typed and what is wrong with it. */
export function subscribeErrorPage(config: SiteConfig, error: Message, value: string): string {
  const t = siteText(config);
  return page(
    config,
    t.t("subscription.error.heading"),
    "/subscribe",
    <SubscribeForm config={config} error={error} value={value} />,
  );
}

export function rateLimitedPage(config: SiteConfig): string {
  const t = siteText(config);
  return page(
    config,
    t.t("subscription.rateLimited.heading"),
    "/subscribe",
    <p>{t.t("subscription.rateLimited.body")}</p>,
  );
}

/** GET on a link from an email: a page with the button that performs the action. */
export function actionPage(config: SiteConfig, kind: "confirm" | "unsubscribe", token: string, email: string): string {
  const t = siteText(config);
  const heading = t.t(kind === "confirm" ? "subscription.confirm.heading" : "subscription.unsubscribe.heading");
  return page(
    config,
    heading,
    `/${kind}`,
    <form method="post" action={absoluteUrl(config, `/${kind}`)}>
      <p>{t.t(kind === "confirm" ? "subscription.confirm.body" : "subscription.unsubscribe.body", { email })}</p>
      <input type="hidden" name="token" value={token} />
      <button type="submit">{heading}</button>
    </form>,
  );
}

export function confirmedPage(config: SiteConfig): string {
  const t = siteText(config);
  return page(config, t.t("subscription.confirmed.heading"), "/confirm", <p>{t.t("subscription.confirmed.body")}</p>);
}

export function unsubscribedPage(config: SiteConfig): string {
  const t = siteText(config);
  return page(
    config,
    t.t("subscription.unsubscribed.heading"),
    "/unsubscribe",
    <p>{t.t("subscription.unsubscribed.body")}</p>,
  );
}

const TOKEN_PROBLEMS = {
  malformed: "subscription.token.malformed",
  forged: "subscription.token.forged",
  expired: "subscription.token.expired",
  unknown: "subscription.token.unknown",
} as const satisfies Record<string, MessageKey>;

export function tokenProblemPage(config: SiteConfig, reason: keyof typeof TOKEN_PROBLEMS): string {
  const t = siteText(config);
  return page(config, t.t("subscription.token.heading"), "/", <p>{t.t(TOKEN_PROBLEMS[reason])}</p>);
}
