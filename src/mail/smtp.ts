// SMTP to any relay (or a local catcher): messages written by mime.ts, sent over one reused
// connection per mailer (a queue batch), failures reported as facts.
import { offsetMinutesAt } from "../dates.ts";
import type { Mailer, OutgoingMail, SendOutcome, SmtpFailure } from "./mailer.ts";
import { buildMessage } from "./mime.ts";
import { SmtpConnection, SmtpError, type SmtpOptions } from "./smtp-client.ts";

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

/** The EHLO name: the site's host name, or an address literal for an IP (RFC 5321 §4.1.3). */
export function ehloName(siteUrl: string | undefined): string {
  let host = "localhost";
  try {
    host = siteUrl ? new URL(siteUrl).hostname : host;
  } catch {
    // Settings are validated elsewhere; keep the fallback.
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return `[${host}]`;
  if (host.startsWith("[")) return `[IPv6:${host.slice(1, -1)}]`;
  return host;
}

/** A connection is closed after this many messages, as relays limit messages per session. */
const MESSAGES_PER_CONNECTION = 100;
const isAscii = (s: string) => /^[\u0000-\u007f]*$/.test(s);

export function smtpFailure(error: SmtpError): SmtpFailure {
  return {
    transport: "smtp",
    stage: error.stage,
    reply: error.reply ? { code: error.reply.code, enhanced: error.reply.enhanced } : null,
    network: error.network,
    afterMessageSent: error.afterMessageSent,
    unsupported: null,
    reason: error.message.slice(0, 500),
  };
}

export class SmtpMailer implements Mailer {
  readonly name = "smtp";
  private connection: SmtpConnection | null = null;
  private sentOnConnection = 0;
  private readonly options: SmtpOptions;

  constructor(
    settings: SmtpSettings,
    private readonly timeZone: string,
    clientName: string,
  ) {
    this.options = { ...settings, clientName, connectTimeoutMs: 15_000, replyTimeoutMs: 60_000 };
  }

  private async open(): Promise<SmtpConnection> {
    if (this.connection?.isOpen) return this.connection;
    this.connection = await SmtpConnection.open(this.options);
    this.sentOnConnection = 0;
    return this.connection;
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    const needsUtf8 = !isAscii(mail.to) || !isAscii(mail.from.email);
    try {
      const connection = await this.open();
      if (needsUtf8 && !connection.supports("SMTPUTF8")) {
        return {
          ok: false,
          failure: {
            transport: "smtp",
            stage: "mail",
            reply: null,
            network: null,
            afterMessageSent: false,
            unsupported: "SMTPUTF8",
            reason: "the relay does not offer SMTPUTF8, so it cannot deliver to an address with a UTF-8 local part",
          },
        };
      }
      const now = Date.now();
      const message = buildMessage({
        from: { name: mail.from.name, email: mail.from.email },
        to: { email: mail.to },
        replyTo: { email: mail.replyTo },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        dateMs: now,
        offsetMinutes: offsetMinutesAt(now, this.timeZone),
        uniqueId: crypto.randomUUID(),
      });
      await connection.send({ from: mail.from.email, to: mail.to, smtpUtf8: needsUtf8 }, message);
      if (++this.sentOnConnection >= MESSAGES_PER_CONNECTION) await this.close();
      return { ok: true };
    } catch (error) {
      if (error instanceof SmtpError) return { ok: false, failure: smtpFailure(error) };
      throw error;
    }
  }

  async smtpUtf8(): Promise<boolean> {
    try {
      return (await this.open()).supports("SMTPUTF8");
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.close();
  }
}
