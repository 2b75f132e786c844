// Security headers for every answer. The pages run no script but the console's passkey script (one
// file, allowed by its path): one inline <style> and inline style attributes; forms post to the site itself.

/**
 * Pages whose URLs carry a token (confirm and unsubscribe links), or that carry one in their form
 * (the preference page after a save): their URL must not leak.
 */
const TOKEN_PAGES = new Set(["/confirm", "/unsubscribe", "/preferences"]);

/** The editor's console: it frames its own previews, and its URLs (searches, addresses) stay on the site. */
const CONSOLE = /^\/console(?:\/|$)/;
/** Console documents shown inside console pages (a post's and a digest's preview): framed by the site only. */
const FRAMED_BY_SITE = /^\/console\/frame(?:\/|$)/;

/**
 * The headers for an answer to `path`. `siteUrl` is the public origin forms post to (it may
 * differ from the host a local request came in on); undefined when the settings are invalid.
 */
export function securityHeaders(siteUrl: string | undefined, path: string): Record<string, string> {
  const inConsole = CONSOLE.test(path);
  const framed = FRAMED_BY_SITE.test(path);
  const tokenPage = TOKEN_PAGES.has(path);
  // A handful of variants per site: computed once each, since every answer carries them.
  const key = `${siteUrl ?? ""} ${inConsole} ${framed} ${tokenPage}`;
  let headers = computed.get(key);
  if (!headers) {
    if (computed.size >= 32) computed.clear();
    headers = Object.freeze(compute(siteUrl, inConsole, framed, tokenPage));
    computed.set(key, headers);
  }
  return headers;
}

const computed = new Map<string, Readonly<Record<string, string>>>();

/**
 * The console's one script, by its path (never inline), and the one place it fetches from: the
 * passkey options under /console/ (routes/console/passkeys.ts). None when SITE_URL is not valid.
 */
function consoleScript(siteOrigin: string | null): string[] {
  if (!siteOrigin) return ["script-src 'none'"];
  return [`script-src ${siteOrigin}/console/passkeys.js`, `connect-src ${siteOrigin}/console/`];
}

function compute(
  siteUrl: string | undefined,
  inConsole: boolean,
  framed: boolean,
  tokenPage: boolean,
): Record<string, string> {
  const siteOrigin = siteUrl ? new URL(siteUrl).origin : null;
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    // Markdown may show images from other https sites (the renderer keeps http(s) image links).
    "img-src 'self' data: https:",
    ...(inConsole ? ["frame-src 'self'", ...consoleScript(siteOrigin)] : []),
    `form-action ${siteOrigin ? `${siteOrigin} ` : ""}'self'`,
    "base-uri 'none'",
    `frame-ancestors ${framed ? "'self'" : "'none'"}`,
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    // frame-ancestors for current browsers, X-Frame-Options for older ones: no page can be framed
    // by another site, and only the console's previews by the site itself.
    "X-Frame-Options": framed ? "SAMEORIGIN" : "DENY",
    "Referrer-Policy": tokenPage ? "no-referrer" : inConsole ? "same-origin" : "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}
