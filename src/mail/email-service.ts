// Cloudflare Email Service: the `send_email` binding with its structured send().
import { failureReason, type Mailer, type OutgoingMail, type SendOutcome } from "./mailer.ts";

/**
 * The binding is an HTTP API: 429s, 5xx and timeouts pass, so only a refusal of the recipient
 * itself is permanent. Later hard bounces arrive as Email Service events (see delivery/email-events).
 */
export function classifyEmailServiceFailure(error: unknown): { permanent: boolean; reason: string } {
  const reason = failureReason(error);
  const recipientRefused =
    /\b5\.1\.\d\b|no such user|user unknown|invalid (recipient|address|email)|recipient .*(invalid|not allowed|suppressed)/i;
  return { permanent: recipientRefused.test(reason), reason };
}

export class EmailServiceMailer implements Mailer {
  readonly name = "email-service";
  constructor(private readonly binding: SendEmail) {}

  /** Not offered yet: UTF-8 local parts are refused at subscribe. */
  async smtpUtf8(): Promise<boolean> {
    return false;
  }

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
      return { ok: false, ...classifyEmailServiceFailure(error) };
    }
  }
}
