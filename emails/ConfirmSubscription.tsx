/** @jsxImportSource react */
import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout } from "./_components/Layout.tsx";
import { heading, link, plainText } from "./_components/plain-text.ts";
import { cls, colors } from "./_components/theme.ts";

export interface ConfirmSubscriptionProps {
  lang: string;
  publication: string;
  /** The page with the confirm button (GET shows it; only its POST confirms). */
  confirmUrl: string;
  /** "7 ngày" */
  validFor: string;
  contact: string;
}

/** The double opt-in email: one button, and what to do if you did not ask for it. */
export function ConfirmSubscription({ lang, publication, confirmUrl, validFor, contact }: ConfirmSubscriptionProps) {
  const subject = `Xác nhận đăng ký nhận ${publication}`;
  return (
    <EmailLayout lang={lang} title={subject} preheader="Bấm nút trong thư để bắt đầu nhận bản tin.">
      <Heading
        as="h1"
        className={cls.text}
        style={{ fontSize: "24px", lineHeight: "1.3", margin: "8px 0 12px", color: colors.text }}
      >
        {subject}
      </Heading>
      <Text className={cls.text} style={{ fontSize: "16px", lineHeight: "1.6", color: colors.text }}>
        Ai đó (có thể là bạn) vừa đăng ký địa chỉ email này để nhận {publication}. Bấm nút dưới đây để xác nhận.
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
        Xác nhận đăng ký
      </Button>
      <Text className={cls.muted} style={{ fontSize: "14px", lineHeight: "1.6", color: colors.muted }}>
        Liên kết có hiệu lực trong {validFor}. Nếu bạn không đăng ký, hãy bỏ qua thư này: bạn sẽ không nhận được thư nào
        khác.
      </Text>
      <Text className={cls.muted} style={{ fontSize: "13px", lineHeight: "1.6", color: colors.muted }}>
        Liên hệ: {contact}
      </Text>
    </EmailLayout>
  );
}

/** The confirmation's plain-text part: what the HTML says (the preheader left out), a paragraph a line. */
export function confirmSubscriptionText({
  publication,
  confirmUrl,
  validFor,
  contact,
}: ConfirmSubscriptionProps): string {
  return plainText(
    [
      heading(`Xác nhận đăng ký nhận ${publication}`),
      `Ai đó (có thể là bạn) vừa đăng ký địa chỉ email này để nhận ${publication}. Bấm nút dưới đây để xác nhận.`,
      link("Xác nhận đăng ký", confirmUrl),
      `Liên kết có hiệu lực trong ${validFor}. Nếu bạn không đăng ký, hãy bỏ qua thư này: bạn sẽ không nhận được thư nào khác.`,
      `Liên hệ: ${contact}`,
    ],
    Number.POSITIVE_INFINITY,
  );
}

ConfirmSubscription.PreviewProps = {
  lang: "vi",
  publication: "Bản tin Dân vận",
  confirmUrl: "http://127.0.0.1:8787/confirm?token=preview",
  validFor: "7 ngày",
  contact: "bantin@localhost",
} satisfies ConfirmSubscriptionProps;

export default ConfirmSubscription;
