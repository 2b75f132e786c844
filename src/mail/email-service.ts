// Cloudflare Email Service: the `send_email` binding with its structured send().
import {
  failureReason,
  fillTemplate,
  type Mailer,
  type MailTemplate,
  type OutgoingMail,
  type SendOutcome,
} from "./mailer.ts";

/** The binding throws Errors with a string `code` such as E_SENDER_NOT_VERIFIED. */
function errorCode(error: unknown): string | null {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^E_[A-Z0-9_]{1,60}$/.test(code) ? code : null;
}

export class EmailServiceMailer implements Mailer {
  readonly name = "email-service";
  constructor(private readonly binding: SendEmail) {}

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      const result = await this.binding.send({
        from: mail.from,
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: mail.headers,
      });
      return { ok: true, messageId: result.messageId };
    } catch (error) {
      const code = errorCode(error);
      return { ok: false, failure: { transport: "email-service", code, reason: failureReason(error) } };
    }
  }

  sendPersonal(template: MailTemplate, to: string, value: string, headers: Record<string, string>) {
    const { placeholder: _placeholder, headers: shared, ...rest } = template;
    return this.send({ ...rest, ...fillTemplate(template, value), to, headers: { ...shared, ...headers } });
  }

  // Email Service documents no support for UTF-8 local parts: such addresses are refused at subscribe.
  async smtpUtf8(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {}
}
