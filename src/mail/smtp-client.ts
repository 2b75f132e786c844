// An SMTP client (RFC 5321) over cloudflare:sockets that reports every failure as facts: the
// stage of the dialogue, the reply code and the enhanced status code (RFC 3463), or the network
// event. Delivery decides from those facts, never from digits found in a message text.
// One connection carries many messages (RSET between failures), so a queue batch pays for one
// greeting, EHLO, STARTTLS and AUTH.
import { connect } from "cloudflare:sockets";
import { toBase64 } from "../hash.ts";
import { countSocket } from "../ledger/ledger.ts";

export type SmtpStage =
  | "connect"
  | "greeting"
  | "ehlo"
  | "starttls"
  | "auth"
  | "mail"
  | "rcpt"
  | "data"
  | "message"
  | "rset";

export interface SmtpReply {
  code: number;
  /** "5.1.1", when the server put one at the start of its text. */
  enhanced: string | null;
  text: string;
}

export class SmtpError extends Error {
  readonly stage: SmtpStage;
  readonly reply: SmtpReply | null;
  /** A network event instead of a reply: the connection failed, closed, or a reply timed out. */
  readonly network: "failed" | "closed" | "timeout" | null;
  /** True when the whole message was written and no final reply arrived: it may have been accepted. */
  readonly afterMessageSent: boolean;
  /** What happened, for people (the reply text, or the network event). */
  readonly detail: string;

  constructor(
    stage: SmtpStage,
    facts: { reply?: SmtpReply; network?: "failed" | "closed" | "timeout"; afterMessageSent?: boolean; text?: string },
  ) {
    const reply = facts.reply ?? null;
    const detail = reply
      ? `${reply.code}${reply.enhanced ? ` ${reply.enhanced}` : ""} ${reply.text}`.trim()
      : `${facts.network ?? "failed"}${facts.text ? `: ${facts.text}` : ""}`;
    super(`SMTP ${stage}: ${detail}`);
    this.name = "SmtpError";
    this.stage = stage;
    this.reply = reply;
    this.network = facts.network ?? null;
    this.afterMessageSent = facts.afterMessageSent ?? false;
    this.detail = detail;
  }

  /** The same network failure, named after the stage it happened in. */
  at(stage: SmtpStage, afterMessageSent = this.afterMessageSent): SmtpError {
    if (this.reply || (stage === this.stage && afterMessageSent === this.afterMessageSent)) return this;
    return new SmtpError(stage, { network: this.network ?? "failed", afterMessageSent, text: this.rawText });
  }

  private get rawText(): string {
    return this.detail.replace(/^(failed|closed|timeout): /, "");
  }
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/i;

/** The reply code, enhanced status code and text of a complete (possibly multi-line) reply. */
export function parseReply(lines: string[]): SmtpReply {
  const first = lines[0] ?? "";
  const code = Number(first.slice(0, 3));
  const texts = lines.map((l) => l.slice(4));
  // RFC 3463 / RFC 2034: the enhanced code opens the text, and its class is the reply's first digit.
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/.exec(texts[0] ?? "");
  const enhanced = m && m[1] === String(first[0]) ? `${m[1]}.${m[2]}.${m[3]}` : null;
  const text = texts
    .map((t) => (enhanced && t.startsWith(enhanced) ? t.slice(enhanced.length) : t).trim())
    .filter((t) => t !== "")
    .join(" ");
  return { code, enhanced, text: text.slice(0, 400) };
}

export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS (smtps, port 465). */
  secure: boolean;
  username?: string;
  password?: string;
  /** Name given in EHLO. */
  clientName: string;
  connectTimeoutMs: number;
  replyTimeoutMs: number;
}

export interface Envelope {
  from: string;
  to: string;
  /** The message or its envelope has UTF-8 addresses (RFC 6531). */
  smtpUtf8: boolean;
}

const encoder = new TextEncoder();

/**
 * One SMTP session. One message at a time: begin() the next once the last one's begin() has
 * resolved (its reply may still be on its way).
 */
