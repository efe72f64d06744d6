/**
 * src/runs: every command that processes data works inside a run folder under `runsDir`.
 * `openRun` creates (or resumes) `<runsDir>/<runId>/` with manifest.json, events.jsonl,
 * metrics.json, warnings.json, log.jsonl and a `.lock` held while the run is active; stages append
 * one JSONL line per item, so a killed run resumes where it stopped with identical output bytes.
 * Resume refuses with a "drift" error when inputs or config changed. Writes are ordered through
 * one queue per run; JSON files are replaced atomically.
 */
export { type ConfigChange, diffConfig, findDrift } from "./find-drift.js";
export {
  inspectRun,
  listRuns,
  type PruneResult,
  pruneRuns,
  type RunDetails,
  type RunSummary,
} from "./list-runs.js";
export { createRunLogger, type RunLogger, type RunLoggerOptions } from "./logger.js";
export { type OpenRunOptions, openRun } from "./open-run.js";
export { renderPruneResult, renderRunDetails, renderRunList } from "./render-runs.js";
export { defaultRunId } from "./run-id.js";
export { type LockInfo, type LockState, lockHeartbeatMs, lockStaleMs } from "./run-lock.js";
export {
  type RunInput,
  type RunManifest,
  type RunStatus,
  type RunWarning,
  runFileNames,
  runSchemaId,
  type StageState,
  type StageStatus,
} from "./run-manifest.js";
export { runManifestSchema } from "./run-manifest-schema.js";
export type { MetricsDelta, RunMetrics } from "./run-metrics.js";
export type { Run, RunEventInput, RunEventType } from "./run-session.js";
export type { Stage, StageLine } from "./run-stage.js";
export { isSecretKey, storableConfig } from "./stored-config.js";
