// What the rendering tests (rendering*.test.ts) measure: both emails as delivered and every kind of
// page as served by the run's shared server, in Chromium in every mode of browser.ts, at 360 px and
// 1200 px (forced dark and inverted, the phone apps' modes, at 360 px). The modes are split over
// three files that run side by side: the two measured on the painted pixels take the most time.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Browsers, type Measurement, type Mode } from "./browser.ts";
import { readerEmails, tokenLink } from "./inbox.ts";
import { type SharedServer, sharedServer } from "./server.ts";

export const WIDTHS = [360, 1200] as const;
/**
 * The widths measured in each mode. Forced dark and inversion are what phone apps do (Gmail on
 * Android and iOS, Outlook's phone apps): measured at 360 px only, as the console's are. A desktop client's
 * dark mode is `prefers-color-scheme` or Outlook.com's marking, measured at both widths.
 */
const widthsOf = (mode: Mode): readonly number[] => (mode === "forced-dark" || mode === "inverted" ? [360] : WIDTHS);
const POST_PATH = "/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam";

/** Which file measures which modes. */
export const MODES_OF = {
  "rendering.test.ts": ["light", "dark", "outlook-dark"],
  "rendering-forced-dark.test.ts": ["forced-dark"],
  "rendering-inverted.test.ts": ["inverted"],
} as const satisfies Record<string, readonly Mode[]>;
// Does not compile when a mode of browser.ts is measured by none of the files.
const everyModeMeasured: Exclude<Mode, (typeof MODES_OF)[keyof typeof MODES_OF][number]> extends never ? true : never =
  true;
void everyModeMeasured;

export type Source = { html: string } | { path: string };

/** What is checked: both emails as delivered, and every kind of page as served. */
export const NAMES = [
  "digest email",
  "confirmation email",
  "home",
  "post",
  "digest archive",
  "web edition",
  "confirm button page",
  "unsubscribe button page",
  "404 page",
  "tags",
  "tag page",
  "withdrawn post (410)",
] as const;
export type Name = (typeof NAMES)[number];
const isEmail = (name: Name) => name.endsWith("email");

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

export interface Documents {
  server: () => SharedServer;
  browsers: () => Browsers;
  docs: Map<Name, Source>;
}

/**
 * In the calling describe block: the shared server (its reader has both emails; its withdrawn post
 * answers 410) and a Chromium, before the tests, closed after them.
 */
export function documents(): Documents {
  let server: SharedServer | undefined;
  let browsers: Browsers | undefined;
  const docs = new Map<Name, Source>();
  beforeAll(async () => {
    server = await sharedServer();
    browsers = new Browsers();
    const { confirmation, digest } = await readerEmails(server);
    const sources: Record<Name, Source> = {
      "digest email": { html: digest },
      "confirmation email": { html: confirmation },
      home: { path: "/" },
      post: { path: POST_PATH },
      "digest archive": { path: "/digests" },
      "web edition": { path: "/digests/1" },
      "confirm button page": { path: pathOf(tokenLink(confirmation, "confirm")) },
      "unsubscribe button page": { path: pathOf(tokenLink(digest, "unsubscribe")) },
      "404 page": { path: "/no-such-page" },
      tags: { path: "/tags" },
      "tag page": { path: "/tags/dan-van" },
      "withdrawn post (410)": { path: server.withdrawnPath },
    };
    for (const name of NAMES) docs.set(name, sources[name]);
  });
  afterAll(async () => {
    await browsers?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the documents are not ready (beforeAll failed?)");
    return value;
  };
  return { server: () => ready(server), browsers: () => ready(browsers), docs };
}

async function measure(d: Documents, name: Name, mode: Mode, width: number): Promise<Measurement> {
  const doc = d.docs.get(name);
  if (!doc) throw new Error(`no document ${name}`);
  const source = "html" in doc ? doc : { url: `${d.server().url}${doc.path}` };
  const opened = await d.browsers().open(mode, width, source);
  try {
    return await opened.measure();
  } finally {
    await opened.close();
  }
}

/** One test per document, mode and width: every text reaches WCAG AA contrast. */
export function contrastTests(d: Documents, modes: readonly Mode[]): void {
  for (const name of NAMES) {
    for (const mode of modes) {
      // Outlook.com's data-ogsc/ogsb marking only happens to email.
      if (mode === "outlook-dark" && !isEmail(name)) continue;
      for (const width of widthsOf(mode)) {
        it(`${name}, ${mode}, ${width} px: every text reaches WCAG AA contrast`, async () => {
          const m = await measure(d, name, mode, width);
          expect(m.texts.length).toBeGreaterThan(0);
          const failing = m.texts.filter((t) => t.ratio < t.required);
          console.log(`contrast ${name} · ${mode} · ${width}px: min ${m.min}`);
          expect(failing).toEqual([]);
          expect(m.tiny).toEqual([]);
          if (width === 360) expect(m.atEdge).toEqual([]);
        });
      }
    }
  }
}
