// Fails CI when vitest's JSON report shows a skipped or todo test: on a laptop a missing consumer
// skips its tests, but CI installs every consumer, so a skip there means a test was lost.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const skipped = report.testResults.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status !== "passed" && test.status !== "failed")
    .map((test) => `${file.name.replace(`${process.cwd()}/`, "")}: ${test.fullName} (${test.status})`),
);
if (skipped.length > 0) {
  console.error(
    `\n.ci/run: ${skipped.length} test(s) did not run, and CI must run them all:\n- ${skipped.join("\n- ")}`,
  );
  process.exit(1);
}
console.log(`.ci/run: all ${report.numTotalTests} tests ran; none was skipped.`);
