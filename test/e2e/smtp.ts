// A real SMTP server for end-to-end tests (npm smtp-server), keeping every message it accepts
// parsed by mailparser. `refuse` may answer an SMTP error for a recipient.
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./server.ts";

export interface TestSmtp {
  url: string;
  received: ParsedMail[];
  close: () => Promise<void>;
}

/** An SMTP error reply the server sends back, e.g. 451 or 550. */
export function smtpError(message: string, code: number): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Starts a plain SMTP server on 127.0.0.1 (no TLS, no AUTH offered), as a local relay would be. */
export async function startSmtp(refuse: (recipient: string) => Error | null = () => null): Promise<TestSmtp> {
  const port = await freePort();
  const received: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    onRcptTo(address, _session, callback) {
      callback(refuse(address.address) ?? undefined);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** Polls `probe` until it returns a value, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The first message `smtp` received for `to` that `match` accepts, once it has come. */
export function receivedFor(
  smtp: TestSmtp,
  to: string,
  match: (m: ParsedMail) => boolean = () => true,
): Promise<ParsedMail> {
  return waitFor(`an email to ${to}`, () =>
    smtp.received.find((m) => JSON.stringify(m.to ?? "").includes(to) && match(m)),
  );
}
