// The devtrace HTTP service (the PR Telemetry API). `buildServer` takes injected stores (catalog,
// blobs, job queue) and returns a Fastify instance with routes, bearer-token auth (hashed API
// tokens, per-trace upload tokens), one error boundary ({error: {code, message}}, 4xx for client
// mistakes) and OpenAPI at /docs. `startDevtraceService` is what `tracemill serve` runs.
export { resolveApiTokens } from "./api-tokens.js";
export { bearerToken, createTokenAuthority, type TokenAuthority } from "./auth.js";
export {
  buildServer,
  defaultArtifactBodyLimitBytes,
  defaultBodyLimitBytes,
  defaultUploadTokenTtlSeconds,
  type ServerOptions,
} from "./build-server.js";
export { type ErrorBody, errorResponse } from "./error-handler.js";
export { hmacKeyFileName, type ResolvedHmacKey, resolveHmacKey } from "./hmac-key.js";
export {
  type DevtraceService,
  type DevtraceServiceOptions,
  startDevtraceService,
} from "./start-service.js";
export { buildTraceDocument, type JudgeView, type TraceDocument } from "./trace-document.js";