export class SmtpConnection {
  private socket: Socket;
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private decoder = new TextDecoder();
  private buffer = "";
  private extensions = new Map<string, string>();
  private closed = false;
  /** QUIT is on its way: no further message. */
  private quitting = false;
  private upgraded = false;
  /** A message's content held back by begin() to go out with the next write. */
  private held: { bytes: Uint8Array; written: boolean } | null = null;
  /** Two buffers for messages' bytes, taken in turn (bufferFor). */
  private readonly spare: (ArrayBuffer | undefined)[] = [undefined, undefined];
  private turn = 0;
  /** The last reply read under way, or ended: the next read waits for it (see inTurn). */
  private reads: Promise<void> = Promise.resolve();
  /**
   * The reply awaited must arrive by this time (Date.now(); 0: nothing awaited). One timer per
   * connection watches it (see watch()): a reply costs an assignment, not a timer of its own.
   */
  private deadlineMs = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** Set when the watchdog found a reply late and closed the connection. */
  private timedOut = false;

  private constructor(
    socket: Socket,
    private readonly options: SmtpOptions,
  ) {
    this.socket = socket;
    this.reader = socket.readable.getReader();
    this.writer = socket.writable.getWriter();
  }

  /** Connects, reads the greeting, says EHLO, upgrades to TLS when offered, and authenticates. */
  static async open(options: SmtpOptions): Promise<SmtpConnection> {
    let socket: Socket;
    countSocket();
    try {
      socket = connect(
        { hostname: options.host, port: options.port },
        { secureTransport: options.secure ? "on" : "starttls", allowHalfOpen: false },
      );
    } catch (error) {
      throw new SmtpError("connect", { network: "failed", text: String(error) });
    }
    const conn = new SmtpConnection(socket, options);
    try {
      await conn.withTimeout(socket.opened, options.connectTimeoutMs, "connect");
      await conn.expect("greeting", 2);
      await conn.ehlo();
      if (!options.secure && conn.extensions.has("STARTTLS")) {
        await conn.command("STARTTLS", "starttls", 2);
        conn.upgrade();
        await conn.ehlo();
      }
      if (options.username !== undefined && options.password !== undefined) {
        if (!options.secure && !conn.upgraded && !LOOPBACK.test(options.host)) {
          throw new SmtpError("starttls", {
            network: "failed",
            text: "the relay offers no TLS (no STARTTLS): the password is not sent in clear; use smtps:// or a relay with STARTTLS",
          });
        }
        await conn.auth();
      }
      return conn;
    } catch (error) {
      await conn.close(false);
      throw error instanceof SmtpError ? error : new SmtpError("connect", { network: "failed", text: String(error) });
    }
  }

  /** True when the server announced an extension in its EHLO reply. */
  supports(extension: string): boolean {
    return this.extensions.has(extension.toUpperCase());
  }

  get isOpen(): boolean {
    return !this.closed && !this.quitting;
  }

  /**
   * A buffer of at least `bytes` for the next message's bytes on this connection (mime.ts
   * wireBytesFor): two, taken in turn, instead of a new one per message (26 KB for a digest's,
   * hundreds a second: the largest of V8's full collections in the bench's Free runs went from 40
   * to 65 ms to 16 to 35 ms without them, and the native writes got cheaper). A buffer
   * is taken again only two messages later, once the write that carried its message has finished:
   * a message's content goes out with the next message's commands, a write begin() awaits before
   * that next message is done beginning, or alone (flush), a write queued ahead of the next one's
   * commands; workerd resolves a write once its socket has taken the bytes. Messages begin one at a
   * time on a connection (see the class), each taking one buffer.
   */
  bufferFor(bytes: number): ArrayBuffer {
    const i = this.turn;
    this.turn = 1 - i;
    const kept = this.spare[i];
    if (kept && kept.byteLength >= bytes) return kept;
    // Room to grow: the next recipient's own parts may be a little longer.
    const fresh = new ArrayBuffer(bytes + (bytes >> 4));
    this.spare[i] = fresh;
    return fresh;
  }

  /**
   * Sends one message: its text, or its DATA bytes already dot-stuffed and ending with the
   * terminating line (mime.ts wireBytesFor). On a refusal the session stays usable; on a network
   * failure it is closed. Throws SmtpError.
   */
  async send(envelope: Envelope, message: string | Uint8Array): Promise<SmtpReply> {
    const { reply } = await this.begin(envelope, message);
    // A failed write closes the connection: the reply says what became of the message.
    await this.flush().catch(() => undefined);
    return reply;
  }

