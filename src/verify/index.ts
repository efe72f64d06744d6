/**
 * Sandboxed verification of developer traces: restore the final workspace (snapshot or git),
 * run its tests under bubblewrap (or docker when an engine answers) with no network, a
 * read-only system, a non-root user and hard limits, and judge the run (SWE-bench semantics
 * when known failing tests are given).
 */
export { type AdapterOptions, adapterFor } from "./frameworks/adapters.js";
export { detectFramework } from "./frameworks/detect-framework.js";
export { frameworkFromEvents } from "./frameworks/from-events.js";
export { parseGoTestJson } from "./frameworks/go.js";
export { parseJestJson } from "./frameworks/jest-json.js";
export { parseJunitXml } from "./frameworks/pytest.js";
export type { FrameworkAdapter, FrameworkPlan, ParsedReport } from "./frameworks/types.js";
export { defaultSandboxLimits, resolveSandboxLimits } from "./limits.js";
export { restoreFromGit } from "./restore-git.js";
export { defaultSnapshotLimits, restoreSnapshot, type SnapshotLimits } from "./restore-snapshot.js";
export type { SandboxCommand, SandboxRunner, SandboxRunResult } from "./sandbox.js";
export { buildBwrapArgs, createBubblewrapRunner, probeBubblewrap } from "./sandbox-bwrap.js";
export {
  buildDockerArgs,
  createDockerRunner,
  defaultDockerImages,
  dockerEngineAvailable,
} from "./sandbox-docker.js";
export { judgeTestRun, type TestOutcome, testNamesMatch } from "./swe-bench.js";
export type {
  SandboxKind,
  SandboxLimits,
  TestCaseResult,
  TestFramework,
  VerifyRequest,
  VerifyResult,
} from "./types.js";
export { type VerifyDevtraceOptions, verifyDevtrace } from "./verify-devtrace.js";
