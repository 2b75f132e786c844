/** @jsxImportSource react */
import { Link, Text } from "@react-email/components";
import { resolveLanguage, type Translator } from "../src/i18n/index.ts";
import { translatorFor } from "../src/i18n/translator.ts";
import type { Frequency } from "../src/subscribers/choices.ts";
import { EmailLayout } from "./_components/Layout.tsx";
import { ActionButton, MessageTitle } from "./_components/Message.tsx";
import { heading, link, plainText } from "./_components/plain-text.ts";
import { cls, colors } from "./_components/theme.ts";

export interface ConfirmSubscriptionProps {
  /** The site's words (its tag is the email's `lang`). */
  t: Translator;
  publication: string;
  /** The page with the confirm button (GET shows it; only its POST confirms). */
  confirmUrl: string;
  /** How many days the link works. */
  validForDays: number;
  contact: string;
  /**
   * A confirmed reader's request to add to what they receive (from another tag's form, say), rather
   * than a new subscription.
   */
  change?: boolean;
  /** What the reader gets once they confirm: the names of the tags chosen, or everything. */
  topics?: readonly string[] | "all";
  frequency?: Frequency;
  /** The reader's preference page (their unsubscribe link). */
  preferencesUrl?: string;
}

/** The words of one confirmation email, shared by its HTML and its text. */
function words(p: ConfirmSubscriptionProps) {
  const { t, publication } = p;
  const topics = p.topics ?? "all";
  return {
    subject: p.change
      ? t.t("reader-choice.email.changeSubject", { publication })
      : t.t("email.confirm.subject", { publication }),
    preheader: p.change ? t.t("reader-choice.email.changePreheader") : t.t("email.confirm.preheader"),
    intro: p.change
      ? t.t("reader-choice.email.changeIntro", { publication })
      : t.t("email.confirm.intro", { publication }),
    chosen: t.t(p.change ? "reader-choice.email.willReceive" : "reader-choice.email.chosen"),
    topics: t.t("reader-choice.summary.topics", {
      topics: topics === "all" ? t.t("reader-choice.topics.all") : t.list(topics),
    }),
    frequency: t.t("reader-choice.summary.frequency", {
      frequency: t.t(
        p.frequency === "each-post" ? "reader-choice.frequency.eachPost" : "reader-choice.frequency.weekly",
      ),
    }),
    button: p.change ? t.t("reader-choice.email.changeButton") : t.t("email.confirm.button"),
    expiry: p.change
      ? t.t("reader-choice.email.changeExpiry", { days: p.validForDays })
      : t.t("email.confirm.expiry", { days: p.validForDays }),
    preferences: t.t("reader-choice.preferences.link"),
  };
}

/**
 * The double opt-in email: what was chosen, one button, and what to do if you did not ask for it.
 * Also the email that confirms a confirmed reader's request to add to what they receive.
 */
export function ConfirmSubscription(props: ConfirmSubscriptionProps) {
  const { t, confirmUrl, contact } = props;
  const w = words(props);
  const body = { fontSize: "16px", lineHeight: "1.6", color: colors.text };
  return (
    <EmailLayout lang={t.tag} title={w.subject} preheader={w.preheader}>
      <MessageTitle>{w.subject}</MessageTitle>
      <Text className={cls.text} style={body}>
        {w.intro}
      </Text>
      <Text className={cls.text} style={{ ...body, margin: "16px 0 4px" }}>
        {w.chosen}
      </Text>
      <Text className={cls.text} style={{ ...body, margin: "0 0 4px 12px" }}>
        {w.topics}
      </Text>
      <Text className={cls.text} style={{ ...body, margin: "0 0 16px 12px" }}>
        {w.frequency}
      </Text>
      <ActionButton href={confirmUrl}>{w.button}</ActionButton>
      <Text className={cls.muted} style={{ fontSize: "14px", lineHeight: "1.6", color: colors.muted }}>
        {w.expiry}
      </Text>
      {props.preferencesUrl ? (
        <Text className={cls.muted} style={{ fontSize: "13px", lineHeight: "1.6", color: colors.muted }}>
          <Link
            href={props.preferencesUrl}
            className={cls.muted}
            style={{ color: colors.muted, textDecoration: "underline" }}
          >
            {w.preferences}
          </Link>
        </Text>
      ) : null}
      <Text className={cls.muted} style={{ fontSize: "13px", lineHeight: "1.6", color: colors.muted }}>
        {t.t("email.contact", { contact })}
      </Text>
    </EmailLayout>
  );
}

/** The confirmation's plain-text part: what the HTML says (the preheader left out), a paragraph a line. */
export function confirmSubscriptionText(props: ConfirmSubscriptionProps): string {
  const w = words(props);
  return plainText(
    [
      heading(w.subject),
      w.intro,
      w.chosen,
      w.topics,
      w.frequency,
      link(w.button, props.confirmUrl),
      w.expiry,
      props.preferencesUrl ? link(w.preferences, props.preferencesUrl) : null,
      props.t.t("email.contact", { contact: props.contact }),
    ],
    Number.POSITIVE_INFINITY,
  );
}

ConfirmSubscription.PreviewProps = {
  t: translatorFor(resolveLanguage("vi", "SITE_LANGUAGE"), "Asia/Ho_Chi_Minh"),
  publication: "Bản tin Dân vận",
  confirmUrl: "http://localhost:8787/confirm?token=preview",
  validForDays: 7,
  contact: "bantin@localhost",
  topics: ["Lạng Sơn"],
  frequency: "each-post",
  preferencesUrl: "http://127.0.0.1:8787/unsubscribe?token=preview",
} satisfies ConfirmSubscriptionProps;

export default ConfirmSubscription;
