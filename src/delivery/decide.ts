// What a failed send means for the delivery, the subscriber and the digest: the one decision table,
// read from structured facts (the SMTP stage, reply code and enhanced status code, the network event,
// the Email Service error code, or Postmark's). Pure. A failure that is not about the recipient never changes
// what we know about the recipient: it pauses or slows the digest instead.
import type { EmailServiceFailure, PostmarkFailure, SendFailure, SmtpFailure } from "../mail/mailer.ts";

export type Decision =
  /** The recipient's own mailbox was refused for good: fail the delivery and suppress the address. */
  | { kind: "bounce"; reason: string }
  /** Try this delivery again later; retries count toward the circuit breaker (many in a row pause the digest). */
  | { kind: "retry"; reason: string }
  /** The relay refuses the sender, the login or the message itself: pause the digest until the operator resumes it. */
  | { kind: "pause"; reason: string }
  /** The message was handed over and the relay never answered in time: it may have taken it, so it is never resent. */
  | { kind: "unknown"; reason: string }
  /** This relay cannot carry this message to this address (no SMTPUTF8): fail it, suppress nobody. */
  | { kind: "undeliverable"; reason: string };

// RFC 3463 subjects that name the recipient's mailbox: X.1.* addressing (except 1.7 and 1.8, the
// sender's), X.2.1 mailbox disabled. X.2.2 (mailbox full) is persistent but transient: retried.
function namesTheMailbox(enhanced: string | null): boolean {
  if (!enhanced) return false;
  const [, subject, detail] = enhanced.split(".");
  if (subject === "1") return detail !== "7" && detail !== "8";
  return subject === "2" && detail === "1";
}

const STAGE_WORDS: Record<SmtpFailure["stage"], string> = {
  connect: "the connection",
  greeting: "the connection",
  ehlo: "our greeting (EHLO)",
  starttls: "TLS",
  auth: "the login",
  mail: "the sender",
  rcpt: "the recipient",
  data: "the message",
  message: "the message",
  rset: "the reset",
};

function smtpReason(f: SmtpFailure): string {
  const said = f.reason.replace(/^SMTP [a-z]+: /, "");
  if (f.reply) {
    const verb = f.reply.code >= 500 ? "refused" : "temporarily refused";
    return `the relay ${verb} ${STAGE_WORDS[f.stage]} (${said})`;
  }
  if (f.network === "timeout") return `the relay did not answer in time at ${STAGE_WORDS[f.stage]} (${said})`;
  if (f.stage === "connect") return `could not connect to the relay (${said})`;
  return `the connection to the relay broke at ${STAGE_WORDS[f.stage]} (${said})`;
}

function decideSmtp(f: SmtpFailure): Decision {
  const reason = smtpReason(f);
  if (f.unsupported) return { kind: "undeliverable", reason: f.reason };
  if (!f.reply) {
    // Only a 250 after the message makes the relay responsible for it (RFC 5321 §4.1.1.4, §6.1). A
    // connection closed before that answer aborts the transaction (§3.8), so the message is sent
    // again; a relay that is still silent when we stop waiting may yet accept it, so it is not.
    if (f.afterMessageSent && f.network === "timeout") return { kind: "unknown", reason: `outcome unknown: ${reason}` };
    return { kind: "retry", reason };
  }
  const { code, enhanced } = f.reply;
  const permanent = code >= 500;
  // 421: the relay is closing the session, whatever the stage.
  if (code === 421) return { kind: "retry", reason };
  switch (f.stage) {
    case "rcpt":
      if (!permanent) return { kind: "retry", reason };
      if (namesTheMailbox(enhanced)) return { kind: "bounce", reason };
      // Without an enhanced code, 550/551/553 at RCPT are the classic refusals of the mailbox.
      if (!enhanced && (code === 550 || code === 551 || code === 553)) return { kind: "bounce", reason };
      // Anything else at RCPT (relaying denied, policy, mailbox full) is not known to be the
      // mailbox: retried, and if it repeats for everyone the breaker pauses the digest.
      return { kind: "retry", reason };
    case "message":
      // Some relays check recipients only after DATA; an enhanced code naming the mailbox says so.
      if (permanent && namesTheMailbox(enhanced)) return { kind: "bounce", reason };
      return permanent ? { kind: "pause", reason } : { kind: "retry", reason };
    case "rset":
      return { kind: "retry", reason };
    default:
      // greeting, EHLO, STARTTLS, AUTH, MAIL FROM, DATA: the relay, the sender or the message.
      return permanent ? { kind: "pause", reason } : { kind: "retry", reason };
  }
}

