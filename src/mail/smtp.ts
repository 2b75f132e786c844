// SMTP over cloudflare:sockets (worker-mailer): any relay, or a local catcher.
import { WorkerMailer } from "worker-mailer";
import { failureReason, type Mailer, type OutgoingMail, type SendOutcome } from "./mailer.ts";

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  username?: string;
  password?: string;
}

/** Reads smtp://user:pass@host:587 (STARTTLS when offered) or smtps://… (implicit TLS). */
export function parseSmtpUrl(value: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SMTP_URL must look like smtp://user:password@host:587, got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${JSON.stringify(url.protocol)}.`);
  }
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

/** SMTP reply codes decide: 5xx is permanent (the relay refused for good), anything else may pass later. */
export function classifySmtpFailure(error: unknown): { permanent: boolean; reason: string } {
  const reason = failureReason(error);
  return { permanent: /\b5\d\d\b/.test(reason), reason };
}

export class SmtpMailer implements Mailer {
  readonly name = "smtp";
  constructor(private readonly settings: SmtpSettings) {}

  /** Not offered yet: UTF-8 local parts are refused at subscribe. */
  async smtpUtf8(): Promise<boolean> {
    return false;
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    const { host, port, secure, username, password } = this.settings;
    try {
      await WorkerMailer.send(
        {
          host,
          port,
          secure,
          startTls: !secure,
          ...(username && password ? { credentials: { username, password }, authType: ["plain", "login"] } : {}),
          socketTimeoutMs: 15_000,
          responseTimeoutMs: 15_000,
        },
        {
          from: mail.from,
          to: mail.to,
          reply: mail.replyTo,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        },
      );
      return { ok: true };
    } catch (error) {
      return { ok: false, ...classifySmtpFailure(error) };
    }
  }
}
