// Signing in, and the pages that say a request was refused.

import { ADMIN_TOKEN_LIMIT } from "../../access/admin-token.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { SESSION_LIFETIME_MS } from "../../console/session.ts";
import { consoleText, type Message } from "../../i18n/index.ts";
import { consolePage, described, Field } from "./layout.tsx";

export interface SignInView {
  formToken: string;
  next: string;
  /** Why the last try was refused (a wrong or stale token, too many tries). */
  error?: Message;
  signedOut?: boolean;
  /** The token filled in from npm start's sign-in link. */
  token?: string;
}

/** The sign-in page: the ADMIN_TOKEN, once. */
export function signInPage(config: SiteConfig, v: SignInView): string {
  const t = consoleText(config);
  const hint = t.t("console.signIn.tokenHint");
  const error = v.error ? t.message(v.error) : undefined;
  return consolePage({
    config,
    title: t.t("console.signIn.title"),
    path: "/console/login",
    children: (
      <>
        <h1>{t.t("console.signIn.title")}</h1>
        {v.signedOut ? (
          <p class="notice" role="status">
            {t.t("console.signIn.signedOut")}
          </p>
        ) : null}
        {v.token && !error ? (
          <p class="notice" role="status">
            {t.t("console.signIn.prefilled")}
          </p>
        ) : null}
        <form method="post" action={absoluteUrl(config, "/console/login")} class="panel">
          <input type="hidden" name="_form" value={v.formToken} />
          <input type="hidden" name="next" value={v.next} />
          <Field id="token" label={t.t("console.signIn.token")} error={error} hint={hint}>
            <input
              id="token"
              name="token"
              type="password"
              required
              autocomplete="current-password"
              value={v.token || undefined}
              {...described("token", error, hint)}
            />
          </Field>
          <button type="submit">{t.t("console.signIn.submit")}</button>
        </form>
        <p class="muted">
          {t.t("console.signIn.limits", {
            hours: Math.round(SESSION_LIFETIME_MS / 3_600_000),
            tries: ADMIN_TOKEN_LIMIT.count,
            minutes: Math.round(ADMIN_TOKEN_LIMIT.windowMs / 60_000),
          })}
        </p>
      </>
    ),
  });
}

/** A refused request: an expired session, or a form that did not come from the console (CSRF). */
export function refusedPage(config: SiteConfig, reason: "session" | "csrf"): string {
  const t = consoleText(config);
  return consolePage({
    config,
    title: t.t("console.refused.title"),
    path: "/console/refused",
    children: (
      <>
        <h1>{t.t("console.refused.title")}</h1>
        <p class="alert" role="alert">
          {reason === "session" ? t.t("console.refused.session") : t.t("console.refused.csrf")}
        </p>
        <p>
          <a href={absoluteUrl(config, reason === "session" ? "/console/login" : "/console")}>
            {reason === "session" ? t.t("console.refused.signInAgain") : t.t("console.refused.backToConsole")}
          </a>
        </p>
      </>
    ),
  });
}
