// The SMTP client against a scripted relay (test/fixtures/smtp-relay.ts) over a real socket: a reply
// deadline per reply, watched by one timer per connection, not one per reply; one write per message
// where the relay offers PIPELINING, each message still getting its own reply.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import type { MailTemplate } from "../../src/mail/mailer.ts";
import { SmtpMailer } from "../../src/mail/smtp.ts";
import { SmtpConnection, SmtpError, type SmtpOptions } from "../../src/mail/smtp-client.ts";
import { SLOW_REPLY_MS } from "../fixtures/smtp-relay.ts";

const REPLY_TIMEOUT_MS = 2 * SLOW_REPLY_MS + 100;
const options = (): SmtpOptions => ({
  host: "127.0.0.1",
  port: inject("smtpRelayPort"),
  secure: false,
  clientName: "localhost",
  connectTimeoutMs: 5_000,
  replyTimeoutMs: REPLY_TIMEOUT_MS,
});
const message = (to: string) => ({ from: "bantin@example.org", to, smtpUtf8: false });
const body = "Subject: hi\r\n\r\nhello\r\n";

afterEach(() => vi.restoreAllMocks());

describe("the SMTP client's reply deadline", () => {
  it("sends many messages over one connection with one timer, not one per reply", async () => {
    const connection = await SmtpConnection.open(options());
    const timers = vi.spyOn(globalThis, "setTimeout");
    const started = Date.now();
    for (let i = 0; i < 20; i++) expect((await connection.send(message(`r${i}@example.org`), body)).code).toBe(250);
    // 20 transactions, 80 replies: the watchdog only sleeps again each time a deadline's length passes.
    expect(timers.mock.calls.length).toBeLessThanOrEqual(1 + Math.ceil((Date.now() - started) / REPLY_TIMEOUT_MS));
    await connection.close();
  });

  it("waits for each reply its own time: a relay slow on every reply still delivers", async () => {
    const connection = await SmtpConnection.open(options());
    const started = Date.now();
    expect((await connection.send(message("slow@example.org"), body)).code).toBe(250);
    // Three replies of SLOW_REPLY_MS each: longer, in all, than one reply's deadline.
    expect(Date.now() - started).toBeGreaterThan(REPLY_TIMEOUT_MS);
    expect((await connection.send(message("after@example.org"), body)).code).toBe(250);
    await connection.close();
  });

  it("gives up on a relay silent after the message, as a timeout after the message was sent", async () => {
    const connection = await SmtpConnection.open(options());
    const started = Date.now();
    const error = await connection.send(message("silent@example.org"), body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpError);
    expect(error).toMatchObject({ stage: "message", network: "timeout", afterMessageSent: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(REPLY_TIMEOUT_MS);
    expect(Date.now() - started).toBeLessThan(REPLY_TIMEOUT_MS + 2_000);
    expect(connection.isOpen).toBe(false);
  });
});

describe("one write per message where the relay offers PIPELINING (RFC 2920)", () => {
  const template: MailTemplate = {
    from: { name: "bantin", email: "bantin@example.org" },
    replyTo: "bantin@example.org",
    subject: "Bản tin",
    html: "<p>Xin chào VALUE</p>",
    text: "Xin chào VALUE",
    headers: {},
    placeholder: "VALUE",
  };
  /** What each socket write carried, as text, read when it was written (a connection's buffers are used again). */
  const spyWrites = () => {
    const seen: string[] = [];
    const write = WritableStreamDefaultWriter.prototype.write;
    vi.spyOn(WritableStreamDefaultWriter.prototype, "write").mockImplementation(function (
      this: WritableStreamDefaultWriter,
      chunk?: unknown,
    ) {
      seen.push(new TextDecoder().decode(chunk as Uint8Array));
      return write.call(this, chunk);
    });
    return () => seen;
  };

  it("writes each message's content with the next message's commands: 7 writes for 4 messages, not 10", async () => {
    const writes = spyWrites();
    const relay = options();
    const mailer = new SmtpMailer(relay, "Asia/Ho_Chi_Minh", "localhost", 1);
    const to = ["a", "b", "c", "d"].map((n) => `${n}@example.org`);
    const outcomes = await Promise.all(to.map((t) => mailer.sendPersonal(template, t, `v-${t}`, {})));
    await mailer.close();
    expect(outcomes).toEqual(to.map(() => ({ ok: true })));
    const sent = writes();
    // EHLO; a's commands; a's content with b's commands, b's with c's, c's with d's; d's alone (no
    // send waiting); QUIT.
    expect(sent.map((w) => w.slice(0, 4))).toEqual(["EHLO", "MAIL", "From", "From", "From", "From", "QUIT"]);
    for (const [i, t] of to.slice(1).entries()) {
      const w = sent[2 + i] ?? "";
      expect(w).toContain(`v-${to[i]}`);
      expect(w).toMatch(
        new RegExp(`\\r\\n\\.\\r\\nMAIL FROM:<bantin@example\\.org>[^\\r]*\\r\\nRCPT TO:<${t}>\\r\\nDATA\\r\\n$`),
      );
    }
    expect(sent[5]).toContain("v-d@example.org");
    expect(sent[5]?.endsWith("\r\n.\r\n")).toBe(true);
  });

  it("after 100 messages says QUIT with the last content and goes on over a new connection", async () => {
    const writes = spyWrites();
    const mailer = new SmtpMailer(options(), "UTC", "localhost", 1);
    const to = Array.from({ length: 130 }, (_, i) => `r${i}@example.org`);
    const outcomes = await Promise.all(to.map((t) => mailer.sendPersonal(template, t, `v-${t}`, {})));
    await mailer.close();
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const sent = writes();
    expect(sent.filter((w) => w.startsWith("EHLO"))).toHaveLength(2);
    // The 100th message's content and QUIT went out in one write.
    const quitWithContent = sent.filter((w) => w.includes("v-r99@example.org"));
    expect(quitWithContent).toHaveLength(1);
    expect(quitWithContent[0]?.endsWith("\r\n.\r\nQUIT\r\n")).toBe(true);
  });

  it("builds each message in one of its connection's two buffers, and every message arrives as its recipient's own", async () => {
    const taken: ArrayBuffer[] = [];
    const bufferFor = SmtpConnection.prototype.bufferFor;
    vi.spyOn(SmtpConnection.prototype, "bufferFor").mockImplementation(function (this: SmtpConnection, bytes: number) {
      const buffer = bufferFor.call(this, bytes);
      taken.push(buffer);
      return buffer;
    });
    const mailer = new SmtpMailer(options(), "UTC", "localhost", 2);
    // The relay refuses an own-… message that carries any other recipient's value (fixtures/smtp-relay.ts).
    const to = Array.from({ length: 60 }, (_, i) => `own-${i}@example.org`);
    const outcomes = await Promise.all(to.map((t) => mailer.sendPersonal(template, t, `v-${t}`, {})));
    await mailer.close();
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(taken).toHaveLength(60);
    // Two buffers per connection, used again: not one per message.
    expect(new Set(taken).size).toBeLessThanOrEqual(4);
  });

  it("gives each message its own reply: a refused content ends only its transaction, the next one goes on", async () => {
    const mailer = new SmtpMailer(options(), "Asia/Ho_Chi_Minh", "localhost", 1);
    const to = ["a@example.org", "refused@example.org", "c@example.org"];
    const [a, refused, c] = await Promise.all(to.map((t) => mailer.sendPersonal(template, t, "v", {})));
    await mailer.close();
    expect(a).toEqual({ ok: true });
    expect(refused).toMatchObject({
      ok: false,
      failure: { stage: "message", reply: { code: 554, enhanced: "5.7.1" }, network: null, afterMessageSent: false },
    });
    expect(c).toEqual({ ok: true });
  });

  it("a relay silent after a content: that message may have arrived, the next one (commands only) surely did not", async () => {
    const connection = await SmtpConnection.open(options());
    const silent = await connection.begin(message("silent@example.org"), body);
    // The next message's commands go out with the silent one's content; their replies never come.
    const next = await connection.begin(message("next@example.org"), body).then(
      () => null,
      (e: unknown) => e,
    );
    const error = await silent.reply.catch((e: unknown) => e);
    expect(error).toMatchObject({ stage: "message", network: "timeout", afterMessageSent: true });
    expect(next).toBeInstanceOf(SmtpError);
    expect(next).toMatchObject({ stage: "mail", afterMessageSent: false });
    expect(connection.isOpen).toBe(false);
  });

  it("without PIPELINING, sends the next MAIL only after the last message's reply", async () => {
    const writes = spyWrites();
    // This relay answers each message late and refuses with a 503 a command sent before that answer.
    const mailer = new SmtpMailer({ ...options(), port: inject("smtpRelayNoPipeliningPort") }, "UTC", "localhost", 1);
    const to = ["a", "b", "c"].map((n) => `${n}@example.org`);
    const outcomes = await Promise.all(to.map((t) => mailer.sendPersonal(template, t, "v", {})));
    await mailer.close();
    expect(outcomes).toEqual(to.map(() => ({ ok: true })));
    // EHLO; MAIL, RCPT, DATA and the content of each message, each written alone; QUIT.
    expect(writes().map((w) => w.slice(0, 4))).toEqual([
      "EHLO",
      ...to.flatMap(() => ["MAIL", "RCPT", "DATA", "From"]),
      "QUIT",
    ]);
  });

  it("hands a connection on with the content held back on it, even to a question about SMTPUTF8", async () => {
    const mailer = new SmtpMailer(options(), "UTC", "localhost", 1);
    // The send's content waits for what is written next; the question writes nothing, so it must send it.
    const [sent, utf8] = await Promise.all([
      mailer.sendPersonal(template, "a@example.org", "v", {}),
      mailer.smtpUtf8(),
    ]);
    expect(sent).toEqual({ ok: true });
    expect(utf8).toBe(false);
    await mailer.close();
  }, 10_000);

  it("a relay that closes after a content: that message may have arrived, the next one surely did not", async () => {
    const mailer = new SmtpMailer(options(), "UTC", "localhost", 1);
    const [closed, next] = await Promise.all([
      mailer.sendPersonal(template, "closed@example.org", "v", {}),
      mailer.sendPersonal(template, "next@example.org", "v", {}),
    ]);
    expect(closed).toMatchObject({ ok: false, failure: { stage: "message", afterMessageSent: true } });
    expect(next).toMatchObject({ ok: false, failure: { stage: "mail", afterMessageSent: false } });
    // A new connection takes the next send.
    expect(await mailer.sendPersonal(template, "after@example.org", "v", {})).toEqual({ ok: true });
    await mailer.close();
  });

  it("a content held back and never written was not sent: closing says so", async () => {
    const connection = await SmtpConnection.open(options());
    const { reply } = await connection.begin(message("a@example.org"), body);
    await connection.close(false);
    expect(await reply.catch((e: unknown) => e)).toMatchObject({
      stage: "message",
      network: "closed",
      afterMessageSent: false,
    });
  });
});
