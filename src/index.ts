/**
 * tracemill's public library API, and only that (docs/architecture.md, "issue-18c"): the
 * pipelines' entries, the Trace and its schemas, the source readers, the model door, the Grader
 * and its names, the devtrace client, the error family and config loading. Internals (hashing,
 * caches, stage helpers, store plumbing) are imported from their modules inside the repository,
 * never from here. Importing this module has no side effects (no model is loaded, no file is
 * touched).
 */

// The devtrace client (also `tracemill/client`).
export {
  type ArtifactUploadResult,
  createDevtraceClient,
  type DevtraceClient,
  type DevtraceClientOptions,
  DevtraceHttpError,
  type PendingTrace,
  type TraceDocumentBody,
  type TraceState,
  type TraceSummary,
} from "./client/index.js";
// Config loading.
export { type LoadConfigOptions, loadConfig } from "./config/load-config.js";
// The Trace, the grade, dataset rows and their schemas; config; the error family.
export {
  type Action,
  type ActionType,
  actionSchema,
  type Category,
  type ChatMessage,
  type Config,
  type ConfigInput,
  categorySchema,
  computeScore,
  configSchema,
  type DatasetRow,
  datasetRowSchema,
  defaultConfig,
  type EmbedderConfig,
  type ErrorCode,
  errorCodes,
  exitCodeFor,
  type Grade,
  gradeSchema,
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
  stepSchema,
  TimeoutError,
  type Trace,
  type TraceKind,
  TracemillError,
  TransientError,
  traceSchema,
  traceSchemaId,
  type Usage,
} from "./core/index.js";
// Robot correction (the robot pipeline's correction stage).
export {
  type CorrectEpisodesOptions,
  type CorrectionProgress,
  type CorrectionSummary,
  correctEpisodes,
  findSegments,
  type Segment,
  type Strategy,
  strategies,
} from "./correct/index.js";
export { type DoctorCheck, type DoctorReport, runDoctor } from "./doctor/index.js";
// The export pipeline and its firewall.
export {
  defaultExportOptions,
  detectExportSource,
  type ExportOptions,
  type ExportReceipt,
  type ExportRecord,
  type ExportSource,
  type ExportSummary,
  exportHealth,
  type LeRobotExportSummary,
  type QuarantineReason,
  quarantineReasons,
  type RunExportInput,
  type RunLeRobotExportInput,
  runExport,
  runLeRobotExport,
  seedLayoutSource,
  tracemillTreeSource,
} from "./export/index.js";
// Formatting a Trace for training and viewing.
export {
  type SftMessage,
  sftMessageSchema,
  toAnthropicComputerUse,
  toOpenAIComputerUse,
  traceToResults,
  traceToSft,
} from "./format/index.js";
export {
  type JudgeDevtraceOptions,
  judgeDevtrace,
} from "./grade/devtrace-judge.js";
export {
  type DevtraceDimension,
  type DevtraceJudgement,
  devtraceDimensions,
} from "./grade/devtrace-judge-types.js";
// The Grader and its names (the seed's documented API); gradeConversation grades a conversation
// Trace, judgeRobotEpisodeOffline a robot episode's.
export {
  Grader,
  type GraderOptions,
  gradeConversation,
  judgeRobotEpisodeOffline,
  judgeScreenSessionOffline,
  type RobotJudgeOptions,
  type SessionEvaluation,
  sftToChunks,
} from "./grade/index.js";
// The model robot judge (18k): one structured request, or the offline judge without a model.
export { type JudgeRobotEpisodeOptions, judgeRobotEpisode } from "./grade/robot-judge.js";
// The conversations pipeline.
export {
  type Conversation,
  type ConversationMessage,
  conversationSchema,
  type InsightsRunDeps,
  type InsightsRunOptions,
  type InsightsRunReport,
  insightsRunOptionsSchema,
  readConversations,
  runInsights,
  validateInputFile,
} from "./insights/index.js";
// The model door: one client for every model call, the embedder, the redactor, a scripted model.
export { createEmbedder, type Embedder } from "./model/embedders/index.js";
export {
  type ContentPart,
  createModelClient,
  createRedactor,
  type GenerateObjectRequest,
  type GenerateObjectResult,
  type ModelClient,
  type ModelMessage,
  type RateLimiterStats,
  type Redactor,
  type Script,
  startScriptedOpenAIServer,
} from "./model/index.js";
// The one pipeline shape: (input, deps: PipelineDeps) => Promise<PipelineReport>, one entry per kind.
export {
  type ConversationGradeInput,
  type ConversationsInput,
  gradeConversations,
  runConversationsPipeline,
} from "./pipelines/conversations/index.js";
// The devtrace pipeline.
export {
  type DevtracePipelineInput,
  openDevtraceBackend,
  processDevtraceJob,
  pruneDevtraces,
  runDevtraceDemo,
  runDevtracePipeline,
  startDevtraceWorkers,
  submitChunkFolder,
} from "./pipelines/devtrace/index.js";
export { type ExportPipelineInput, runExportPipeline } from "./pipelines/export/index.js";
export {
  correctAndTrainRobot,
  correctRobotEpisodes,
  evaluateRobotPolicy,
  type RobotCorrectAndTrainInput,
  type RobotCorrectionInput,
  type RobotEvaluationInput,
  type RobotTrainingInput,
  trainRobotPolicy,
} from "./pipelines/robot/index.js";
// The screen pipeline.
export {
  type ProcessOptions,
  processScreenSessions,
  runScreenPipeline,
} from "./pipelines/screen/index.js";
export {
  countsProblem,
  type OnProgress,
  type Pipeline,
  type PipelineCounts,
  type PipelineDeps,
  type PipelineKind,
  type PipelineReport,
  type PipelineStatus,
} from "./pipelines/types.js";
export {
  inspectRun,
  listRuns,
  openRun,
  pruneRuns,
  type Run,
  type RunManifest,
} from "./runs/index.js";
export {
  buildServer,
  type DevtraceService,
  type DevtraceServiceOptions,
  type ServerOptions,
  startDevtraceService,
} from "./server/index.js";
export {
  conversationReader,
  conversationToTrace,
  traceToConversation,
} from "./sources/conversations/index.js";
// Source readers: one per kind, into Traces.
export {
  desktopSessionReader,
  listDesktopSessions,
  readDesktopSession,
} from "./sources/desktop/index.js";
export {
  type DevtraceEvent,
  devtraceChunkReader,
  devtraceEventSchema,
  readChunkFolder,
  sealDevtrace,
  verifyDevtraceFile,
} from "./sources/devtrace/index.js";
export { readerFor, readerNamed, sourceReaders } from "./sources/readers.js";
export {
  type Episode,
  episodeToTrace,
  readEpisodeFile,
  readLooseEpisodes,
  readStudy,
  robotStudyReader,
  traceToEpisode,
} from "./sources/robot/index.js";
export type {
  SourceReader,
  SourceReadOptions,
  SourceReadResult,
  SourceWarning,
} from "./sources/types.js";
export { listWebSessions, readWebSession, webSessionReader } from "./sources/web/index.js";
export {
  type BlobStore,
  createDevtraceStore,
  createJobQueue,
  type DevtraceStore,
  type JobQueue,
  openBlobStore,
} from "./store/index.js";
// The robot pipeline's training stage and its outputs.
export {
  type CorrectAndTrainOptions,
  type CorrectAndTrainResult,
  correctAndTrain,
  exportLeRobot,
  exportPolicy,
  type LeRobotExportOptions,
  type LeRobotExportResult,
  loadPolicy,
  runEvaluatePipeline,
  runTrainPipeline,
  type TrainConfig,
  type TrainingRunOptions,
  type TrainPipelineResult,
  trainBc,
  trainConfigSchema,
} from "./train/index.js";
export {
  type VerifyDevtraceOptions,
  type VerifyResult,
  verifyDevtrace,
} from "./verify/index.js";
export { toolVersion } from "./version.js";
