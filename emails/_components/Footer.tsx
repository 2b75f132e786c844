/** @jsxImportSource react */
import { Hr, Link, Section, Text } from "@react-email/components";
import { link as linked, rule, type TextBlock } from "./plain-text.ts";
import { cls, colors } from "./theme.ts";

export interface FooterProps {
  publication: string;
  homeUrl: string;
  webViewUrl: string;
  /** The recipient's one-click unsubscribe page; absent in the copy for the web (no personal link). */
  unsubscribeUrl?: string;
  /**
   * A test copy the editor sent from the console to an address that does not get the digest: it
   * says so, and offers no unsubscribe (there is nothing to leave).
   */
  testCopy?: boolean;
  contact: string;
}

/** Why someone who does not get the digest has this copy of it. */
const testCopyNote = (publication: string) =>
  `Đây là bản thử của ${publication}, do biên tập viên gửi tới địa chỉ này từ trang quản trị. Địa chỉ này hiện không nhận bản tin: nếu bạn không tự đăng ký, bạn sẽ không nhận thêm thư nào, nên không cần hủy đăng ký.`;

const small = { fontSize: "13px", lineHeight: "1.6", color: colors.muted, margin: "0 0 8px" };
const link = { color: colors.muted, textDecoration: "underline" };

/**
 * In an email: why the reader gets it, where to read it on the web, how to leave, whom to write to.
 * In a test copy to someone else: that it is one, where to read it on the web and to subscribe.
 * In the copy for the web: where to subscribe, and whom to write to.
 */
export function Footer({ publication, homeUrl, webViewUrl, unsubscribeUrl, testCopy, contact }: FooterProps) {
  const subscribe = (
    <Text className={cls.muted} style={small}>
      Đăng ký nhận {publication} qua email:{" "}
      <Link href={homeUrl} className={cls.muted} style={link}>
        {homeUrl}
      </Link>
    </Text>
  );
  return (
    <Section>
      <Hr className={cls.rule} style={{ borderColor: colors.rule, margin: "24px 0 16px" }} />
      {unsubscribeUrl ? (
        <>
          <Text className={cls.muted} style={small}>
            Bạn nhận được thư này vì đã đăng ký và xác nhận nhận bản tin của{" "}
            <Link href={homeUrl} className={cls.muted} style={link}>
              {publication}
            </Link>
            .
          </Text>
          <Text className={cls.muted} style={small}>
            <Link href={webViewUrl} className={cls.muted} style={link}>
              Xem bản tin trên web
            </Link>
            {" · "}
            <Link href={unsubscribeUrl} className={cls.muted} style={link}>
              Hủy đăng ký
            </Link>
          </Text>
        </>
      ) : testCopy ? (
        <>
          <Text className={cls.muted} style={small}>
            {testCopyNote(publication)}
          </Text>
          <Text className={cls.muted} style={small}>
            <Link href={webViewUrl} className={cls.muted} style={link}>
              Xem bản tin trên web
            </Link>
          </Text>
          {subscribe}
        </>
      ) : (
        subscribe
      )}
      <Text className={cls.muted} style={small}>
        Liên hệ: {contact}
      </Text>
    </Section>
  );
}

/** Footer as plain text. */
export function footerText(props: FooterProps): TextBlock[] {
  const { publication, homeUrl, webViewUrl, unsubscribeUrl, testCopy, contact } = props;
  const subscribe = `Đăng ký nhận ${publication} qua email: ${linked(homeUrl, homeUrl)}`;
  return [
    rule,
    ...(unsubscribeUrl
      ? [
          `Bạn nhận được thư này vì đã đăng ký và xác nhận nhận bản tin của ${linked(publication, homeUrl)}.`,
          `${linked("Xem bản tin trên web", webViewUrl)} · ${linked("Hủy đăng ký", unsubscribeUrl)}`,
        ]
      : testCopy
        ? [testCopyNote(publication), linked("Xem bản tin trên web", webViewUrl), subscribe]
        : [subscribe]),
    `Liên hệ: ${contact}`,
  ];
}
