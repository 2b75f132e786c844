// One interface for every mail transport. Only src/mail/ talks to a transport.

export interface OutgoingMail {
  from: { name: string; email: string };
  to: string;
  replyTo: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export type SendOutcome =
  | { ok: true; messageId?: string }
  /** `permanent`: retrying cannot help (bad recipient, 5xx); otherwise try again later. */
  | { ok: false; permanent: boolean; reason: string };

export interface Mailer {
  readonly name: string;
  send(mail: OutgoingMail): Promise<SendOutcome>;
  /** Whether the transport can deliver to an address whose local part is not ASCII (RFC 6531 SMTPUTF8). */
  smtpUtf8(): Promise<boolean>;
}

/** The text of a transport error, bounded for storage. */
export function failureReason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
