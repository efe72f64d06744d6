// Developer traces ("PR Telemetry"): wire schemas, per-chunk validation, server-side preparation
// (server clock, redaction, consent), sealing into a tracemill Trace with an HMAC chain over the
// stored events, chain verification from the file alone, the final patch for verification, and
// the chunk-folder reader used by `devtrace submit`. Pure functions; the server and CLI do the I/O
// (readChunkFolder aside).
export {
  completenessOf,
  type DevtraceCompleteness,
  type DevtraceOutcomeStatus,
  outcomeStatusOf,
  type SealedOutline,
} from "./completeness.js";
export { type ResolvedConsent, resolveConsent } from "./consent.js";
export { devtraceChunkReader } from "./devtrace-chunk-reader.js";
export { devtraceStepOf } from "./event-steps.js";
export { describeEvent, diffLineCounts, rationaleText } from "./event-text.js";
export {
  type ArtifactRef,
  artifactRefSchema,
  type ChunkArtifact,
  type CompleteResponse,
  type Consent,
  type CreateTraceRequest,
  type CreateTraceResponse,
  chunkArtifactSchema,
  cmdRunEventSchema,
  commitEventSchema,
  consentSchema,
  createTraceRequestSchema,
  type DevtraceEvent,
  type DevtraceEventType,
  type DevtraceStatus,
  devtraceEventSchema,
  devtraceEventTypes,
  devtraceStatuses,
  fileEditEventSchema,
  type IngestChunk,
  type IngestResponse,
  ingestChunkSchema,
  rationaleNoteEventSchema,
  rationaleStructuredSchema,
  testRunEventSchema,
} from "./events.js";
export { devtraceEventsOf, finalPatchOf } from "./final-patch.js";
export {
  artifactBytes,
  artifactConsentCategory,
  isBinaryArtifact,
  type PrepareArtifactsOptions,
  type PreparedArtifacts,
  prepareArtifacts,
} from "./prepare-artifacts.js";
export { type PreparedEvents, type PrepareEventsOptions, prepareEvents } from "./prepare-events.js";
export { type ChunkFolder, readChunkFolder } from "./read-chunks.js";
export { devtraceFormat, type SealedDevtrace, type SealInput, sealDevtrace } from "./seal.js";
export { chainHead, devtraceSealMac, devtraceSealVersion } from "./seal-mac.js";
export {
  type ChunkEventError,
  type ChunkValidation,
  validateChunkEvents,
} from "./validate-events.js";
export {
  chunkHashProblems,
  chunkText,
  type DevtraceFileVerification,
  topLevelEventsProblems,
  verifyDevtraceFile,
} from "./verify-trace.js";
