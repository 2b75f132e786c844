// Cloudflare Email Service: the `send_email` binding with its structured send().
import { classifyFailure, type Mailer, type OutgoingMail, type SendOutcome } from "./mailer.ts";

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
      return { ok: false, ...classifyFailure(error) };
    }
  }
}
