import { describe, expect, it } from "vitest";
import { judgeTestRun, testNamesMatch } from "./swe-bench.js";
import type { TestCaseResult } from "./types.js";

const run: TestCaseResult[] = [
  { name: "test_calculator.py::test_add", status: "passed" },
  { name: "test_calculator.py::test_multiply", status: "passed" },
  { name: "test_calculator.py::test_divide", status: "passed" },
  { name: "test_calculator.py::test_legacy", status: "skipped" },
];

describe("judgeTestRun", () => {
  it("without known failing tests: passes when nothing failed and something ran", () => {
    expect(judgeTestRun(run).tests_passed).toBe(true);
    const failed = judgeTestRun([...run, { name: "t.py::test_x", status: "error" }]);
    expect(failed.tests_passed).toBe(false);
    expect(failed.failing_tests).toEqual(["t.py::test_x"]);
    expect(failed.num_errors).toBe(1);
    expect(judgeTestRun([])).toMatchObject({ tests_passed: false, reason: "no test ran" });
  });

  it("FAIL_TO_PASS matches the client's bare name and must now pass", () => {
    const outcome = judgeTestRun(run, ["test_multiply"]);
    expect(outcome.tests_passed).toBe(true);
    expect(outcome.fail_to_pass).toEqual({ passed: ["test_multiply"], failed: [] });
    expect(outcome.pass_to_pass).toEqual({
      passed: ["test_calculator.py::test_add", "test_calculator.py::test_divide"],
      failed: [],
    });
  });

  it("fails when a FAIL_TO_PASS test still fails or did not run", () => {
    const stillFailing = run.map((testCase) =>
      testCase.name.endsWith("test_multiply")
        ? { ...testCase, status: "failed" as const }
        : testCase,
    );
    const outcome = judgeTestRun(stillFailing, ["test_multiply"]);
    expect(outcome.tests_passed).toBe(false);
    expect(outcome.fail_to_pass).toEqual({ passed: [], failed: ["test_multiply"] });
    const missing = judgeTestRun(run, ["test_power"]);
    expect(missing.tests_passed).toBe(false);
    expect(missing.reason).toBe("FAIL_TO_PASS test(s) did not run: test_power");
  });

  it("fails when a PASS_TO_PASS test broke, even if the target now passes", () => {
    const broken = run.map((testCase) =>
      testCase.name.endsWith("test_add") ? { ...testCase, status: "failed" as const } : testCase,
    );
    const outcome = judgeTestRun(broken, ["test_multiply"]);
    expect(outcome.tests_passed).toBe(false);
    expect(outcome.fail_to_pass?.failed).toEqual([]);
    expect(outcome.pass_to_pass?.failed).toEqual(["test_calculator.py::test_add"]);
  });
});

describe("testNamesMatch", () => {
  it.each([
    ["test_multiply", "test_calculator.py::test_multiply", true],
    ["test_calculator.py::test_multiply", "test_calculator.py::test_multiply", true],
    ["test_calculator.py::test_multiply", "test_multiply", true],
    ["tests/test_cart.py::test_total", "tests/test_cart.py::test_total", true],
    ["test_cart.py::test_total", "tests/test_cart.py::test_total", true],
    ["test_param", "t.py::test_param[2]", true],
    ["test_param[1]", "t.py::test_param[2]", false],
    ["tests/test_cart.py", "tests/test_cart.py::test_total", true],
    ["test_multiply", "test_calculator.py::test_multiply_big", false],
    ["other.py::test_multiply", "test_calculator.py::test_multiply", false],
    ["math > adds", "math.test.ts > math > adds", true],
    ["TestRound", "example.com/shop/pricing/TestRound", true],
  ])("%s vs %s -> %s", (wanted, actual, expected) => {
    expect(testNamesMatch(wanted, actual)).toBe(expected);
  });
});
