// The order vitest starts test files in: longest first, so that no long file is left running alone
// at the end while the other e2e slots stand idle.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    /** How long a file is expected to take, in ms. */
    const expected = (spec: TestSpecification): number => {
      // vitest keeps each file's duration from earlier runs (node_modules/.vite).
      const known = cache.getFileTestResults(`${spec.project.name}:${relative(config.root, spec.moduleId)}`);
      if (known) return known.duration;
      // Never run on this checkout (a fresh one, as in CI): what the file says of itself (a line
      // `// Expected duration: 150 s`, measured among four files at once), else a file that opens
      // Chromium takes minutes here; the others, about as long as they are large.
      const text = readFileSync(spec.moduleId, "utf8");
      const declared = /^\/\/ Expected duration: (\d+) s/m.exec(text)?.[1];
      if (declared) return Number(declared) * 1000;
      return (text.includes('lacks("chromium")') ? 120_000 : 0) + text.length;
    };
    const weight = new Map(files.map((spec) => [spec, expected(spec)]));
    return [...files].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        a.project.name.localeCompare(b.project.name) ||
        (weight.get(b) ?? 0) - (weight.get(a) ?? 0),
    );
  }
}