  /**
   * Starts one message: MAIL, RCPT and DATA, then its content. Where the relay offers PIPELINING
   * the content is held back to go out in one write with whatever is written next: the next
   * message's MAIL, RCPT and DATA (RFC 2920 §3.1: "The actual transfer of message content is
   * explicitly allowed to be the first 'command' in a group"), QUIT, or flush(). Resolves once the
   * connection can take the next message, with the message's final reply to come; a write that
   * never comes leaves that reply waiting (flush() or close() sends it). Throws SmtpError when the
   * envelope is refused (the session is reset and stays usable) or the connection fails (closed).
   * Content given as bytes is the caller's to give whole: what follows it may be written into the
   * room its buffer has after it.
   */
  async begin(envelope: Envelope, message: string | Uint8Array): Promise<{ reply: Promise<SmtpReply> }> {
    if (!this.isOpen) throw new SmtpError("mail", { network: "closed", text: "the connection was already closed" });
    let bytes: Uint8Array;
    try {
      const utf8 = envelope.smtpUtf8 ? " SMTPUTF8" : "";
      const body = this.supports("8BITMIME") ? " BODY=8BITMIME" : "";
      const mail = `MAIL FROM:<${envelope.from}>${body}${utf8}`;
      const rcpt = `RCPT TO:<${envelope.to}>`;
      if (this.supports("PIPELINING")) await this.pipelined(mail, rcpt);
      else {
        await this.command(mail, "mail", 2);
        await this.command(rcpt, "rcpt", 2);
        await this.command("DATA", "data", 3);
      }
      if (typeof message === "string") {
        // Dot-stuffing (RFC 5321 §4.5.2), then the terminating line.
        const stuffed = message.replace(/(^|\r\n)\./g, "$1..");
        bytes = encoder.encode(`${stuffed}${stuffed.endsWith("\r\n") ? "" : "\r\n"}.\r\n`);
      } else bytes = message;
    } catch (error) {
      if (error instanceof SmtpError && error.reply && !this.closed) {
        // A refused envelope: the session is still good after RSET.
        try {
          await this.command("RSET", "rset", 2);
        } catch {
          await this.close(false);
        }
      } else {
        await this.close(false);
      }
      throw error;
    }
    const content = { bytes, written: false };
    this.held = content;
    const reply = this.expectReply("message").then(
      ({ reply }) => {
        // A refused message ends its transaction (RFC 5321 §4.1.1.4): no RSET, the next one may be under way.
        if (Math.floor(reply.code / 100) !== 2) throw new SmtpError("message", { reply });
        return reply;
      },
      async (error: unknown) => {
        await this.close(false);
        // Held back and never written: certainly not delivered. Written, even in part: it may have been.
        throw error instanceof SmtpError
          ? error.at("message", content.written)
          : new SmtpError("message", { network: "failed", afterMessageSent: content.written, text: String(error) });
      },
    );
    // Read by the caller; a failure before it looks is not an unhandled rejection.
    reply.catch(() => undefined);
    // Without PIPELINING nothing may follow the content before its reply: the connection is free
    // for the next message only once the reply came.
    if (!this.supports("PIPELINING")) {
      await this.flush().catch(() => undefined);
      await reply.catch(() => undefined);
    }
    return { reply };
  }

  /** Writes the content held back by begin(), if any, on its own. */
  async flush(): Promise<void> {
    if (this.held) await this.write(new Uint8Array(0), "message");
  }

