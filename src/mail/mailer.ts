// One interface for every mail transport. Only src/mail/ talks to a transport; what a failure
// means for a delivery is decided elsewhere (src/delivery/decide.ts), from the facts given here.
import { escapeHtml } from "../text.ts";
import type { SmtpStage } from "./smtp-client.ts";

export interface OutgoingMail {
  from: { name: string; email: string };
  to: string;
  replyTo: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * A message the same for every recipient but for one value (an unsubscribe link, say), which stands
 * where `placeholder` does in the text and in the HTML. Pass the same object for every recipient:
 * transports prepare what is shared once per template.
 */
export interface MailTemplate extends Omit<OutgoingMail, "to"> {
  placeholder: string;
}

/** The template's bodies with one recipient's value put in (HTML-escaped in the HTML). */
export function fillTemplate(template: MailTemplate, value: string): { html: string; text: string } {
  return {
    html: template.html.replaceAll(template.placeholder, escapeHtml(value)),
    text: template.text.replaceAll(template.placeholder, value),
  };
}

/** A send that failed over SMTP: where in the dialogue, and what the relay said (or what happened instead). */
export interface SmtpFailure {
  transport: "smtp";
  stage: SmtpStage;
  /** The relay's reply, when it gave one. */
  reply: { code: number; enhanced: string | null } | null;
  /** No reply: the connection could not be made, was closed, or an answer timed out. */
  network: "failed" | "closed" | "timeout" | null;
  /** The whole message was handed over and the final answer never came: it may have been accepted. */
  afterMessageSent: boolean;
  /** The relay lacks an extension this message needs (SMTPUTF8 for a UTF-8 address). */
  unsupported: "SMTPUTF8" | null;
  /** For people: the stage and the relay's own words. */
  reason: string;
}

/** A send that Cloudflare Email Service refused: its error code (E_…), when it gave one. */
export interface EmailServiceFailure {
  transport: "email-service";
  code: string | null;
  reason: string;
}

/** A send that Postmark's API refused, or that got no readable answer. */
export interface PostmarkFailure {
  transport: "postmark";
  /** The HTTP status; null when no answer came. */
  status: number | null;
  /** Postmark's ErrorCode (its API's error codes), when it gave one. */
  code: number | null;
  /** False when the request may have been taken without our learning it: such a message is never resent. */
  answered: boolean;
  reason: string;
}

export type SendFailure = SmtpFailure | EmailServiceFailure | PostmarkFailure;

export type SendOutcome = { ok: true; messageId?: string } | { ok: false; failure: SendFailure };

export interface Mailer {
  readonly name: string;
  /**
   * Sends worth having under way per connection (1 when absent). SMTP says 3: with a send already
   * waiting whenever a connection is handed on, one message's content goes out in the same write as
   * the next one's commands.
   */
  readonly sendsPerConnection?: number;
  send(mail: OutgoingMail): Promise<SendOutcome>;
  /** One recipient's copy of a template, with their value and their own headers. */
  sendPersonal(
    template: MailTemplate,
    to: string,
    value: string,
    headers: Record<string, string>,
  ): Promise<SendOutcome>;
  /**
   * Whether the transport can deliver to addresses with a UTF-8 local part (SMTPUTF8, RFC 6531);
   * throws when the relay cannot be reached to ask.
   */
  smtpUtf8(): Promise<boolean>;
  /** Ends any open connection; the mailer may be used again afterwards. */
  close(): Promise<void>;
}

/** The text of an error, bounded for storage. */
export function failureReason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
