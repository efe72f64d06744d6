import { describe, expect, it } from "vitest";
import { summarizeRun } from "./skip-summary.js";

describe("the closing lines of a test run", () => {
  it("count every test and give one line per skip reason, most skipped first", () => {
    const bwrap = "needs bubblewrap: bwrap not found; get it: apt-get install bubblewrap";
    const postgres = "needs Postgres: no server; get it: apt-get install postgresql";
    const lines = summarizeRun([
      {
        moduleId: "/a.e2e.test.ts",
        failed: false,
        tests: [
          { state: "passed" },
          { state: "skipped", note: bwrap },
          { state: "skipped", note: bwrap },
        ],
      },
      {
        moduleId: "/b.e2e.test.ts",
        failed: true,
        tests: [
          { state: "failed" },
          { state: "skipped", note: bwrap },
          { state: "skipped", note: postgres },
          { state: "skipped" },
        ],
      },
      { moduleId: "/c.test.ts", failed: true, tests: [] },
    ]);
    expect(lines).toEqual([
      "tests: 1 passed, 2 failed, 5 skipped",
      `skipped 3 tests in 2 files: ${bwrap}`,
      `skipped 1 test in 1 file: ${postgres}`,
      "skipped 1 test in 1 file: skipped by the test itself (no reason given)",
    ]);
  });
});
