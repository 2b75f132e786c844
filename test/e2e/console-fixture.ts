// Every console page with something on it (console-pages.ts), for the files that check them all in
// Chromium (console-contrast.test.ts, console-markup.test.ts): each file starts its own npm start,
// as filling the pages publishes, imports and sends a digest, so the two run side by side.
import { afterAll, beforeAll } from "vitest";
import { Browsers } from "./browser.ts";
import { type ConsoleDoc, preparedConsolePages, signInOverHttp } from "./console-pages.ts";
import { type LocalServer, startServer } from "./server.ts";

export interface ConsolePages {
  server: () => LocalServer;
  browsers: () => Browsers;
  docs: () => ConsoleDoc[];
  /** The signed-in session's cookie, for the browser. */
  cookie: () => { name: string; value: string; url: string };
  /** Where Browsers.open finds a page: its HTML, or its address on the server. */
  source: (d: ConsoleDoc) => { html: string } | { url: string };
}

/** In the calling describe block: before its tests, the server, a session, the pages and a Chromium. */
export function everyConsolePage(): ConsolePages {
  let server: LocalServer | undefined;
  let browsers: Browsers | undefined;
  let docs: ConsoleDoc[] | undefined;
  let cookie: { name: string; value: string; url: string } | undefined;
  beforeAll(async () => {
    server = await startServer();
    browsers = new Browsers();
    const session = await signInOverHttp(server);
    cookie = session.cookie;
    docs = await preparedConsolePages(server, session);
  });
  afterAll(async () => {
    await browsers?.close();
    await server?.stop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the console pages are not ready (beforeAll failed?)");
    return value;
  };
  return {
    server: () => ready(server),
    browsers: () => ready(browsers),
    docs: () => ready(docs),
    cookie: () => ready(cookie),
    source: (d) => ("html" in d ? { html: d.html } : { url: `${ready(server).url}${d.path}` }),
  };
}
