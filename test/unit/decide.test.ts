import { describe, expect, it } from "vitest";
import { decide } from "../../src/delivery/decide.ts";
import type { SmtpFailure } from "../../src/mail/mailer.ts";
import { parseReply } from "../../src/mail/smtp-client.ts";

/** A failure as the SMTP client reports it, from the raw reply line the relay sent at a stage. */
function refused(stage: SmtpFailure["stage"], line: string): SmtpFailure {
  const reply = parseReply([line]);
  return {
    transport: "smtp",
    stage,
    reply: { code: reply.code, enhanced: reply.enhanced },
    network: null,
    afterMessageSent: false,
    unsupported: null,
    reason: `SMTP ${stage}: ${line}`,
  };
}

function broken(stage: SmtpFailure["stage"], network: "failed" | "closed" | "timeout", after = false): SmtpFailure {
  return {
    transport: "smtp",
    stage,
    reply: null,
    network,
    afterMessageSent: after,
    unsupported: null,
    reason: `SMTP ${stage}: ${network}`,
  };
}

const kind = (f: SmtpFailure) => decide(f).kind;

describe("reading SMTP replies", () => {
  it("takes the enhanced status code only where RFC 3463 puts it, with the reply's class", () => {
    expect(parseReply(["550 5.1.1 <a@b>: Recipient address rejected"])).toEqual({
      code: 550,
      enhanced: "5.1.1",
      text: "<a@b>: Recipient address rejected",
    });
    expect(parseReply(["451 Try again, the mailbox 5.1.1 is busy"]).enhanced).toBeNull();
    // A class that contradicts the reply code is not an enhanced code.
    expect(parseReply(["451 5.1.1 odd"]).enhanced).toBeNull();
    expect(parseReply(["250-first", "250-8BITMIME", "250 SMTPUTF8"])).toMatchObject({ code: 250 });
  });
});

describe("the decision table", () => {
  it("suppresses only when the recipient's own mailbox is refused", () => {
    expect(kind(refused("rcpt", "550 5.1.1 User unknown"))).toBe("bounce");
    expect(kind(refused("rcpt", "550 No such user here"))).toBe("bounce");
    expect(kind(refused("rcpt", "553 Mailbox name not allowed"))).toBe("bounce");
    expect(kind(refused("rcpt", "550 5.2.1 Mailbox disabled"))).toBe("bounce");
    expect(kind(refused("message", "550 5.1.1 User unknown (checked after DATA)"))).toBe("bounce");
  });

  it("never suppresses for a refusal of the sender, the login, the greeting or the message: it pauses", () => {
    for (const [stage, line] of [
      ["greeting", "554 5.7.1 No service for you"],
      ["ehlo", "550 Go away"],
      ["auth", "535 5.7.8 Authentication credentials invalid"],
      ["mail", "553 5.7.1 Sender address rejected: not owned by user"],
      ["mail", "550 5.1.7 Bad sender address syntax"],
      ["data", "554 5.5.1 No valid recipients"],
      ["message", "554 5.6.0 Message content rejected"],
      ["message", "500 Line too long"],
      ["message", "552 5.3.4 Message size exceeds fixed limit"],
    ] as const) {
      expect(kind(refused(stage, line)), `${stage} ${line}`).toBe("pause");
    }
  });

  it("retries what is temporary or not known to be the mailbox, whatever digits the text holds", () => {
    expect(kind(refused("rcpt", "451 4.7.1 Greylisted, please try again in 500 seconds"))).toBe("retry");
    expect(kind(refused("rcpt", "452 4.2.2 Mailbox full (quota 512 MB, user 550@example.org)"))).toBe("retry");
    expect(kind(refused("rcpt", "550 5.7.1 Relaying denied"))).toBe("retry");
    expect(kind(refused("rcpt", "552 5.2.2 Mailbox full"))).toBe("retry");
    expect(kind(refused("mail", "451 4.3.0 Temporary local problem, 550 recipients queued"))).toBe("retry");
    expect(kind(refused("greeting", "421 4.3.2 Service shutting down"))).toBe("retry");
    expect(kind(refused("rcpt", "421 4.4.2 Timeout, closing"))).toBe("retry");
    expect(kind(refused("message", "451 4.3.0 Queue file write error"))).toBe("retry");
    expect(kind(broken("connect", "failed"))).toBe("retry");
    expect(kind(broken("message", "closed"))).toBe("retry");
  });

  it("resends a message whose connection closed before the final answer, never one whose answer is late", () => {
    // A closed connection aborts the transaction (RFC 5321 §3.8): nothing was accepted.
    expect(kind(broken("message", "closed", true))).toBe("retry");
    // A relay still silent when we stop waiting may accept the message yet.
    expect(kind(broken("message", "timeout", true))).toBe("unknown");
  });

  it("says what happened in words an operator can act on", () => {
    expect(decide(refused("mail", "553 5.7.1 Sender address rejected")).reason).toBe(
      "the relay refused the sender (553 5.7.1 Sender address rejected)",
    );
    expect(decide(broken("connect", "failed")).reason).toMatch(/^could not connect to the relay/);
  });

  it("fails without suppressing when the relay cannot carry a UTF-8 address", () => {
    const f: SmtpFailure = { ...broken("mail", "failed"), network: null, unsupported: "SMTPUTF8" };
    expect(kind(f)).toBe("undeliverable");
  });

  it("reads Email Service error codes, not their texts", () => {
    const es = (code: string | null, reason = "x") => decide({ transport: "email-service", code, reason }).kind;
    expect(es("E_RECIPIENT_SUPPRESSED")).toBe("bounce");
    expect(es("E_SENDER_NOT_VERIFIED")).toBe("pause");
    expect(es("E_CONTENT_TOO_LARGE")).toBe("pause");
    expect(es("E_RATE_LIMIT_EXCEEDED", "550 5.1.1 in the text")).toBe("retry");
    expect(es("E_RECIPIENT_NOT_ALLOWED")).toBe("retry");
    expect(es(null, "550 5.1.1 User unknown")).toBe("retry");
  });

  it("reads Postmark's answers by status and ErrorCode: its own result for each message", () => {
    const pm = (status: number | null, code: number | null, answered = true) =>
      decide({ transport: "postmark", status, code, answered, reason: "Postmark: x" }).kind;
    // 406: the address is inactive on Postmark (hard bounce, complaint, suppression).
    expect(pm(200, 406)).toBe("bounce");
    // The token, the sender signature, the account, the request: the same for everyone.
    expect(pm(401, 10)).toBe("pause");
    expect(pm(401, null)).toBe("pause");
    expect(pm(422, 300)).toBe("pause");
    expect(pm(422, 401)).toBe("pause");
    expect(pm(422, 412)).toBe("pause");
    // For now: rate limits, maintenance, the server's own trouble, codes not known here.
    expect(pm(429, 429)).toBe("retry");
    expect(pm(503, 100)).toBe("retry");
    expect(pm(500, null)).toBe("retry");
    expect(pm(422, 999)).toBe("retry");
    // No answer, or one whose results cannot be read: it may have been taken, so it is never resent.
    expect(pm(null, null, false)).toBe("unknown");
    expect(pm(200, null, false)).toBe("unknown");
  });
});
