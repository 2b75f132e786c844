/** @jsxImportSource react */
import { Body, Container, Head, Html, Preview } from "@react-email/components";
import type { ReactNode } from "react";
import { colors, fonts } from "./theme.ts";

export interface EmailLayoutProps {
  lang: string;
  title: string;
  preheader: string;
  children: ReactNode;
}

/** The shell of every bantin email: language, colour schemes, preheader and a 600 px column. */
export function EmailLayout({ lang, title, preheader, children }: EmailLayoutProps) {
  return (
    <Html lang={lang} dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
      </Head>
      <Preview>{preheader}</Preview>
      <Body style={{ margin: "0 12px", fontFamily: fonts.sans, color: colors.text }}>
        <Container style={{ maxWidth: "600px", width: "100%", margin: "0 auto" }}>{children}</Container>
      </Body>
    </Html>
  );
}
