// SMTP to any relay (or a local catcher): messages written by mime.ts, sent over one reused
// connection per mailer (a queue batch), failures reported as facts.
import { offsetMinutesAt } from "../dates.ts";
import { escapeHtml, isAscii } from "../text.ts";
import type { Mailer, MailTemplate, OutgoingMail, SendOutcome, SmtpFailure } from "./mailer.ts";
import { compileMail, messageFor, type OwnParts, type WireMessage, wireBytesFor, wireMessage } from "./mime.ts";
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

function smtpFailure(error: SmtpError): SmtpFailure {
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

const UNSUPPORTED_UTF8: SendOutcome = {
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

/** Each time zone's offset as last looked up in this isolate: kept for a minute, since Intl is slow to ask. */
const OFFSETS = new Map<string, { minutes: number; untilMs: number }>();

function offsetNow(timeZone: string, nowMs: number): number {
  let known = OFFSETS.get(timeZone);
  if (!known || nowMs >= known.untilMs) {
    known = { minutes: offsetMinutesAt(nowMs, timeZone), untilMs: nowMs + 60_000 };
    OFFSETS.set(timeZone, known);
  }
  return known.minutes;
}

/**
 * What every recipient's copy of a template shares, compiled, dot-stuffed and encoded once per
 * template object, for as long as the template lives (the consumer keeps a digest's for the isolate).
 */
const WIRE = new WeakMap<MailTemplate, WireMessage>();

/**
 * SMTP through up to `maxConnections` connections at once, each reused for further messages (a
 * queue batch sends its messages concurrently over a few connections). Close it when done.
 */
export class SmtpMailer implements Mailer {
  readonly name = "smtp";
  /** One send on a connection and two waiting: the one handed the connection next is already there (2 was often late). */
  readonly sendsPerConnection = 3;
  private readonly options: SmtpOptions;
  private readonly idle: SmtpConnection[] = [];
  private readonly waiting: ((connection: SmtpConnection | null) => void)[] = [];
  private readonly sentOn = new WeakMap<SmtpConnection, number>();
  private openCount = 0;

  constructor(
    settings: SmtpSettings,
    private readonly timeZone: string,
    clientName: string,
    private readonly maxConnections = 1,
  ) {
    this.options = { ...settings, clientName, connectTimeoutMs: 15_000, replyTimeoutMs: 60_000 };
  }

  /** An idle connection, a new one if fewer than the maximum are open, or the next one released. */
  private async acquire(): Promise<SmtpConnection> {
    for (;;) {
      const connection =
        this.idle.pop() ?? (this.openCount < this.maxConnections ? undefined : await this.handedOver());
      if (connection?.isOpen) return connection;
      if (connection) this.openCount--;
      else if (this.openCount < this.maxConnections) {
        this.openCount++;
        try {
          return await SmtpConnection.open(this.options);
        } catch (error) {
          this.openCount--;
          this.waiting.shift()?.(null);
          throw error;
        }
      }
    }
  }

  /** The next connection released, handed straight over (null: one was closed, so another may open). */
  private handedOver(): Promise<SmtpConnection | null> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * Hands a connection to the next send waiting, whose commands then go out in one write with the
   * content of the message just begun on it; with none waiting, that content goes out alone.
   */
  private async release(connection: SmtpConnection): Promise<void> {
    const sent = (this.sentOn.get(connection) ?? 0) + 1;
    this.sentOn.set(connection, sent);
    if (!connection.isOpen || sent >= MESSAGES_PER_CONNECTION) {
      this.openCount--;
      // A waiting send goes on over a new connection while this one says QUIT.
      this.waiting.shift()?.(null);
      await connection.close();
      return;
    }
    await this.handOn(connection);
  }

  /** To the next send waiting, or idle once any content held back on it has gone out alone. */
  private async handOn(connection: SmtpConnection): Promise<void> {
    const next = this.waiting.shift();
    if (next) next(connection);
    else {
      // The content is taken for writing at once, so the connection is idle (and reusable) already.
      const flushed = connection.flush().catch(() => undefined);
      this.idle.push(connection);
      await flushed;
    }
  }

  /** Sends one written message over a pooled connection; failures come back as facts. */
  private async deliver(
    to: string,
    from: string,
    write: (connection: SmtpConnection) => string | Uint8Array,
  ): Promise<SendOutcome> {
    const needsUtf8 = !isAscii(to) || !isAscii(from);
    let connection: SmtpConnection | undefined;
    try {
      connection = await this.acquire();
      if (needsUtf8 && !connection.supports("SMTPUTF8")) return UNSUPPORTED_UTF8;
      const { reply } = await connection.begin({ from, to, smtpUtf8: needsUtf8 }, write(connection));
      // The connection goes on to the next message (or its content goes out alone) while this one's reply comes.
      const released = this.release(connection);
      connection = undefined;
      await released;
      await reply;
      return { ok: true };
    } catch (error) {
      if (error instanceof SmtpError) return { ok: false, failure: smtpFailure(error) };
      throw error;
    } finally {
      if (connection) await this.release(connection);
    }
  }

  private own(to: string, headers: Record<string, string>, value?: string): OwnParts {
    const now = Date.now();
    return {
      to: { email: to },
      headers,
      dateMs: now,
      offsetMinutes: offsetNow(this.timeZone, now),
      uniqueId: crypto.randomUUID(),
      ...(value === undefined ? {} : { value: { text: value, html: escapeHtml(value) } }),
    };
  }

  send(mail: OutgoingMail): Promise<SendOutcome> {
    return this.deliver(mail.to, mail.from.email, () =>
      messageFor(compileMail(mail), this.own(mail.to, {}), mail.from.email),
    );
  }

  sendPersonal(template: MailTemplate, to: string, value: string, headers: Record<string, string>) {
    return this.deliver(to, template.from.email, (connection) => {
      let wire = WIRE.get(template);
      if (!wire) {
        wire = wireMessage(compileMail(template));
        WIRE.set(template, wire);
      }
      return wireBytesFor(wire, this.own(to, headers, value), template.from.email, (bytes) =>
        connection.bufferFor(bytes),
      );
    });
  }

  async smtpUtf8(): Promise<boolean> {
    let connection: SmtpConnection | undefined;
    try {
      connection = await this.acquire();
      return connection.supports("SMTPUTF8");
    } finally {
      // It may have come with a message's content held back: handed on, that goes out.
      if (connection) await this.handOn(connection);
    }
  }

  async close(): Promise<void> {
    const open = this.idle.splice(0);
    this.openCount -= open.length;
    await Promise.all(open.map((c) => c.close()));
  }
}
