// The next digest before it is sent: as the console previews it, and as a test copy to one address.
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { fillTemplate, type Mailer } from "../mail/mailer.ts";
import { digestTemplate, unsubscribeHeaders } from "../mail/messages.ts";
import { normaliseAddress } from "../subscribers/address.ts";
import { findByMailbox } from "../subscribers/repository.ts";
import { unsubscribeUrl } from "../subscribers/service.ts";
import type { DigestContent } from "./compose.ts";
import { composeFittingDigest } from "./fit.ts";
import { RECIPIENT_UNSUBSCRIBE_URL, type RenderedDigest } from "./render.ts";
import { readDigests } from "./repository.ts";

/** Marks the subject of a test copy. */
export const TEST_SUBJECT_PREFIX = "[Thử] ";

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
  | { kind: "sent"; to: string; subject: string }
  | { kind: "invalid"; message: string }
  | { kind: "nothing-new" }
  | { kind: "failed"; reason: string };

/**
 * Sends the next digest to one address as a test: "[Thử]" before the subject, no delivery row, not
 * counted anywhere. A subscriber gets their own unsubscribe link (so it can be tried); anyone else a
 * link to the digest archive.
 */
export async function sendTestDigest(deps: TestSendDeps, rawTo: string): Promise<TestSend> {
  const address = normaliseAddress(rawTo);
  if (!address.ok) return { kind: "invalid", message: address.message };
  const next = await nextDigest(deps.db, deps.config);
  if (!next) return { kind: "nothing-new" };
  const subscriber = await findByMailbox(deps.db, address.mailbox);
  const link = subscriber ? await unsubscribeUrl(deps, subscriber) : absoluteUrl(deps.config, "/digests");
  const template = digestTemplate(deps.config, next.email, RECIPIENT_UNSUBSCRIBE_URL);
  const subject = `${TEST_SUBJECT_PREFIX}${template.subject}`;
  const outcome = await deps.mailer.sendPersonal(
    { ...template, subject },
    address.email,
    link,
    unsubscribeHeaders(link),
  );
  return outcome.ok ? { kind: "sent", to: address.email, subject } : { kind: "failed", reason: outcome.failure.reason };
}
