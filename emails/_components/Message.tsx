/** @jsxImportSource react */
// The pieces of a one-action email (the subscription's confirmation, a staff sign-in link or
// invitation): its title and its one button, drawn alike in each.
import { Button, Heading } from "@react-email/components";
import type { ReactNode } from "react";
import { cls, colors } from "./theme.ts";

/** The email's title, as its h1. */
export function MessageTitle({ children }: { children: ReactNode }) {
  return (
    <Heading
      as="h1"
      className={cls.text}
      style={{ fontSize: "24px", lineHeight: "1.3", margin: "8px 0 12px", color: colors.text }}
    >
      {children}
    </Heading>
  );
}

/** The email's one action: a button in the accent colour. */
export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button
      href={href}
      className={cls.button}
      style={{ backgroundColor: colors.accent, color: colors.onAccent, fontSize: "16px", padding: "12px 20px" }}
    >
      {children}
    </Button>
  );
}
