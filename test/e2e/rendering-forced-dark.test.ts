// Every email as delivered and every page as served (rendering.ts), in Chromium's algorithmic forced
// dark (as Gmail's Android app gets it) at 360 px, measured on the painted pixels: every
// visible text reaches WCAG AA contrast, nothing touches the screen edge on a phone, no text is under
// 12 px. A file of its own so that it runs beside the other modes (rendering.test.ts).
// Expected duration: 40 s (test/sequencer.ts starts the longest files first).
import { describe } from "vitest";
import { lacks } from "./consumers.ts";
import { contrastTests, documents, MODES_OF } from "./rendering.ts";

describe.skipIf(lacks("chromium"))("emails and pages in Chromium", () => {
  contrastTests(documents(), MODES_OF["rendering-forced-dark.test.ts"]);
});
