import type { FastifyRequest } from "fastify";
import { TracemillError } from "../core/errors.js";
import { checkSafeId } from "../core/safe-path.js";
import type { Redactor } from "../model/redact.js";
import type { DevtraceStatus } from "../sources/devtrace/events.js";
import type {
  BlobStore,
  DevtraceRecord,
  DevtraceStore,
  JobOptions,
  JobQueue,
} from "../store/types.js";
import type { TokenAuthority } from "./auth.js";
import type { RecordCache } from "./record-cache.js";

/** What every route handler shares: the injected stores, the token authority and the settings. */
export interface ServerContext {
  store: DevtraceStore;
  /** Only for the ingest hot path; see record-cache.ts for what may be stale. */
  records: RecordCache;
  blobs: BlobStore;
  jobs: JobQueue;
  auth: TokenAuthority;
  redactor: Redactor;
  hmacKey: string;
  keyId?: string;
  uploadTokenTtlSeconds: number;
  artifactBodyLimitBytes: number;
  jobOptions: JobOptions;
  now: () => Date;
  /** Refuse unknown event fields instead of keeping them. */
  strictEvents: boolean;
}

export type Access = "api" | "upload";

/** States in which a trace still accepts chunks and artifacts. */
export function acceptsUploads(status: DevtraceStatus): boolean {
  return status === "created" || status === "ingesting";
}

/** Admin routes: only an API token. An upload token is recognised and refused with 403. */
export function authorizeApi(context: ServerContext, request: FastifyRequest): void {
  const identity = context.auth.identify(request.headers.authorization);
  if (identity.kind === "api") return;
  if (context.auth.isIssuedUploadToken(identity.token)) {
    throw new TracemillError("forbidden", "an upload token cannot be used here; use an API token");
  }
  throw new TracemillError("unauthorized", "unknown token");
}

/**
 * Trace routes: the trace's own upload token (unexpired, unrevoked) or an API token. A token that
 * is neither an API token nor one this server issued is refused before the catalog is read.
 */
export async function authorizeTrace(
  context: ServerContext,
  request: FastifyRequest,
  traceId: string,
  options: { cached?: boolean } = {},
): Promise<{ record: DevtraceRecord; access: Access }> {
  const identity = context.auth.identify(request.headers.authorization);
  if (identity.kind === "upload-candidate" && !context.auth.isIssuedUploadToken(identity.token)) {
    throw new TracemillError("unauthorized", "unknown token");
  }
  checkSafeId(traceId, "trace id");
  const record = options.cached
    ? await context.records.get(traceId)
    : await context.store.getTrace(traceId);
  if (!record) throw new TracemillError("not_found", `unknown trace ${traceId}`);
  if (identity.kind === "api") return { record, access: "api" };
  context.auth.checkUploadToken(record, identity.token, context.now());
  return { record, access: "upload" };
}

export interface Grant {
  record: DevtraceRecord;
  access: Access;
}

const grants = new WeakMap<FastifyRequest, Grant>();

/**
 * onRequest hooks: authentication runs before the body is read or any path part, query or body
 * is validated, so an unauthenticated caller learns nothing from 413/422/400 answers.
 */
export function requireApiToken(context: ServerContext) {
  return async (request: FastifyRequest): Promise<void> => {
    authorizeApi(context, request);
  };
}

export function requireTraceAccess(context: ServerContext, options: { cached?: boolean } = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    const id = (request.params as { id?: unknown } | undefined)?.id;
    grants.set(
      request,
      await authorizeTrace(context, request, typeof id === "string" ? id : "", options),
    );
  };
}

/** What `requireTraceAccess` found for this request. */
export function grantOf(request: FastifyRequest): Grant {
  const grant = grants.get(request);
  if (grant === undefined) {
    throw new TracemillError("internal", "route registered without requireTraceAccess");
  }
  return grant;
}
