/** Contract of src/verify: restore a developer trace's workspace and run its tests in a sandbox. */

export type TestFramework = "pytest" | "vitest" | "jest" | "go";
export type SandboxKind = "bubblewrap" | "docker" | "none";

export interface SandboxLimits {
  /** CPU seconds (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Address space in MiB (RLIMIT_AS). */
  memoryMb: number;
  /** Processes/threads (RLIMIT_NPROC, counted for the sandbox user). */
  maxProcesses: number;
  /** Wall-clock seconds before the whole process group is killed. */
  wallSeconds: number;
  /** Bytes of stdout+stderr kept; the rest is dropped and the log says so. */
  maxOutputBytes: number;
}

export interface VerifyRequest {
  /** The trace id (names temp folders and logs). */
  traceId: string;
  /** A workspace snapshot (.tar.gz bytes): the final state of the developer's workspace. */
  snapshot?: Uint8Array;
  /** Else: a git repository (path or URL) and commit to clone, and the final patch to apply. */
  repoOrigin?: string;
  startCommit?: string;
  finalPatch?: string;
  /** From the trace's test_run events when absent; else detected from the workspace. */
  framework?: TestFramework;
  /** Test selections FAIL_TO_PASS (SWE-bench semantics) when known_failing_tests were given. */
  knownFailingTests?: string[];
  limits?: Partial<SandboxLimits>;
  /** auto: docker when an engine answers, else bubblewrap. */
  runner?: "auto" | "bubblewrap" | "docker";
  /** Image for the docker runner; it must contain the framework's runner (no network inside). */
  dockerImage?: string;
}

export interface TestCaseResult {
  /** A stable name: pytest nodeid (file::Class::test), vitest/jest "file > suite > name", go "pkg/TestName". */
  name: string;
  status: "passed" | "failed" | "error" | "skipped";
}

export interface VerifyResult {
  /** null when nothing could be run (no workspace); `reason` says why. */
  tests_passed: boolean | null;
  framework: TestFramework | null;
  num_passed: number;
  num_failed: number;
  num_errors: number;
  num_skipped: number;
  failing_tests: string[];
  /** SWE-bench view, present when known_failing_tests were given. */
  fail_to_pass?: { passed: string[]; failed: string[] };
  pass_to_pass?: { passed: string[]; failed: string[] };
  runtime_s: number;
  sandbox: SandboxKind;
  exit_code: number | null;
  timed_out: boolean;
  /** Combined output, capped at the limit. */
  log: string;
  reason?: string;
}
