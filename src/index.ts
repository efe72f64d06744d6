/**
 * tracemill's public library API: the same stages the CLI runs, as explicit named exports.
 * Importing this module has no side effects (no model is loaded, no file is touched).
 */

export { type LoadConfigOptions, loadConfig } from "./config/load-config.js";
export {
  type Action,
  type ActionType,
  actionSchema,
  buildHashChain,
  type Category,
  type ChainLink,
  type ChainVerification,
  type ChatMessage,
  type Config,
  type ConfigInput,
  canonicalJson,
  categorySchema,
  computeScore,
  configSchema,
  type DatasetRow,
  datasetRowSchema,
  defaultConfig,
  deterministicId,
  type EmbedderConfig,
  type ErrorCode,
  errorCodes,
  exitCodeFor,
  type Grade,
  gradeSchema,
  hmacSha256Hex,
  httpStatusFor,
  jsonSchemaFor,
  type MediaRef,
  type ModelConfig,
  mediaRefSchema,
  PermanentError,
  type PreferenceRow,
  type Provenance,
  type PublishedSchemaName,
  preferenceRowSchema,
  provenanceSchema,
  publishedSchemas,
  type RagRow,
  type RedactionConfig,
  type Rubric,
  type RubricDimension,
  ragRowSchema,
  rubricSchema,
  type SftRow,
  type Step,
  sftRowSchema,
  sha256File,
  sha256Hex,
  stepSchema,
  TimeoutError,
  type Trace,
  type TraceKind,
  TracemillError,
  TransientError,
  traceSchema,
  traceSchemaId,
  type Usage,
  verifyHashChain,
} from "./core/index.js";
export { type DoctorCheck, type DoctorReport, runDoctor } from "./doctor/index.js";
// Dataset export (issue 4).
export {
  defaultExportOptions,
  detectExportSource,
  type ExportOptions,
  type ExportRecord,
  type ExportSource,
  exportHealth,
  quarantineReasons,
  runExport,
  seedLayoutSource,
  tracemillTreeSource,
} from "./export/index.js";
export {
  renderResultsHtml,
  renderSftHtml,
  type SftMessage,
  sessionMetrics,
  sftMessageSchema,
  toAnthropicComputerUse,
  toOpenAIComputerUse,
  traceToResults,
  traceToSft,
} from "./format/index.js";
export {
  Grader,
  type GraderOptions,
  judgeScreenSessionOffline,
  parseWeights,
  type SessionEvaluation,
  scoresFileSchema,
  sftToChunks,
  toGrade,
} from "./grade/index.js";
export {
  extractFrames,
  findMediaTool,
  generatePointerVideo,
  type MediaTool,
  planFrames,
  probeVideo,
} from "./media/index.js";
export {
  cosineSimilarity,
  createEmbedder,
  type Embedder,
  type EmbedResult,
} from "./model/embedders/index.js";
export {
  type BudgetTracker,
  type ContentPart,
  createBudgetTracker,
  createDiskCache,
  createMemoryCache,
  createModelClient,
  createOfflineTaskRegistry,
  createRateLimiter,
  createRedactor,
  type GenerateObjectRequest,
  type GenerateObjectResult,
  type ModelClient,
  type ModelMessage,
  type OfflineTaskRegistry,
  parseProviderName,
  type RateLimiterStats,
  type Redactor,
  type RequestMetrics,
  type ResponseCache,
  type Script,
  type SharedRateLimiter,
  sharedRateLimiter,
  startScriptedOpenAIServer,
  withRetries,
} from "./model/index.js";
export {
  buildExampleScreenSessions,
  type ProcessOptions,
  processScreenSessions,
  resolveProcessOptions,
} from "./pipelines/screen/index.js";
export {
  createRunLogger,
  inspectRun,
  listRuns,
  openRun,
  pruneRuns,
  type Run,
  type RunManifest,
  type Stage,
} from "./runs/index.js";
export {
  desktopSessionReader,
  listDesktopSessions,
  readDesktopSession,
} from "./sources/desktop/index.js";
export {
  encodeGuacamoleInstruction,
  type GuacamoleInstruction,
  GuacamoleParser,
  parseGuacamole,
} from "./sources/guacamole/index.js";
// Screen sessions (issue 3): readers, frames, formats, grading and the `process` pipeline.
export {
  type BuildInputActionsOptions,
  buildInputActions,
  type InputEvent,
} from "./sources/input-actions/index.js";
export type { SourceReader, SourceReadResult, SourceWarning } from "./sources/types.js";
export { listWebSessions, readWebSession, webSessionReader } from "./sources/web/index.js";
export { toolVersion } from "./version.js";
