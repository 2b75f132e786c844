// Every email as delivered and every page as served (rendering.ts), fully inverted as Gmail on iOS and
// Outlook's phone apps show them, in Chromium at 360 px, measured by computed styles and on the
// painted pixels: every visible text reaches WCAG AA contrast, nothing touches the screen edge on a
// phone, no text is under 12 px. A file of its own so that it runs beside the other modes
// (rendering.test.ts).
// Expected duration: 45 s (test/sequencer.ts starts the longest files first).
import { describe } from "vitest";
import { lacks } from "./consumers.ts";
import { contrastTests, documents, MODES_OF } from "./rendering.ts";

describe.skipIf(lacks("chromium"))("emails and pages in Chromium", () => {
  contrastTests(documents(), MODES_OF["rendering-inverted.test.ts"]);
});
