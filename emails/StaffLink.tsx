/** @jsxImportSource react */
import { Text } from "@react-email/components";
import { resolveLanguage, type Translator } from "../src/i18n/index.ts";
import { translatorFor } from "../src/i18n/translator.ts";
import { EmailLayout } from "./_components/Layout.tsx";
import { ActionButton, MessageTitle } from "./_components/Message.tsx";
import { heading, link, plainText } from "./_components/plain-text.ts";
import { cls, colors } from "./_components/theme.ts";

export interface StaffLinkProps {
  /** The console's words (its tag is the email's `lang`). */
  t: Translator;
  site: string;
  kind: "sign-in" | "invitation";
  /** The person's name. */
  name: string;
  /** Their role, in words (invitations). */
  role: string;
  /** The page with the button (GET shows it; only its POST signs in). */
  url: string;
  /** How long the link works, in minutes (sign-in) or days (invitation). */
  valid: number;
}

function words({ t, site, kind, name, role, valid }: StaffLinkProps) {
  return kind === "sign-in"
    ? {
        subject: t.t("console-staff.email.signIn.subject", { site }),
        intro: t.t("console-staff.email.signIn.intro", { name, site }),
        button: t.t("console-staff.email.signIn.button"),
        expiry: t.t("console-staff.email.signIn.expiry", { minutes: valid }),
      }
    : {
        subject: t.t("console-staff.email.invitation.subject", { site }),
        intro: t.t("console-staff.email.invitation.intro", { name, site, role }),
        button: t.t("console-staff.email.invitation.button"),
        expiry: t.t("console-staff.email.invitation.expiry", { days: valid }),
      };
}

/** A sign-in link or an invitation to the console: one button, and what to do if you did not ask for it. */
export function StaffLink(props: StaffLinkProps) {
  const w = words(props);
  return (
    <EmailLayout lang={props.t.tag} title={w.subject} preheader={w.intro}>
      <MessageTitle>{w.subject}</MessageTitle>
      <Text className={cls.text} style={{ fontSize: "16px", lineHeight: "1.6", color: colors.text }}>
        {w.intro}
      </Text>
      <ActionButton href={props.url}>{w.button}</ActionButton>
      <Text className={cls.muted} style={{ fontSize: "14px", lineHeight: "1.6", color: colors.muted }}>
        {w.expiry} {props.t.t("console-staff.email.notYou")}
      </Text>
    </EmailLayout>
  );
}

/** The plain-text part: what the HTML says, a paragraph a line. */
export function staffLinkText(props: StaffLinkProps): string {
  const w = words(props);
  return plainText(
    [heading(w.subject), w.intro, link(w.button, props.url), `${w.expiry} ${props.t.t("console-staff.email.notYou")}`],
    Number.POSITIVE_INFINITY,
  );
}

StaffLink.PreviewProps = {
  t: translatorFor(resolveLanguage("vi", "CONSOLE_LANGUAGE"), "Asia/Ho_Chi_Minh"),
  site: "Bản tin Dân vận",
  kind: "invitation",
  name: "Nguyễn Văn An",
  role: "biên tập viên",
  url: "http://localhost:8787/console/invitation?t=preview",
  valid: 7,
} satisfies StaffLinkProps;

export default StaffLink;
