// The next digest before it is sent: as the console previews it, and as a test copy to one address.
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { type Message, siteText } from "../i18n/index.ts";
import { fillTemplate, type Mailer, type SendOutcome } from "../mail/mailer.ts";
import { digestCopyMail, digestTemplate, unsubscribeHeaders } from "../mail/messages.ts";
import { normaliseAddress } from "../subscribers/address.ts";
import { findByMailbox } from "../subscribers/repository.ts";
import { unsubscribeUrl } from "../subscribers/service.ts";
import { type DigestContent, testCopySubject } from "./compose.ts";
import { composeFittingDigest } from "./fit.ts";
import { RECIPIENT_UNSUBSCRIBE_URL, type RenderedDigest, renderDigestTestCopy } from "./render.ts";
import { readDigests } from "./repository.ts";

/** The next digest as the cron or "send now" would compose it now (null when there are no new posts). */
export async function nextDigest(
  db: D1Database,
  config: SiteConfig,
): Promise<{ content: DigestContent; email: RenderedDigest } | null> {
  const { value } = await readDigests(db);
  return composeFittingDigest(value.next, value.uncovered, config);
}

/** The email as a subscriber will get it, with the unsubscribe link pointing at the site's unsubscribe page. */
export function previewCopy(email: RenderedDigest, config: SiteConfig): RenderedDigest {
  const template = digestTemplate(config, email, RECIPIENT_UNSUBSCRIBE_URL);
  return { ...email, ...fillTemplate(template, absoluteUrl(config, "/unsubscribe")) };
}

export interface TestSendDeps {
  db: D1Database;
  mailer: Mailer;
  config: SiteConfig;
  secret: string;
  nowMs: number;
}

export type TestSend =
  /** `subscriber`: a confirmed subscriber's copy, with their own unsubscribe link and headers. */
  | {
      kind: "sent";
      to: string;
      subject: string;
      subscriber: boolean;
      /** The digest the copy is of (the next one), and the subscriber it went to, if it went to one. */
      number: number;
      subscriberId: number | null;
    }
  | { kind: "invalid"; message: Message }
  | { kind: "nothing-new" }
  | { kind: "failed"; reason: string };

/**
 * Sends the next digest to one address as a test: "[Thử]" before the subject, no delivery row, not
 * counted anywhere. A confirmed subscriber gets the digest as they will get it, with their own
 * unsubscribe link and one-click headers (which work, so they can be tried). Anyone else (a
 * stranger, an address pending, unsubscribed or suppressed) gets a copy that says it is a test the
 * editor sent, with no unsubscribe link or header: there is no subscription of theirs to end.
 */
export async function sendTestDigest(deps: TestSendDeps, rawTo: string): Promise<TestSend> {
  const address = normaliseAddress(rawTo);
  if (!address.ok) return { kind: "invalid", message: address.message };
  const next = await nextDigest(deps.db, deps.config);
  if (!next) return { kind: "nothing-new" };
  const found = await findByMailbox(deps.db, address.mailbox);
  const subscriber = found?.status === "confirmed" ? found : null;
  const subject = testCopySubject(siteText(deps.config), next.email.subject);
  let outcome: SendOutcome;
  if (subscriber) {
    const link = await unsubscribeUrl(deps, subscriber);
    const template = digestTemplate(deps.config, next.email, RECIPIENT_UNSUBSCRIBE_URL);
    outcome = await deps.mailer.sendPersonal({ ...template, subject }, address.email, link, unsubscribeHeaders(link));
  } else {
    const copy = await renderDigestTestCopy(next.content, deps.config);
    outcome = await deps.mailer.send(digestCopyMail(deps.config, copy, address.email, subject));
  }
  return outcome.ok
    ? {
        kind: "sent",
        to: address.email,
        subject,
        subscriber: subscriber !== null,
        number: next.content.number,
        subscriberId: subscriber?.id ?? null,
      }
    : { kind: "failed", reason: outcome.failure.reason };
}