  /**
   * MAIL, RCPT and DATA in one write (RFC 2920), their three replies read in order; the first that
   * refuses is the failure. A DATA accepted after a refused recipient gets an empty message, so the
   * session stays in step.
   */
  private async pipelined(mail: string, rcpt: string): Promise<void> {
    await this.write(`${mail}\r\n${rcpt}\r\nDATA\r\n`, "mail");
    const replies: [SmtpStage, SmtpReply][] = [];
    for (const stage of ["mail", "rcpt", "data"] as const) replies.push([stage, (await this.expectReply(stage)).reply]);
    const dataAccepted = Math.floor((replies[2]?.[1].code ?? 0) / 100) === 3;
    for (const [stage, reply] of replies) {
      const expected = stage === "data" ? 3 : 2;
      if (Math.floor(reply.code / 100) === expected) continue;
      if (dataAccepted) {
        await this.write(".\r\n", "data");
        await this.expectReply("data");
      }
      throw new SmtpError(stage, { reply });
    }
  }

  /** QUIT (when `polite`, after the replies to what came before it) and close the socket; never throws. */
  async close(polite = true): Promise<void> {
    if (this.closed || (polite && this.quitting)) return;
    if (polite) {
      this.quitting = true;
      try {
        // One write with any content held back; its reply (on its own deadline) comes before QUIT's.
        await this.write("QUIT\r\n", "rset");
        await this.reads;
        await this.withTimeout(
          this.inTurn(() => this.readReply("rset")),
          2_000,
          "rset",
        );
      } catch {
        // The server may close first; nothing to do.
      }
      if (this.closed) return;
    }
    this.closed = true;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    try {
      this.reader.releaseLock();
      this.writer.releaseLock();
    } catch {
      // Already released.
    }
    await this.socket.close().catch(() => undefined);
  }

  private async ehlo(): Promise<void> {
    await this.write(`EHLO ${this.options.clientName}\r\n`, "ehlo");
    const reply = await this.expectReply("ehlo");
    if (reply.reply.code !== 250) {
      // RFC 5321 §3.2: fall back to HELO when EHLO is not understood.
      await this.command(`HELO ${this.options.clientName}`, "ehlo", 2);
      this.extensions.clear();
      return;
    }
    this.extensions.clear();
    for (const line of reply.lines.slice(1)) {
      const [keyword = "", ...params] = line.slice(4).trim().split(/\s+/);
      this.extensions.set(keyword.toUpperCase(), params.join(" "));
    }
  }

  private async auth(): Promise<void> {
    const mechanisms = (this.extensions.get("AUTH") ?? "").toUpperCase().split(/\s+/);
    const user = this.options.username ?? "";
    const pass = this.options.password ?? "";
    const b64 = (s: string) => toBase64(encoder.encode(s));
    if (mechanisms.includes("PLAIN")) {
      await this.command(`AUTH PLAIN ${b64(`\u0000${user}\u0000${pass}`)}`, "auth", 2);
    } else if (mechanisms.includes("LOGIN")) {
      await this.command("AUTH LOGIN", "auth", 3);
      await this.command(b64(user), "auth", 3);
      await this.command(b64(pass), "auth", 2);
    } else {
      throw new SmtpError("auth", {
        network: "failed",
        text: `the server offers no AUTH PLAIN or LOGIN (it offers: ${mechanisms.join(" ") || "none"})`,
      });
    }
  }

  private upgrade(): void {
    this.reader.releaseLock();
    this.writer.releaseLock();
    this.socket = this.socket.startTls({ expectedServerHostname: this.options.host });
    this.reader = this.socket.readable.getReader();
    this.writer = this.socket.writable.getWriter();
    this.buffer = "";
    this.upgraded = true;
  }

  private async command(line: string, stage: SmtpStage, expectedClass: number): Promise<SmtpReply> {
    await this.write(`${line}\r\n`, stage);
    return this.expect(stage, expectedClass);
  }

  private async expect(stage: SmtpStage, expectedClass: number): Promise<SmtpReply> {
    const { reply } = await this.expectReply(stage);
    if (Math.floor(reply.code / 100) !== expectedClass) throw new SmtpError(stage, { reply });
    return reply;
  }

