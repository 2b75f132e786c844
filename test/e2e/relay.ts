// A mail relay whose faults the test chooses: a real SMTP server (npm smtp-server, every accepted
// message kept raw and parsed by mailparser) behind a small proxy that can answer any command
// itself (a refusal at the greeting, EHLO, AUTH, MAIL FROM, RCPT TO or DATA), answer late, or cut
// the connection in the middle of the message. Refusals after the message (after DATA) come from
// the SMTP server itself. Listens on 127.0.0.1 only.
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./server.ts";

/**
 * Where a fault strikes: before a command reaches the server ("greeting" … "data"), while the message
 * is being transferred ("transfer": a drop cuts it in half), or as the server's answer after the
 * message ("message").
 */
export type Stage = "greeting" | "ehlo" | "auth" | "mail" | "rcpt" | "data" | "transfer" | "message";

export interface FaultContext {
  stage: Stage;
  /** The client's connection, numbered from 1 in the order they came. */
  connection: number;
  /** The recipient of the current transaction, from RCPT TO on. */
  recipient: string | null;
  /** How many times this recipient was named in RCPT TO, this attempt included (0 before RCPT). */
  attempt: number;
}

/** A reply line to answer instead of the server ("550 5.1.1 User unknown"), a late answer, or a cut connection. */
export type Fault = { reply: string } | { delayMs: number } | { drop: true } | null;

export interface Received {
  raw: Buffer;
  mail: ParsedMail;
  to: string;
}

export interface FaultyRelay {
  /** smtp://bantin:secret@127.0.0.1:port (the server offers AUTH PLAIN without TLS, on loopback only). */
  url: string;
  received: Received[];
  /** RCPT TO attempts per recipient. */
  attempts: Map<string, number>;
  setFault(fault: (ctx: FaultContext) => Fault): void;
  close(): Promise<void>;
}

const STAGES: Record<string, Stage> = {
  EHLO: "ehlo",
  HELO: "ehlo",
  AUTH: "auth",
  MAIL: "mail",
  RCPT: "rcpt",
  DATA: "data",
};

const recipientOf = (line: string) => /^RCPT TO:\s*<([^>]*)>/i.exec(line)?.[1]?.toLowerCase() ?? null;

export async function startFaultyRelay(): Promise<FaultyRelay> {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  let fault: (ctx: FaultContext) => Fault = () => null;

  const smtp = new SMTPServer({
    // The proxy answers some commands itself, so replies stay in order only if the client waits for
    // each one: no PIPELINING here (it is tested against smtp-server without the proxy).
    hidePIPELINING: true,
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, callback) {
      if (auth.username === "bantin" && auth.password === "secret") callback(null, { user: "bantin" });
      else callback(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo[0]?.address.toLowerCase() ?? "";
        const f = fault({ stage: "message", connection: 0, recipient: to, attempt: attempts.get(to) ?? 0 });
        const answer = async () => {
          if (f && "delayMs" in f) await new Promise((r) => setTimeout(r, f.delayMs));
          if (f && "reply" in f) {
            const [, code = "550", text = ""] = /^(\d{3}) (.*)$/.exec(f.reply) ?? [];
            return callback(Object.assign(new Error(text), { responseCode: Number(code) }));
          }
          const raw = Buffer.concat(chunks);
          received.push({ raw, mail: await simpleParser(raw), to });
          callback();
        };
        answer().catch(callback);
      });
    },
  });
  // A connection the proxy cuts (a fault, or npm start killed mid-send) resets the server's side:
  // smtp-server reports it as an "error" event, which unheard would end the test run.
  smtp.on("error", () => {});
  const smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));

  const sockets = new Set<Socket>();
  let connections = 0;
  const proxy: Server = createServer((client) => {
    const connection = ++connections;
    sockets.add(client);
    const upstream = tcpConnect(smtpPort, "127.0.0.1");
    sockets.add(upstream);
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", kill);
    upstream.on("error", kill);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.end());

    let recipient: string | null = null;
    let inData = false;
    let transferChecked = false;
    /** This transaction's MAIL or RCPT was refused by the proxy, so the server will refuse its DATA. */
    let refusedHere = false;
    let pending = "";
    let work = Promise.resolve();
    const ctx = (stage: Stage): FaultContext => ({
      stage,
      connection,
      recipient,
      attempt: recipient ? (attempts.get(recipient) ?? 0) : 0,
    });

    // The greeting: the server's, unless the fault answers instead.
    const greet = fault(ctx("greeting"));
    if (greet && "reply" in greet) {
      upstream.destroy();
      client.end(`${greet.reply}\r\n`);
      return;
    }
    if (greet && "drop" in greet) return kill();
    upstream.pause();
    setTimeout(() => upstream.resume(), greet && "delayMs" in greet ? greet.delayMs : 0);
    upstream.pipe(client);

    /** Handles one command line (latin1: bytes as they came). */
    const command = async (raw: string) => {
      const line = Buffer.from(raw, "latin1").toString("utf8");
      const verb = line.slice(0, 4).toUpperCase();
      const stage = STAGES[verb] ?? null;
      if (verb === "MAIL" || verb === "RSET") {
        recipient = null;
        refusedHere = false;
      }
      if (stage === "rcpt") {
        recipient = recipientOf(line);
        if (recipient) attempts.set(recipient, (attempts.get(recipient) ?? 0) + 1);
      }
      const f = stage ? fault(ctx(stage)) : null;
      if (f && "drop" in f) return kill();
      if (f && "delayMs" in f) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f && "reply" in f) {
        client.write(`${f.reply}\r\n`);
        // The server never saw this command: with pipelining, it refuses the DATA that follows.
        if (stage === "mail" || stage === "rcpt") refusedHere = true;
        return;
      }
      upstream.write(`${raw}\r\n`, "latin1");
      if (stage === "data" && !refusedHere) {
        inData = true;
        transferChecked = false;
      }
    };

    /** Forwards message bytes; false when the fault cut the connection. */
    const forward = (bytes: string): boolean => {
      if (!transferChecked) {
        transferChecked = true;
        const f = fault(ctx("transfer"));
        if (f && "drop" in f) {
          upstream.write(bytes.slice(0, Math.floor(bytes.length / 2)), "latin1");
          kill();
          return false;
        }
      }
      upstream.write(bytes, "latin1");
      return true;
    };

    client.setEncoding("latin1");
    client.on("data", (data: string) => {
      work = work.then(async () => {
        pending += data;
        while (!client.destroyed) {
          if (inData) {
            const end = pending.indexOf("\r\n.\r\n");
            if (end === -1) {
              // Keep the last bytes: the terminator may span two chunks.
              if (pending.length > 4 && forward(pending.slice(0, -4))) pending = pending.slice(-4);
              return;
            }
            if (!forward(pending.slice(0, end + 5))) return;
            pending = pending.slice(end + 5);
            inData = false;
            continue;
          }
          const nl = pending.indexOf("\r\n");
          if (nl === -1) return;
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 2);
          await command(line);
        }
      });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));

  return {
    url: `smtp://bantin:secret@127.0.0.1:${port}`,
    received,
    attempts,
    setFault(f) {
      fault = f;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
