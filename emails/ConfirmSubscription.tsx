/** @jsxImportSource react */
import { Button, Heading, Text } from "@react-email/components";
import { resolveLanguage, type Translator } from "../src/i18n/index.ts";
import { translatorFor } from "../src/i18n/translator.ts";
import { EmailLayout } from "./_components/Layout.tsx";
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
}

/** The double opt-in email: one button, and what to do if you did not ask for it. */
export function ConfirmSubscription({ t, publication, confirmUrl, validForDays, contact }: ConfirmSubscriptionProps) {
  const subject = t.t("email.confirm.subject", { publication });
  return (
    <EmailLayout lang={t.tag} title={subject} preheader={t.t("email.confirm.preheader")}>
      <Heading
        as="h1"
        className={cls.text}
        style={{ fontSize: "24px", lineHeight: "1.3", margin: "8px 0 12px", color: colors.text }}
      >
        {subject}
      </Heading>
      <Text className={cls.text} style={{ fontSize: "16px", lineHeight: "1.6", color: colors.text }}>
        {t.t("email.confirm.intro", { publication })}
      </Text>
      <Button
        href={confirmUrl}
        className={cls.button}
        style={{
          backgroundColor: colors.accent,
          color: colors.onAccent,
          fontSize: "16px",
          padding: "12px 20px",
        }}
      >
        {t.t("email.confirm.button")}
      </Button>
      <Text className={cls.muted} style={{ fontSize: "14px", lineHeight: "1.6", color: colors.muted }}>
        {t.t("email.confirm.expiry", { days: validForDays })}
      </Text>
      <Text className={cls.muted} style={{ fontSize: "13px", lineHeight: "1.6", color: colors.muted }}>
        {t.t("email.contact", { contact })}
      </Text>
    </EmailLayout>
  );
}

/** The confirmation's plain-text part: what the HTML says (the preheader left out), a paragraph a line. */
export function confirmSubscriptionText({
  t,
  publication,
  confirmUrl,
  validForDays,
  contact,
}: ConfirmSubscriptionProps): string {
  return plainText(
    [
      heading(t.t("email.confirm.subject", { publication })),
      t.t("email.confirm.intro", { publication }),
      link(t.t("email.confirm.button"), confirmUrl),
      t.t("email.confirm.expiry", { days: validForDays }),
      t.t("email.contact", { contact }),
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
} satisfies ConfirmSubscriptionProps;

export default ConfirmSubscription;
