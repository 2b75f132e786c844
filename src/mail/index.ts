import { EmailServiceMailer } from "./email-service.ts";
import type { Mailer } from "./mailer.ts";
import { ehloName, parseSmtpUrl, SmtpMailer } from "./smtp.ts";

/** SMTP when SMTP_URL is set, else the Email Service binding `EMAIL`. */
export function mailerFor(env: {
  SMTP_URL?: string;
  EMAIL?: SendEmail;
  SITE_URL?: string;
  SITE_TIMEZONE?: string;
}): Mailer {
  if (env.SMTP_URL) {
    return new SmtpMailer(parseSmtpUrl(env.SMTP_URL), env.SITE_TIMEZONE || "Asia/Ho_Chi_Minh", ehloName(env.SITE_URL));
  }
  if (env.EMAIL) return new EmailServiceMailer(env.EMAIL);
  throw new Error("No mail transport: set SMTP_URL, or bind Cloudflare Email Service as EMAIL in wrangler.toml.");
}
