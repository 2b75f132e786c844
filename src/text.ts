// Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates),
// plus C1 controls and DEL, which no reader shows and several parsers reject.
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): XML allows them, but
// HTML parsers flag them and no reader shows them.
const NONCHARACTERS = /\p{Noncharacter_Code_Point}/gu;

/** Unicode NFC with every character XML 1.0 cannot carry, and every noncharacter, removed: safe for pages, feeds and mail. */
export function cleanText(value: string): string {
  return value.normalize("NFC").replace(FORBIDDEN, "").replace(NONCHARACTERS, "");
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content or a quoted attribute (for strings that become HTML inside feeds). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Whether a string is all ASCII (no header encoding, no SMTPUTF8 needed). */
export const isAscii = (s: string) => /^[\u0000-\u007f]*$/.test(s);
