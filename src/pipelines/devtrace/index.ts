// The developer-trace pipeline around the HTTP service: the storage backend `serve` and `worker`
// share, the verification job (restore → sandboxed tests → judge → qa), the chunk-folder replay
// behind `devtrace submit`, pruning, and the offline demo. The pipeline entry of the one shape is
// `runDevtracePipeline(input, deps)`: validated traces out of the catalog into export folders.
export {
  type DevtraceDemoOptions,
  type DevtraceDemoScenario,
  runDevtraceDemo,
} from "./devtrace-demo.js";
export {
  devtraceGrade,
  devtraceRubric,
  devtraceSft,
  type ExportDevtracesResult,
  exportDevtraces,
} from "./export-devtraces.js";
export {
  type DevtraceBackend,
  type DevtraceBackendOptions,
  memoryCatalog,
  openDevtraceBackend,
} from "./open-backend.js";
export {
  type DevtraceJobDeps,
  type DevtraceJobLogEntry,
  devtraceJobDataSchema,
  findSnapshot,
  formatJobLine,
  processDevtraceJob,
  startDevtraceWorkers,
} from "./process-devtrace-job.js";
export { type PruneResult, parseDuration, pruneDevtraces } from "./prune-devtraces.js";
export {
  defaultDevtraceJobOptions,
  devtraceJobExpirySeconds,
  devtraceVerifyQueue,
} from "./queue.js";
export { type DevtracePipelineInput, runDevtracePipeline } from "./run-devtrace-pipeline.js";
export {
  readTaskFile,
  type SubmitChunkFolderOptions,
  type SubmitChunkFolderResult,
  snapshotArtifactKey,
  submitChunkFolder,
  tarFolder,
} from "./submit-chunk-folder.js";
export { type StoredTraceVerification, verifyStoredDevtrace } from "./verify-stored-trace.js";
