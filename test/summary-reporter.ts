import type { Reporter, TestModule } from "vitest/node";
import { summarizeRun } from "../src/test-support/skip-summary.js";

/**
 * Prints plain closing lines after vitest's own output, so CI logs carry a runner-neutral count:
 * "tests: N passed, N failed, N skipped", then one line per reason tests were skipped
 * ("skipped 7 tests in 2 files: needs bubblewrap: …; get it: apt-get install bubblewrap").
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines = summarizeRun(
      testModules.map((testModule) => ({
        moduleId: testModule.moduleId,
        failed: testModule.state() === "failed",
        tests: [...testModule.children.allTests()].map((testCase) => {
          const result = testCase.result();
          return { state: result.state, note: "note" in result ? result.note : undefined };
        }),
      })),
    );
    process.stdout.write(`\n${lines.join("\n")}\n`);
  }
}
