// React Email templates to HTML, rendered by preact-render-to-string through preact/compat (the
// bundle maps `react` to it: wrangler.toml [alias]; vitest.config.ts does the same for the workers
// tests), with @react-email/render's doctype. A component that throws makes the render throw.
import { renderToStringAsync } from "preact-render-to-string";
import { createElement, Fragment, type ReactElement } from "react";

const DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/** The email's HTML document: the XHTML 1.0 Transitional doctype email clients expect, then the markup. */
export async function renderEmailHtml(element: ReactElement): Promise<string> {
  const html = await renderToStringAsync(element);
  return DOCTYPE + html.replace(/<!DOCTYPE.*?>/, "");
}

/** A piece of an email's markup (no doctype): a component, or text escaped as the email's would be. */
export function renderEmailPiece(element: ReactElement | string): Promise<string> {
  return renderToStringAsync(typeof element === "string" ? createElement(Fragment, null, element) : element);
}
