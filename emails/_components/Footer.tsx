/** @jsxImportSource react */
import { Hr, Link, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { Translator } from "../../src/i18n/index.ts";
import { link as linked, rule, type TextBlock } from "./plain-text.ts";
import { cls, colors } from "./theme.ts";

export interface FooterProps {
  t: Translator;
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

const small = { fontSize: "13px", lineHeight: "1.6", color: colors.muted, margin: "0 0 8px" };
const link = { color: colors.muted, textDecoration: "underline" };

/**
 * In an email: why the reader gets it, where to read it on the web, how to leave, whom to write to.
 * In a test copy to someone else: that it is one, where to read it on the web and to subscribe.
 * In the copy for the web: where to subscribe, and whom to write to.
 */
export function Footer({ t, publication, homeUrl, webViewUrl, unsubscribeUrl, testCopy, contact }: FooterProps) {
  const home = (chunks: ReactNode[]) => (
    <Link key="home" href={homeUrl} className={cls.muted} style={link}>
      {chunks}
    </Link>
  );
  const webView = (
    <Link href={webViewUrl} className={cls.muted} style={link}>
      {t.t("email.footer.webView")}
    </Link>
  );
  const subscribe = (
    <Text className={cls.muted} style={small}>
      {t.rich("email.footer.subscribe", { publication, url: homeUrl, home })}
    </Text>
  );
  return (
    <Section>
      <Hr className={cls.rule} style={{ borderColor: colors.rule, margin: "24px 0 16px" }} />
      {unsubscribeUrl ? (
        <>
          <Text className={cls.muted} style={small}>
            {t.rich("email.footer.why", { publication, home })}
          </Text>
          <Text className={cls.muted} style={small}>
            {webView}
            {" · "}
            <Link href={unsubscribeUrl} className={cls.muted} style={link}>
              {t.t("reader-choice.preferences.link")}
            </Link>
          </Text>
        </>
      ) : testCopy ? (
        <>
          <Text className={cls.muted} style={small}>
            {t.t("email.footer.testCopy", { publication })}
          </Text>
          <Text className={cls.muted} style={small}>
            {webView}
          </Text>
          {subscribe}
        </>
      ) : (
        subscribe
      )}
      <Text className={cls.muted} style={small}>
        {t.t("email.contact", { contact })}
      </Text>
    </Section>
  );
}

/** Footer as plain text. */
export function footerText(props: FooterProps): TextBlock[] {
  const { t, publication, homeUrl, webViewUrl, unsubscribeUrl, testCopy, contact } = props;
  const home = (chunks: string[]) => linked(chunks.join(""), homeUrl);
  const subscribe = t
    .rich<"email.footer.subscribe", string>("email.footer.subscribe", { publication, url: homeUrl, home })
    .join("");
  const webView = linked(t.t("email.footer.webView"), webViewUrl);
  return [
    rule,
    ...(unsubscribeUrl
      ? [
          t.rich<"email.footer.why", string>("email.footer.why", { publication, home }).join(""),
          `${webView} · ${linked(t.t("reader-choice.preferences.link"), unsubscribeUrl)}`,
        ]
      : testCopy
        ? [t.t("email.footer.testCopy", { publication }), webView, subscribe]
        : [subscribe]),
    t.t("email.contact", { contact }),
  ];
}
