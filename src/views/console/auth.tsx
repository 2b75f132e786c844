// Signing in (a link by email, or the ADMIN_TOKEN), the link and invitation pages, and the pages that
// say a request was refused.

import type { Role } from "../../access/actor.ts";
import { ADMIN_TOKEN_LIMIT } from "../../access/admin-token.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { SESSION_LIFETIME_MS } from "../../console/session.ts";
import { consoleText, type Message } from "../../i18n/index.ts";
import { relyingParty } from "../../passkeys/passkeys.ts";
import { LINK_LIMITS, SIGN_IN_LINK_MS } from "../../staff/links.ts";
import { consolePage, described, Field, roleLabel, type Viewer } from "./layout.tsx";
import { PasskeySignIn } from "./passkeys.tsx";

export interface SignInView {
  formToken: string;
  next: string;
  /** Why the last try with the ADMIN_TOKEN was refused (a wrong or stale token, too many tries). */
  error?: Message;
  /** Why the last request for a link was refused (an address that is not one, too many requests). */
  emailError?: Message;
  /** Why the last try with a passkey signed nobody in. */
  passkeyError?: Message;
  email?: string;
  signedOut?: boolean;
  /** The token filled in from npm start's sign-in link. */
  token?: string;
}

/** The sign-in page: a link by email; below it, the site's ADMIN_TOKEN (how a new site makes its first owner). */
export function signInPage(config: SiteConfig, v: SignInView): string {
  const t = consoleText(config);
  const hint = t.t("console.signIn.tokenHint");
  const error = v.error ? t.message(v.error) : undefined;
  const emailError = v.emailError ? t.message(v.emailError) : undefined;
  const emailHint = t.t("console-staff.signIn.emailHint", { minutes: SIGN_IN_LINK_MS / 60_000 });
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
        <form method="post" action={absoluteUrl(config, "/console/login/email")} class="panel">
          <input type="hidden" name="_form" value={v.formToken} />
          <input type="hidden" name="next" value={v.next} />
          <Field id="email" label={t.t("console-staff.signIn.email")} error={emailError} hint={emailHint}>
            <input
              id="email"
              name="email"
              type="email"
              required
              autocomplete="email"
              value={v.email || undefined}
              {...described("email", emailError, emailHint)}
            />
          </Field>
          <button type="submit">{t.t("console-staff.signIn.sendLink")}</button>
        </form>
        {relyingParty(config) ? (
          <PasskeySignIn
            config={config}
            t={t}
            formToken={v.formToken}
            next={v.next}
            error={v.passkeyError ? t.message(v.passkeyError) : undefined}
          />
        ) : null}
        <h2>{t.t("console-staff.signIn.tokenHeading")}</h2>
        <p class="muted">{t.t("console-staff.signIn.tokenIntro")}</p>
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

/** What asking for a link answers, the same whether or not the address is staff. */
export function linkSentPage(config: SiteConfig, email: string): string {
  const t = consoleText(config);
  return consolePage({
    config,
    title: t.t("console-staff.linkSent.title"),
    path: "/console/login/email",
    children: (
      <>
        <h1>{t.t("console-staff.linkSent.title")}</h1>
        <p class="notice" role="status">
          {t.t("console-staff.linkSent.body", { email, minutes: SIGN_IN_LINK_MS / 60_000 })}
        </p>
        <p>
          {t.t("console-staff.linkSent.limits", {
            count: LINK_LIMITS.perAddress.count,
            minutes: LINK_LIMITS.perAddress.windowMs / 60_000,
          })}
        </p>
        <p>
          <a href={absoluteUrl(config, "/console/login")}>{t.t("console-staff.linkSent.back")}</a>
        </p>
      </>
    ),
  });
}

/** Why a link signs nobody in. */
export type LinkProblem = "unknown" | "used" | "expired" | "other-browser" | "throttled";

const PROBLEMS = {
  unknown: "console-staff.link.unknown",
  used: "console-staff.link.used",
  expired: "console-staff.link.expired",
  "other-browser": "console-staff.link.otherBrowser",
} as const satisfies Record<Exclude<LinkProblem, "throttled">, string>;

/**
 * The page a link opens (GET changes nothing: a mail scanner's visit signs nobody in): a button that
 * signs in with it, or why it cannot.
 */
export function linkPage(
  config: SiteConfig,
  v: {
    kind: "sign-in" | "invitation";
    secret: string;
    person: { name: string; role: Role } | null;
    problem?: LinkProblem;
    /** With problem "throttled": how long until links are tried again. */
    retryAfterSeconds?: number;
  },
): string {
  const t = consoleText(config);
  const action = v.kind === "sign-in" ? "/console/login/link" : "/console/invitation";
  const title = v.kind === "sign-in" ? t.t("console-staff.link.title") : t.t("console-staff.invitation.title");
  return consolePage({
    config,
    title,
    path: action,
    children: (
      <>
        <h1>{title}</h1>
        {v.problem || !v.person ? (
          <>
            <p class="alert" role="alert">
              {v.problem === "throttled"
                ? t.t("console-staff.link.throttled", { minutes: Math.ceil((v.retryAfterSeconds ?? 0) / 60) })
                : t.t(PROBLEMS[v.problem ?? "unknown"])}
            </p>
            <p>
              <a href={absoluteUrl(config, "/console/login")}>{t.t("console-staff.link.askAgain")}</a>
            </p>
          </>
        ) : (
          <form method="post" action={absoluteUrl(config, action)} class="panel">
            <input type="hidden" name="t" value={v.secret} />
            <p>
              {v.kind === "sign-in"
                ? t.t("console-staff.link.intro", { name: v.person.name })
                : t.t("console-staff.invitation.intro", {
                    name: v.person.name,
                    site: config.title,
                    role: roleLabel(t, v.person.role),
                  })}
            </p>
            <button type="submit">
              {v.kind === "sign-in" ? t.t("console-staff.link.submit") : t.t("console-staff.invitation.submit")}
            </button>
          </form>
        )}
      </>
    ),
  });
}

/** A forced action the person's role does not allow: nothing was changed, and which role it needs. */
export function forbiddenPage(config: SiteConfig, me: Viewer, needs: Role): string {
  const t = consoleText(config);
  return consolePage({
    config,
    title: t.t("console-staff.forbidden.title"),
    path: "/console/forbidden",
    me,
    children: (
      <>
        <h1>{t.t("console-staff.forbidden.title")}</h1>
        <p class="alert" role="alert">
          {t.t("console-staff.forbidden.body", { needs: roleLabel(t, needs), role: roleLabel(t, me.actor.role) })}
        </p>
        <p>
          <a href={absoluteUrl(config, "/console")}>{t.t("console.refused.backToConsole")}</a>
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
