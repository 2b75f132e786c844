// A site served from this machine (npm start: SITE_URL on http://localhost:PORT by default). Deployed, SITE_URL
// names no loopback host, and nothing here changes any answer.
import { securityHeaders } from "../http/security.ts";

/** Whether a host name (as URL.hostname spells it) always means this machine (RFC 6761 `localhost`). */
function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(hostname)
  );
}

let lastSiteUrl: string | undefined;
let lastLocal: URL | null = null;

/** SITE_URL when it names this machine, else null (remembered for the last value: this runs on every request). */
function localSite(siteUrl: string | undefined): URL | null {
  if (siteUrl !== lastSiteUrl) {
    lastSiteUrl = siteUrl;
    let url: URL | null = null;
    try {
      url = new URL(siteUrl ?? "");
    } catch {
      url = null;
    }
    lastLocal = url && isLoopback(url.hostname) ? url : null;
  }
  return lastLocal;
}

/** Whether the site is served from this machine (as under npm start), so that its URLs never reach anyone's logs. */
export const servedLocally = (siteUrl: string): boolean => localSite(siteUrl) !== null;

/**
 * The same server under another local name (http://127.0.0.1:8787 when SITE_URL is
 * http://localhost:8787): a GET or HEAD is sent to SITE_URL's origin, same path and query. The
 * console's forms post to SITE_URL, which a browser on another name takes for another site (its
 * forms would be refused as cross-site and its cookie set for the other name). Other methods are
 * left alone: scripts may post to either name. Runs before the hot path, cheaply.
 */
export function localAliasRedirect(request: Request, env: Env): Response | undefined {
  const site = localSite(env.SITE_URL);
  if (!site || (request.method !== "GET" && request.method !== "HEAD")) return undefined;
  // The usual case, without parsing the URL: a request for SITE_URL's own origin.
  if (request.url.startsWith(`${site.origin}/`)) return undefined;
  const url = new URL(request.url);
  // Another port is another server (a proxy in front, say): it is not ours to redirect.
  if (url.host === site.host || url.port !== site.port || !isLoopback(url.hostname)) return undefined;
  return new Response(null, {
    status: 307,
    headers: {
      Location: `${site.origin}${url.pathname}${url.search}`,
      "Cache-Control": "no-store",
      ...securityHeaders(site.origin, url.pathname),
    },
  });
}
