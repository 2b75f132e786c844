/** @jsxImportSource react */
import { Body, Column, Container, Head, Html, Preview, Row } from "@react-email/components";
import type { ReactNode } from "react";
import { cls, colors, darkModeCss, fonts } from "./theme.ts";

export interface EmailLayoutProps {
  lang: string;
  title: string;
  preheader: string;
  children: ReactNode;
}

/**
 * The shell of every bantin email: language, colour schemes, preheader, an explicit background
 * from edge to edge, and a 600 px column with 16 px of side padding on a cell (margins on a
 * mail's <body> are dropped by most clients; a cell's padding is kept by all).
 */
export function EmailLayout({ lang, title, preheader, children }: EmailLayoutProps) {
  return (
    <Html lang={lang} dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{darkModeCss[0]}</style>
        <style>{darkModeCss[1]}</style>
      </Head>
      <Body className={cls.bg} style={{ margin: 0, padding: 0, backgroundColor: colors.bg }}>
        {/* First in the body, where mail clients take the preview text from. */}
        <Preview>{preheader}</Preview>
        <Row className={cls.bg} bgcolor={colors.bg} style={{ backgroundColor: colors.bg }}>
          <Column style={{ padding: "16px 16px 32px" }}>
            <Container
              className={cls.text}
              style={{ maxWidth: "600px", width: "100%", margin: "0 auto", fontFamily: fonts.sans, color: colors.text }}
            >
              {children}
            </Container>
          </Column>
        </Row>
      </Body>
    </Html>
  );
}
