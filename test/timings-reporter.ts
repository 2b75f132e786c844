// A vitest reporter for the suite's own time: when each file held a slot (from its worker's start to
// its end, setup and imports and hooks included, which the JSON reporter's times leave out), and how
// full each project's slots were. Run with `--reporter=./test/timings-reporter.ts` beside the others;
// it prints a summary at the end and, with TEST_TIMINGS=FILE, writes every file's figures to FILE.
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

interface FileTiming {
  project: string;
  file: string;
  /** When its worker began it and when it ended, ms since the run's start. */
  startMs: number;
  endMs: number;
  /** Of which importing the file, the setup files and the environment. */
  importMs: number;
}

export default class TimingsReporter implements Reporter {
  private readonly t0 = Date.now();
  private readonly files: FileTiming[] = [];

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    const importMs = d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration;
    const endMs = Date.now() - this.t0;
    this.files.push({
      project: module.project.name,
      file: relative(process.cwd(), module.moduleId),
      startMs: Math.max(0, endMs - importMs - d.duration),
      endMs,
      importMs: Math.round(importMs),
    });
  }

  onTestRunEnd(): void {
    const lines = ["suite time by project (a file's time: its imports, setup, hooks and tests):"];
    for (const project of [...new Set(this.files.map((f) => f.project))]) {
      const files = this.files.filter((f) => f.project === project);
      const start = Math.min(...files.map((f) => f.startMs));
      const end = Math.max(...files.map((f) => f.endMs));
      const busy = files.reduce((sum, f) => sum + f.endMs - f.startMs, 0);
      const imports = files.reduce((sum, f) => sum + f.importMs, 0);
      lines.push(
        `  ${project}: ${files.length} files from ${s(start)} to ${s(end)} (${s(end - start)}); ` +
          `${s(busy)} of file time, ${s(imports)} of it imports; the longest: ` +
          [...files]
            .sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs))
            .slice(0, 5)
            .map((f) => `${f.file.replace(/^test\//, "")} ${s(f.endMs - f.startMs)} (${s(f.startMs)}–${s(f.endMs)})`)
            .join(", "),
      );
    }
    console.log(lines.join("\n"));
    if (process.env.TEST_TIMINGS) writeFileSync(process.env.TEST_TIMINGS, `${JSON.stringify(this.files, null, 1)}\n`);
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
