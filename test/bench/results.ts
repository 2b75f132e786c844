// bench/results.json: each benchmark writes its own keys and keeps the others'.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const RESULTS_FILE = path.resolve(import.meta.dirname, "../../bench/results.json");

/** Merges `entries` into bench/results.json (created on the first run). */
export function saveResults(entries: Record<string, unknown>): void {
  let results: Record<string, unknown> = {};
  try {
    results = JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Record<string, unknown>;
  } catch {
    // First run.
  }
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...results, ...entries }, null, 2)}\n`);
}
