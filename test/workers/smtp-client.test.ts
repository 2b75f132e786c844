// The SMTP client against a scripted relay (test/fixtures/smtp-relay.ts) over a real socket: a reply
// deadline per reply, watched by one timer per connection, not one per reply.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
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