  /** Replies come in the order of their commands: each read starts once the one before has ended. */
  private inTurn<T>(read: () => Promise<T>): Promise<T> {
    const result = this.reads.then(read);
    this.reads = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private expectReply(stage: SmtpStage): Promise<{ reply: SmtpReply; lines: string[] }> {
    return this.inTurn(() => this.readOneReply(stage));
  }

  private async readOneReply(stage: SmtpStage): Promise<{ reply: SmtpReply; lines: string[] }> {
    const ms = this.options.replyTimeoutMs;
    this.watch(ms);
    let lines: string[];
    try {
      lines = await this.readReply(stage);
    } catch (error) {
      if (!this.timedOut) throw error;
      throw new SmtpError(stage, { network: "timeout", text: `no answer in ${ms} ms` });
    } finally {
      this.deadlineMs = 0;
    }
    const reply = parseReply(lines);
    if (!Number.isInteger(reply.code) || reply.code < 200 || reply.code > 599) {
      throw new SmtpError(stage, { network: "failed", text: `not an SMTP reply: ${(lines[0] ?? "").slice(0, 80)}` });
    }
    return { reply, lines };
  }

  /** Reads one complete reply: lines "ddd-text" until "ddd text". */
  private async readReply(stage: SmtpStage): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      let newline = this.buffer.indexOf("\n");
      while (newline === -1) {
        if (this.closed) throw new SmtpError(stage, { network: "closed", text: "the connection was closed" });
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await this.reader.read();
        } catch (error) {
          throw new SmtpError(stage, { network: "closed", text: String(error) });
        }
        const { value, done } = chunk;
        if (done) throw new SmtpError(stage, { network: "closed", text: "the server closed the connection" });
        this.buffer += this.decoder.decode(value, { stream: true });
        if (this.buffer.length > 64 * 1024) throw new SmtpError(stage, { network: "failed", text: "reply too long" });
        newline = this.buffer.indexOf("\n");
      }
      const line = this.buffer.slice(0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.slice(newline + 1);
      lines.push(line);
      if (line.charAt(3) !== "-") return lines;
    }
  }

  /** Writes `text` after any content held back, in one write; a failed write closes the connection. */
  private async write(text: string | Uint8Array, stage: SmtpStage): Promise<void> {
    const held = this.held;
    let bytes = typeof text === "string" ? encoder.encode(text) : text;
    if (held) {
      this.held = null;
      held.written = true;
      const content = held.bytes;
      const end = content.byteOffset + content.length;
      if (bytes.length === 0) bytes = content;
      else if (content.buffer.byteLength - end >= bytes.length) {
        // Room after the content in its buffer (mime.ts leaves some): what follows goes there, nothing copied.
        new Uint8Array(content.buffer, end, bytes.length).set(bytes);
        bytes = new Uint8Array(content.buffer, content.byteOffset, content.length + bytes.length);
      } else {
        const both = new Uint8Array(content.length + bytes.length);
        both.set(content);
        both.set(bytes, content.length);
        bytes = both;
      }
    }
    try {
      await this.writer.write(bytes);
    } catch (error) {
      await this.close(false);
      throw new SmtpError(stage, { network: "closed", text: String(error) });
    }
  }

  /**
   * Sets the deadline of the reply awaited next, and makes sure the connection's one timer runs: when
   * it fires before the deadline (set later by a later reply), it sleeps again for the time left;
   * past it, it closes the connection, which ends the read under way (its answer could no longer be
   * trusted). Date.now() moves with I/O in workerd, which is all a deadline needs here.
   */
  private watch(ms: number): void {
    this.deadlineMs = Date.now() + ms;
    if (this.watchdog !== undefined) return;
    const check = () => {
      this.watchdog = undefined;
      if (this.deadlineMs === 0 || this.closed) return;
      const left = this.deadlineMs - Date.now();
      if (left > 0) this.watchdog = setTimeout(check, left);
      else {
        this.timedOut = true;
        void this.close(false);
      }
    };
    this.watchdog = setTimeout(check, ms);
  }

  /** Races a step against a deadline; a late step closes the connection (its answer can no longer be trusted). */
  private async withTimeout<T>(step: Promise<T>, ms: number, stage: SmtpStage): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SmtpError(stage, { network: "timeout", text: `no answer in ${ms} ms` })), ms);
    });
    try {
      return await Promise.race([step, deadline]);
    } catch (error) {
      if (error instanceof SmtpError && error.network === "timeout") await this.close(false);
      throw error instanceof SmtpError
        ? error.at(stage)
        : new SmtpError(stage, { network: "failed", text: String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
