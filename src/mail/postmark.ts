// Postmark's HTTP API (postmarkapp.com/developer): one request carries many messages. The sends a
// queue batch makes at once are gathered into one call of /email/batch (at most 500 messages, each
// with its own result), so a window of recipients costs one subrequest and no SMTP dialogue: the
// transport for Workers Free, whose invocations get 10 ms of CPU. Failures are reported as facts.
import { escapeHtml } from "../text.ts";
import {
  failureReason,
  type Mailer,
  type MailTemplate,
  type OutgoingMail,
  type PostmarkFailure,
  type SendOutcome,
} from "./mailer.ts";

export interface PostmarkSettings {
  /** A server's API token (X-Postmark-Server-Token). */
  token: string;
  /** https://api.postmarkapp.com, or a stand-in's address. */
  apiUrl: string;
  /** The ID of the message stream of digests and posts' emails: a broadcast stream, Postmark's kind for newsletters. */
  stream: string;
}

export const POSTMARK_API_URL = "https://api.postmarkapp.com";
/** POSTMARK_STREAM when empty: a server's broadcast stream may have another ID (Postmark shows it under Message Streams). */
export const POSTMARK_STREAM = "broadcast";
/**
 * One-off messages (a confirmation, a sign-in link, a test copy) are transactional: they go on the
 * server's default transactional stream, whose ID is "outbound".
 */
export const POSTMARK_TRANSACTIONAL_STREAM = "outbound";
/** Postmark takes at most 500 messages in one batch call. */
export const POSTMARK_BATCH_MAX = 500;
/** A request with no answer after this long may still have been taken: its messages are never resent. */
const REQUEST_TIMEOUT_MS = 60_000;

/** Reads the Postmark settings, or says what is wrong with them. */
export function postmarkSettings(env: {
  POSTMARK_TOKEN?: string;
  POSTMARK_API_URL?: string;
  POSTMARK_STREAM?: string;
}): PostmarkSettings {
  const apiUrl = (env.POSTMARK_API_URL || POSTMARK_API_URL).replace(/\/+$/, "");
  let url: URL | null = null;
  try {
    url = new URL(apiUrl);
  } catch {
    // Said below.
  }
  if (url === null || (url.protocol !== "https:" && url.protocol !== "http:"))
    throw new Error(`POSTMARK_API_URL must be an http(s) address, got ${JSON.stringify(env.POSTMARK_API_URL)}.`);
  const stream = env.POSTMARK_STREAM || POSTMARK_STREAM;
  if (!/^[\w-]{1,64}$/.test(stream))
    throw new Error(
      `POSTMARK_STREAM must be a message stream's ID (letters, digits, - and _), got ${JSON.stringify(stream)}.`,
    );
  return { token: env.POSTMARK_TOKEN ?? "", apiUrl, stream };
}

/** A string's JSON form without its quotes. */
const jsonInner = (value: string) => JSON.stringify(value).slice(1, -1);

/** `Name <address>`, the name quoted (RFC 5322), as Postmark's From takes it. */
function fromField(from: OutgoingMail["from"]): string {
  return from.name ? `"${from.name.replace(/[\\"]/g, "\\$&")}" <${from.email}>` : from.email;
}

/** Postmark's Headers: a list of { Name, Value }, without the brackets. */
function headersJson(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([Name, Value]) => JSON.stringify({ Name, Value }))
    .join(",");
}

/** What every recipient's copy of a template shares, as JSON, made once per template. */
interface CompiledTemplate {
  head: string;
  html: string[];
  text: string[];
  headers: string;
}

function messageHead(mail: Omit<OutgoingMail, "to" | "html" | "text" | "headers">, stream: string): string {
  const fields = {
    From: fromField(mail.from),
    // No reply-to address: no ReplyTo field, rather than an empty one.
    ReplyTo: mail.replyTo || undefined,
    Subject: mail.subject,
    MessageStream: stream,
    // Nothing of Postmark's own in the message: no tracking pixel, no rewritten links.
    TrackOpens: false,
    TrackLinks: "None",
  };
  return JSON.stringify(fields).slice(0, -1);
}

interface Waiting {
  json: string;
  settle: (outcome: SendOutcome) => void;
}

export class PostmarkMailer implements Mailer {
  readonly name = "postmark";
  /**
   * The sends a queue batch makes at once are gathered into one request: let it start a whole
   * batch call's worth per "connection" (a request under way).
   */
  readonly sendsPerConnection = POSTMARK_BATCH_MAX;
  private readonly compiled = new WeakMap<MailTemplate, CompiledTemplate>();
  private waiting: Waiting[] = [];
  private flushing = false;
  private readonly underWay = new Set<Promise<void>>();

  constructor(private readonly settings: PostmarkSettings) {}

