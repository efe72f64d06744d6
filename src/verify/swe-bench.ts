import type { TestCaseResult } from "./types.js";

export interface TestOutcome {
  tests_passed: boolean;
  num_passed: number;
  num_failed: number;
  num_errors: number;
  num_skipped: number;
  failing_tests: string[];
  fail_to_pass?: { passed: string[]; failed: string[] };
  pass_to_pass?: { passed: string[]; failed: string[] };
  /** Why tests_passed is false, when not simply "a test failed". */
  reason?: string;
}

const isBad = (status: TestCaseResult["status"]): boolean =>
  status === "failed" || status === "error";

/**
 * Judges a test run. Without known failing tests: every test that ran must pass (skips are fine)
 * and at least one ran. With them (SWE-bench): FAIL_TO_PASS is those tests, each must have run
 * and passed; PASS_TO_PASS is every other test that ran, each must not fail.
 */
export function judgeTestRun(
  cases: readonly TestCaseResult[],
  knownFailingTests?: readonly string[],
): TestOutcome {
  const count = (status: TestCaseResult["status"]) =>
    cases.filter((testCase) => testCase.status === status).length;
  const base = {
    num_passed: count("passed"),
    num_failed: count("failed"),
    num_errors: count("error"),
    num_skipped: count("skipped"),
    failing_tests: cases
      .filter((testCase) => isBad(testCase.status))
      .map((testCase) => testCase.name),
  };
  if (knownFailingTests === undefined || knownFailingTests.length === 0) {
    if (cases.length === 0) return { ...base, tests_passed: false, reason: "no test ran" };
    return { ...base, tests_passed: base.failing_tests.length === 0 };
  }
  const failToPass = { passed: [] as string[], failed: [] as string[] };
  const claimed = new Set<TestCaseResult>();
  const missing: string[] = [];
  for (const wanted of knownFailingTests) {
    const matches = cases.filter((testCase) => testNamesMatch(wanted, testCase.name));
    for (const match of matches) claimed.add(match);
    const passed = matches.length > 0 && matches.every((match) => match.status === "passed");
    (passed ? failToPass.passed : failToPass.failed).push(wanted);
    if (matches.length === 0) missing.push(wanted);
  }
  const passToPass = { passed: [] as string[], failed: [] as string[] };
  for (const testCase of cases) {
    if (claimed.has(testCase) || testCase.status === "skipped") continue;
    (isBad(testCase.status) ? passToPass.failed : passToPass.passed).push(testCase.name);
  }
  const outcome: TestOutcome = {
    ...base,
    tests_passed: failToPass.failed.length === 0 && passToPass.failed.length === 0,
    fail_to_pass: failToPass,
    pass_to_pass: passToPass,
  };
  if (missing.length > 0)
    outcome.reason = `FAIL_TO_PASS test(s) did not run: ${missing.join(", ")}`;
  return outcome;
}

/**
 * Lenient name matching: clients report `test_multiply`, pytest says
 * `test_calculator.py::test_multiply`, vitest `file > suite > name`, go `pkg/TestName`. A wanted
 * name matches a case when they are equal, or when one is a trailing segment path of the other;
 * a wanted name without `[params]` matches every parametrisation; a file name matches its tests.
 */
export function testNamesMatch(wanted: string, actual: string): boolean {
  const wantedSegments = segmentsOf(wanted);
  const actualSegments = segmentsOf(actual);
  if (wantedSegments.length === 0 || actualSegments.length === 0) return false;
  // A file selection (`tests/test_x.py`) stands for every test in that file.
  if (
    /\.\w+$/.test(wanted) &&
    wantedSegments.length < actualSegments.length &&
    wantedSegments.every((segment, index) => segment === actualSegments[index])
  ) {
    return true;
  }
  const [shorter, longer] =
    wantedSegments.length <= actualSegments.length
      ? [wantedSegments, actualSegments]
      : [actualSegments, wantedSegments];
  const tail = longer.slice(longer.length - shorter.length);
  const wantedHasParams = /\[.*\]$/.test(wanted);
  return shorter.every((segment, index) => {
    const other = tail[index] ?? "";
    if (segment === other) return true;
    // The last segment may differ only by a parametrisation suffix the wanted name left out.
    return (
      !wantedHasParams &&
      index === shorter.length - 1 &&
      stripParams(segment) === stripParams(other)
    );
  });
}

function segmentsOf(name: string): string[] {
  return name
    .trim()
    .split(/::| > |\//)
    .map((segment) => segment.trim())
    .filter((segment) => segment !== "");
}

function stripParams(segment: string): string {
  return segment.replace(/\[.*\]$/, "");
}
