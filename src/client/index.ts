// `tracemill/client`: a typed fetch client for the devtrace HTTP API (create, ingest, artifacts,
// complete, read, wait, list). Errors are TracemillErrors carrying the HTTP status.

export type {
  CompleteResponse,
  CreateTraceRequest,
  CreateTraceResponse,
  IngestChunk,
  IngestResponse,
} from "../sources/devtrace/events.js";
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
} from "./devtrace-client.js";
