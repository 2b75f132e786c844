// Building messages: pure functions from settings and content to an OutgoingMail.
import { createElement } from "react";
import ConfirmSubscription, {
  type ConfirmSubscriptionProps,
  confirmSubscriptionText,
} from "../../emails/ConfirmSubscription.tsx";
import type { SiteConfig } from "../config.ts";
import type { RenderedDigest } from "../digest/render.ts";
import type { MailTemplate, OutgoingMail } from "./mailer.ts";
import { renderEmailHtml } from "./render.ts";

/** Headers every bantin message carries. */
function commonHeaders(config: SiteConfig): Record<string, string> {
  return {
    "List-Id": `bantin <bantin.${new URL(config.siteUrl).hostname}>`,
    "Content-Language": config.language,
  };
}

/** The double opt-in email for one address. */
export async function confirmationMail(config: SiteConfig, to: string, confirmUrl: string): Promise<OutgoingMail> {
  const props: ConfirmSubscriptionProps = {
    lang: config.language,
    publication: config.title,
    confirmUrl,
    validFor: "7 ngày",
    contact: config.replyTo,
  };
  const html = await renderEmailHtml(createElement(ConfirmSubscription, props));
  return {
    from: { name: config.mailFrom.name, email: config.mailFrom.address },
    to,
    replyTo: config.replyTo,
    subject: `Xác nhận đăng ký nhận ${config.title}`,
    html,
    text: confirmSubscriptionText(props),
    headers: commonHeaders(config),
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