// Email Service codes that mean the request itself or the account's setup is wrong: the same for
// every recipient, so retrying cannot help and the operator must act.
const EMAIL_SERVICE_PAUSE = new Set([
  "E_SENDER_NOT_VERIFIED",
  "E_SENDER_DOMAIN_NOT_AVAILABLE",
  "E_VALIDATION_ERROR",
  "E_FIELD_MISSING",
  "E_TOO_MANY_RECIPIENTS",
  "E_TOO_MANY_ATTACHMENTS",
  "E_CONTENT_TOO_LARGE",
  "E_HEADER_NOT_ALLOWED",
  "E_HEADER_USE_API_FIELD",
  "E_HEADER_VALUE_INVALID",
  "E_HEADER_VALUE_TOO_LONG",
  "E_HEADER_NAME_INVALID",
  "E_HEADERS_TOO_LARGE",
  "E_HEADERS_TOO_MANY",
]);

function decideEmailService(f: EmailServiceFailure): Decision {
  const reason = `Email Service refused the send (${f.code ?? "no code"}: ${f.reason})`;
  // Cloudflare's own suppression list: the address hard-bounced or complained before.
  if (f.code === "E_RECIPIENT_SUPPRESSED") return { kind: "bounce", reason };
  if (f.code && EMAIL_SERVICE_PAUSE.has(f.code)) return { kind: "pause", reason };
  // Rate and daily limits, internal errors, a recipient outside allowed_destination_addresses,
  // unknown codes: retried; repeated for everyone, the breaker pauses.
  return { kind: "retry", reason };
}

// Postmark's API error codes (postmarkapp.com/developer/api/overview#error-codes) that mean the
// token, the sender, the account or the request itself is wrong: the same for every recipient, so
// the operator must act. 10: bad or missing token; 300: invalid email request; 400, 401: sender
// signature missing or not confirmed; 402, 403, 409: the JSON; 405, 412, 413: the account may not
// send; 410: too many messages in a batch; 411: an attachment's type.
const POSTMARK_PAUSE = new Set([10, 300, 400, 401, 402, 403, 405, 409, 410, 411, 412, 413]);
/** 406, inactive recipient: the address bounced hard, complained, or was suppressed on the stream. */
const POSTMARK_INACTIVE = 406;

function decidePostmark(f: PostmarkFailure): Decision {
  const reason = `Postmark refused the send (${f.reason.replace(/^Postmark: /, "")})`;
  if (!f.answered) return { kind: "unknown", reason: `outcome unknown: ${f.reason}` };
  if (f.code === POSTMARK_INACTIVE) return { kind: "bounce", reason };
  if (f.code !== null && POSTMARK_PAUSE.has(f.code)) return { kind: "pause", reason };
  // 401 without a code is the token too.
  if (f.code === null && f.status === 401) return { kind: "pause", reason };
  // 429 (rate limit), 100 (maintenance), 5xx and codes not known here: retried; repeated for
  // everyone, the breaker pauses.
  return { kind: "retry", reason };
}

/** The decision for one failed send. */
export function decide(failure: SendFailure): Decision {
  switch (failure.transport) {
    case "smtp":
      return decideSmtp(failure);
    case "email-service":
      return decideEmailService(failure);
    case "postmark":
      return decidePostmark(failure);
  }
}
