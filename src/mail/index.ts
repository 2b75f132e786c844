import { DEFAULT_TIME_ZONE } from "../config.ts";
import { EmailServiceMailer } from "./email-service.ts";
import type { Mailer } from "./mailer.ts";
import { PostmarkMailer, postmarkSettings } from "./postmark.ts";
import { ehloName, parseSmtpUrl, SmtpMailer, type SmtpSettings } from "./smtp.ts";

let smtpMemo: { key: string; settings: SmtpSettings; name: string } | undefined;

/**
 * SMTP when SMTP_URL is set, else Postmark's API when POSTMARK_TOKEN is, else the Email Service
 * binding `EMAIL`. `connections`: how many SMTP connections may be open at once, for sends made
 * concurrently.
 */
export function mailerFor(
  env: {
    SMTP_URL?: string;
    POSTMARK_TOKEN?: string;
    POSTMARK_API_URL?: string;
    POSTMARK_STREAM?: string;
    EMAIL?: SendEmail;
    SITE_URL?: string;
    SITE_TIMEZONE?: string;
  },
  connections = 1,
): Mailer {
  if (env.SMTP_URL) {
    const zone = env.SITE_TIMEZONE || DEFAULT_TIME_ZONE;
    const key = `${env.SMTP_URL} ${env.SITE_URL}`;
    // Parsed once per isolate and settings: each queue invocation makes a mailer.
    if (smtpMemo?.key !== key) smtpMemo = { key, settings: parseSmtpUrl(env.SMTP_URL), name: ehloName(env.SITE_URL) };
    return new SmtpMailer(smtpMemo.settings, zone, smtpMemo.name, connections);
  }
  if (env.POSTMARK_TOKEN) return new PostmarkMailer(postmarkSettings(env));
  if (env.EMAIL) return new EmailServiceMailer(env.EMAIL);
  throw new Error(
    "No mail transport: set SMTP_URL or POSTMARK_TOKEN, or bind Cloudflare Email Service as EMAIL in wrangler.toml.",
  );
}

/** What each transport (by SMTP_URL) said of SMTPUTF8 in this isolate, and when. */
const utf8Answers = new Map<string, { supported: boolean; atMs: number }>();
/** A relay may be reconfigured: its answer is asked again after this long. */
const UTF8_ANSWER_MS = 10 * 60_000;

/**
 * Whether the configured transport delivers to UTF-8 local parts. Over SMTP this costs a connection
 * (the relay's EHLO), so the answer is kept per isolate for UTF8_ANSWER_MS; a relay that cannot be
 * reached counts as "no" for this request only.
 */
export async function transportTakesUtf8(env: Parameters<typeof mailerFor>[0], nowMs = Date.now()): Promise<boolean> {
  const key = env.SMTP_URL ?? "";
  const known = utf8Answers.get(key);
  if (known && nowMs - known.atMs < UTF8_ANSWER_MS) return known.supported;
  const mailer = mailerFor(env);
  try {
    const supported = await mailer.smtpUtf8();
    utf8Answers.set(key, { supported, atMs: nowMs });
    return supported;
  } catch (error) {
    console.error("asking the relay for SMTPUTF8 failed", error);
    return false;
  } finally {
    await mailer.close();
  }
}
