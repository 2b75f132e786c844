// Building messages: pure functions from settings and content to an OutgoingMail.
import { createElement } from "react";
import ConfirmSubscription, {
  type ConfirmSubscriptionProps,
  confirmSubscriptionText,
} from "../../emails/ConfirmSubscription.tsx";
import StaffLink, { type StaffLinkProps, staffLinkText } from "../../emails/StaffLink.tsx";
import type { Role } from "../access/actor.ts";
import type { SiteConfig } from "../config.ts";
import type { RenderedDigest } from "../digest/render.ts";
import { consoleText, siteText } from "../i18n/index.ts";
import { TOKEN_LIFETIME_MS } from "../subscribers/tokens.ts";
import type { MailTemplate, OutgoingMail } from "./mailer.ts";
import { renderEmailHtml } from "./render.ts";

const DAY_MS = 24 * 3600 * 1000;

/** Headers every bantin message carries. */
function commonHeaders(config: SiteConfig): Record<string, string> {
  return {
    "List-Id": `bantin <bantin.${new URL(config.siteUrl).hostname}>`,
    // The language of the words, which is English for a SITE_LANGUAGE bantin has no catalogue for.
    "Content-Language": siteText(config).tag,
  };
}

/** What a confirmation email asks to confirm, and the reader's preference page. */
export type ConfirmationDetails = Pick<ConfirmSubscriptionProps, "change" | "topics" | "frequency" | "preferencesUrl">;

/** The double opt-in email for one address (or a confirmed reader's request to add to their choices). */
export async function confirmationMail(
  config: SiteConfig,
  to: string,
  confirmUrl: string,
  details: ConfirmationDetails = {},
): Promise<OutgoingMail> {
  const t = siteText(config);
  const props: ConfirmSubscriptionProps = {
    t,
    publication: config.title,
    confirmUrl,
    validForDays: Math.round(TOKEN_LIFETIME_MS.confirm / DAY_MS),
    contact: config.replyTo,
    ...details,
  };
  const html = await renderEmailHtml(createElement(ConfirmSubscription, props));
  return {
    from: { name: config.mailFrom.name, email: config.mailFrom.address },
    to,
    replyTo: config.replyTo,
    subject: details.change
      ? t.t("reader-choice.email.changeSubject", { publication: config.title })
      : t.t("email.confirm.subject", { publication: config.title }),
    html,
    text: confirmSubscriptionText(props),
    headers: commonHeaders(config),
  };
}

/** A sign-in link or an invitation to the console, in the console's language. */
export async function staffLinkMail(
  config: SiteConfig,
  to: { email: string; name: string; role: Role },
  link: { kind: "sign-in" | "invitation"; url: string; valid: number },
): Promise<OutgoingMail> {
  const t = consoleText(config);
  const props: StaffLinkProps = {
    t,
    site: config.title,
    kind: link.kind,
    name: to.name,
    role: t.t(`console-staff.role.${to.role}`),
    url: link.url,
    valid: link.valid,
  };
  return {
    from: { name: config.mailFrom.name, email: config.mailFrom.address },
    to: to.email,
    replyTo: config.replyTo,
    subject:
      link.kind === "sign-in"
        ? t.t("console-staff.email.signIn.subject", { site: config.title })
        : t.t("console-staff.email.invitation.subject", { site: config.title }),
    html: await renderEmailHtml(createElement(StaffLink, props)),
    text: staffLinkText(props),
    headers: { "Content-Language": t.tag },
  };
}

/**
 * A digest as one template for all its recipients: the rendering stored with the digest, whose
 * `placeholder` each recipient's unsubscribe URL replaces.
 */
export function digestTemplate(config: SiteConfig, rendered: RenderedDigest, placeholder: string): MailTemplate {
  return {
    from: { name: config.mailFrom.name, email: config.mailFrom.address },
    replyTo: config.replyTo,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: commonHeaders(config),
    placeholder,
  };
}

/**
 * A digest as one message to one address that is not a subscriber's (a test copy): the shared
 * headers only, no List-Unsubscribe (there is no subscription to end).
 */
export function digestCopyMail(
  config: SiteConfig,
  rendered: RenderedDigest,
  to: string,
  subject: string = rendered.subject,
): OutgoingMail {
  const { placeholder: _placeholder, ...mail } = digestTemplate(config, rendered, "");
  return { ...mail, to, subject };
}

/** The RFC 8058 one-click headers of one recipient's digest. */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
