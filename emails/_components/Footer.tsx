/** @jsxImportSource react */
import { Hr, Link, Section, Text } from "@react-email/components";
import { colors } from "./theme.ts";

export interface FooterProps {
  publication: string;
  homeUrl: string;
  webViewUrl: string;
  /** The recipient's one-click unsubscribe page; absent in the web view. */
  unsubscribeUrl?: string;
  contact: string;
}

const small = { fontSize: "13px", lineHeight: "1.6", color: colors.muted, margin: "0 0 8px" };

/** Why the reader gets this email, where to read it on the web, how to leave, whom to write to. */
export function Footer({ publication, homeUrl, webViewUrl, unsubscribeUrl, contact }: FooterProps) {
  return (
    <Section>
      <Hr style={{ borderColor: colors.rule, margin: "24px 0 16px" }} />
      <Text style={small}>
        Bạn nhận được thư này vì đã đăng ký và xác nhận nhận bản tin của{" "}
        <Link href={homeUrl} style={{ color: colors.muted }}>
          {publication}
        </Link>
        .
      </Text>
      <Text style={small}>
        <Link href={webViewUrl} style={{ color: colors.muted }}>
          Xem bản tin trên web
        </Link>
        {unsubscribeUrl ? (
          <>
            {" · "}
            <Link href={unsubscribeUrl} style={{ color: colors.muted }}>
              Hủy đăng ký
            </Link>
          </>
        ) : null}
      </Text>
      <Text style={small}>Liên hệ: {contact}</Text>
    </Section>
  );
}