  send(mail: OutgoingMail): Promise<SendOutcome> {
    const head = messageHead(mail, POSTMARK_TRANSACTIONAL_STREAM);
    const body = `${head},"To":${JSON.stringify(mail.to)},"HtmlBody":${JSON.stringify(mail.html)},"TextBody":${JSON.stringify(mail.text)},"Headers":[${headersJson(mail.headers)}]}`;
    return this.enqueue(body);
  }

  sendPersonal(template: MailTemplate, to: string, value: string, headers: Record<string, string>) {
    let c = this.compiled.get(template);
    if (!c) {
      c = {
        head: messageHead(template, this.settings.stream),
        html: template.html.split(template.placeholder).map(jsonInner),
        text: template.text.split(template.placeholder).map(jsonInner),
        headers: headersJson(template.headers),
      };
      this.compiled.set(template, c);
    }
    const own = headersJson(headers);
    const all = c.headers && own ? `${c.headers},${own}` : c.headers || own;
    const body = `${c.head},"To":${JSON.stringify(to)},"HtmlBody":"${c.html.join(jsonInner(escapeHtml(value)))}","TextBody":"${c.text.join(jsonInner(value))}","Headers":[${all}]}`;
    return this.enqueue(body);
  }

  // Nothing read of Postmark's documentation says it takes UTF-8 local parts: such addresses are
  // refused at subscribe, as with Email Service.
  async smtpUtf8(): Promise<boolean> {
    return false;
  }

  /** Sends what is still gathered and waits for every request under way. */
  async close(): Promise<void> {
    this.flush();
    while (this.underWay.size > 0) await Promise.all(this.underWay);
  }

  /**
   * Gathers a message; the gathered ones go in one request once the sends started in the same turn
   * have all arrived (a timer of 0 runs after them), or at once when a batch call is full.
   */
  private enqueue(json: string): Promise<SendOutcome> {
    return new Promise((settle) => {
      this.waiting.push({ json, settle });
      if (this.waiting.length >= POSTMARK_BATCH_MAX) this.flush();
      else if (!this.flushing) {
        this.flushing = true;
        setTimeout(() => this.flush(), 0);
      }
    });
  }

  private flush() {
    this.flushing = false;
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, POSTMARK_BATCH_MAX);
      const request = this.post(group).finally(() => this.underWay.delete(request));
      this.underWay.add(request);
    }
  }

  private async post(group: Waiting[]): Promise<void> {
    const single = group.length === 1;
    const failAll = (failure: Omit<PostmarkFailure, "transport">) => {
      for (const w of group) w.settle({ ok: false, failure: { transport: "postmark", ...failure } });
    };
    let response: Response;
    try {
      // One message alone goes to /email: the same message, the answer without the array.
      response = await fetch(`${this.settings.apiUrl}${single ? "/email" : "/email/batch"}`, {
        method: "POST",
        headers: {
          Accept: "application/json",
          "Content-Type": "application/json",
          "X-Postmark-Server-Token": this.settings.token,
        },
        body: single ? group[0]?.json : `[${group.map((w) => w.json).join(",")}]`,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      // No answer: the request may have reached Postmark and been taken.
      const timeout = error instanceof Error && error.name === "TimeoutError";
      const said = timeout ? `no answer in ${REQUEST_TIMEOUT_MS / 1000} s` : failureReason(error);
      return failAll({ status: null, code: null, answered: false, reason: `Postmark: ${said}` });
    }
    let answer: unknown = null;
    try {
      answer = await response.json();
    } catch {
      // Read below as an answer without its results.
    }
    const results = single ? [answer] : answer;
    if (response.status === 200 && Array.isArray(results) && results.length === group.length) {
      for (const [i, w] of group.entries()) w.settle(resultOutcome(results[i]));
      return;
    }
    if (response.status === 200) {
      // Taken, but its results cannot be read: which messages went is unknown.
      return failAll({ status: 200, code: null, answered: false, reason: "Postmark: an answer without its results" });
    }
    const { code, message } = errorOf(answer);
    failAll({ status: response.status, code, answered: true, reason: `Postmark: HTTP ${response.status}: ${message}` });
  }
}

function errorOf(answer: unknown): { code: number | null; message: string } {
  const a = typeof answer === "object" && answer !== null ? (answer as { ErrorCode?: unknown; Message?: unknown }) : {};
  return {
    code: typeof a.ErrorCode === "number" ? a.ErrorCode : null,
    message: typeof a.Message === "string" ? a.Message.slice(0, 400) : "no message",
  };
}

/** One message's result in a batch's answer: ErrorCode 0 is sent. */
function resultOutcome(result: unknown): SendOutcome {
  const { code, message } = errorOf(result);
  const id = (result as { MessageID?: unknown } | null)?.MessageID;
  if (code === 0) return { ok: true, messageId: typeof id === "string" ? id : undefined };
  return {
    ok: false,
    // A result without its code says nothing of what became of the message.
    failure: {
      transport: "postmark",
      status: 200,
      code,
      answered: code !== null,
      reason: `Postmark: ${code}: ${message}`,
    },
  };
}
