/**
 * The closing lines of a test run (printed by test/summary-reporter.ts): the counts, then one
 * line per reason tests were skipped, most skipped first, from the notes that
 * src/test-support/requirements.ts attaches ("needs bubblewrap: …; get it: …").
 */
export interface ModuleOutcome {
  moduleId: string;
  /** The module failed to load or run (its tests may never have been collected). */
  failed: boolean;
  tests: { state: string; note?: string }[];
}

export function summarizeRun(modules: readonly ModuleOutcome[]): string[] {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const reasons = new Map<string, { tests: number; files: Set<string> }>();
  for (const module of modules) {
    for (const test of module.tests) {
      if (test.state === "passed") counts.passed++;
      else if (test.state === "failed") counts.failed++;
      else {
        counts.skipped++;
        const reason = test.note || "skipped by the test itself (no reason given)";
        const entry = reasons.get(reason) ?? { tests: 0, files: new Set<string>() };
        entry.tests++;
        entry.files.add(module.moduleId);
        reasons.set(reason, entry);
      }
    }
    if (module.failed && module.tests.length === 0) counts.failed++;
  }
  const lines = [
    `tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  ];
  const sorted = [...reasons].sort((a, b) => b[1].tests - a[1].tests || a[0].localeCompare(b[0]));
  for (const [reason, { tests, files }] of sorted) {
    lines.push(
      `skipped ${tests} test${tests === 1 ? "" : "s"} in ${files.size} file${files.size === 1 ? "" : "s"}: ${reason}`,
    );
  }
  return lines;
}
