// React Email templates to HTML, with react-dom's streaming renderer as @react-email/render's edge
// build uses it (same wrapping, same doctype), without that package: it also imports html-to-text,
// htmlparser2 and two copies of entities (~55 KiB gzip) for text parts bantin writes itself.
import { createElement, type ReactElement, Suspense } from "react";
import { renderToReadableStream } from "react-dom/server.edge";

const DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/** The email's HTML document: the XHTML 1.0 Transitional doctype email clients expect, then the markup. */
export async function renderEmailHtml(element: ReactElement): Promise<string> {
  const errors: unknown[] = [];
  // Inside a Suspense boundary a component that throws is reported to onError and rendered as an
  // empty client-side fallback: such a rendering is an error here, never a mail.
  const stream = await renderToReadableStream(createElement(Suspense, null, element), {
    onError: (error) => {
      errors.push(error);
    },
    progressiveChunkSize: Number.POSITIVE_INFINITY,
  });
  await stream.allReady;
  const html = await new Response(stream).text();
  if (errors.length > 0) throw errors[0];
  // React hints `<link rel="preload" as="image">` for each <img>: meaningless in a mail.
  return DOCTYPE + html.replace(/<!DOCTYPE.*?>/, "").replace(/<link rel="preload" as="image"[^>]*>/g, "");
}
