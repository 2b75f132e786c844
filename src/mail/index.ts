import { EmailServiceMailer } from "./email-service.ts";
import type { Mailer } from "./mailer.ts";
import { ehloName, parseSmtpUrl, SmtpMailer } from "./smtp.ts";

/**
 * SMTP when SMTP_URL is set, else the Email Service binding `EMAIL`. `connections`: how many SMTP
 * connections may be open at once, for sends made concurrently.
 */
export function mailerFor(
  env: { SMTP_URL?: string; EMAIL?: SendEmail; SITE_URL?: string; SITE_TIMEZONE?: string },
  connections = 1,
): Mailer {
  if (env.SMTP_URL) {
    const zone = env.SITE_TIMEZONE || "Asia/Ho_Chi_Minh";
    return new SmtpMailer(parseSmtpUrl(env.SMTP_URL), zone, ehloName(env.SITE_URL), connections);
  }
  if (env.EMAIL) return new EmailServiceMailer(env.EMAIL);
  throw new Error("No mail transport: set SMTP_URL, or bind Cloudflare Email Service as EMAIL in wrangler.toml.");
}
