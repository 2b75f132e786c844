// The reader's path through npm start's own inbox (MailDev): subscribe, confirm, receive digest 1.
import { simpleParser } from "mailparser";
import type { LocalServer, SharedServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

interface InboxMessage {
  id: string;
  subject: string;
  to: { address: string }[];
}

export function postForm(url: string, body: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
}

/** The URL of the first link to `/path?token=…` in an email's HTML. */
export function tokenLink(html: string, path: "confirm" | "unsubscribe"): string {
  const found = new RegExp(`href="(http[^"]+/${path}\\?token=[^"]+)"`).exec(html)?.[1];
  if (!found) throw new Error(`no /${path} link in the email`);
  return found.replace(/&amp;/g, "&");
}

/** The HTML part exactly as delivered to `to`: the raw message from the inbox, parsed with mailparser. */
async function delivered(
  server: { inboxUrl: string | null },
  to: string,
  match: (subject: string) => boolean,
): Promise<string> {
  const inbox = server.inboxUrl;
  if (!inbox) throw new Error("npm start runs no inbox when SMTP_URL is set");
  const message = await waitFor("the email", async () => {
    const list = (await (await fetch(`${inbox}/api/email`)).json()) as InboxMessage[];
    return list.find((m) => m.to.some((t) => t.address === to) && match(m.subject));
  });
  const source = await (await fetch(`${inbox}/api/email/${message.id}/source`)).text();
  const html = (await simpleParser(source)).html;
  if (!html) throw new Error(`no HTML part in "${message.subject}"`);
  return html;
}

const isConfirmation = (subject: string) => subject.startsWith("Xác nhận");
const isDigestOne = (subject: string) => subject.includes("số 1");

/** Subscribes and confirms `email`, starts digest 1, and returns both emails' HTML as delivered. */
export async function receiveDigestOne(
  server: LocalServer,
  email: string,
): Promise<{ confirmation: string; digest: string }> {
  const subscribed = await postForm(`${server.url}/subscribe`, { email });
  if (subscribed.status !== 200) throw new Error(`POST /subscribe: ${subscribed.status}`);
  const confirmation = await delivered(server, email, isConfirmation);
  const token = new URL(tokenLink(confirmation, "confirm")).searchParams.get("token") ?? "";
  const confirmed = await postForm(`${server.url}/confirm`, { token });
  if (confirmed.status !== 200) throw new Error(`POST /confirm: ${confirmed.status}`);
  const started = await fetch(`${server.url}/admin/digests`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}` },
  });
  if (started.status !== 201) throw new Error(`POST /admin/digests: ${started.status} ${await started.text()}`);
  const digest = await delivered(server, email, isDigestOne);
  return { confirmation, digest };
}

/** Both emails the shared server's reader received (server.ts), as delivered. */
export async function readerEmails(server: SharedServer): Promise<{ confirmation: string; digest: string }> {
  return {
    confirmation: await delivered(server, server.reader, isConfirmation),
    digest: await delivered(server, server.reader, isDigestOne),
  };
}
