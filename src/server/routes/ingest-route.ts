import type { FastifyInstance, FastifyRequest } from "fastify";
import { TracemillError } from "../../core/errors.js";
import { resolveConsent } from "../../sources/devtrace/consent.js";
import { artifactBytes, prepareArtifacts } from "../../sources/devtrace/prepare-artifacts.js";
import { prepareEvents } from "../../sources/devtrace/prepare-events.js";
import { validateChunkEvents } from "../../sources/devtrace/validate-events.js";
import type { StoredArtifact } from "../../store/types.js";
import {
  errorResponseSchema,
  ingestChunkSchema,
  ingestResponseSchema,
  openApiSchema,
  parseOrThrow,
  traceIdParamsSchema,
} from "../route-schemas.js";
import {
  acceptsUploads,
  authorizeTrace,
  grantOf,
  requireTraceAccess,
  type ServerContext,
} from "../server-context.js";

const maxIdempotencyKey = 200;

/**
 * POST /v1/traces/{id}/events:ingest — validate → redact + consent → inline artifacts to the
 * blob store → one idempotent catalog write. A chunk id or Idempotency-Key seen before answers
 * the first response and adds nothing (the store decides, atomically, also under concurrency).
 */
export function registerIngestRoute(app: FastifyInstance, context: ServerContext): void {
  app.post(
    // "::" is find-my-way's escape for a literal ":" in a path.
    "/v1/traces/:id/events::ingest",
    {
      onRequest: requireTraceAccess(context, { cached: true }),
      schema: {
        summary: "Upload one chunk of events (upload token); idempotent by chunk id",
        tags: ["traces"],
        security: [{ bearer: [] }],
        params: openApiSchema(traceIdParamsSchema),
        headers: {
          type: "object",
          properties: { "idempotency-key": { type: "string", maxLength: maxIdempotencyKey } },
        },
        body: openApiSchema(ingestChunkSchema),
        response: {
          200: openApiSchema(ingestResponseSchema),
          409: openApiSchema(errorResponseSchema),
          413: openApiSchema(errorResponseSchema),
          422: openApiSchema(errorResponseSchema),
        },
      },
    },
    async (request) => {
      const { id } = parseOrThrow(traceIdParamsSchema, request.params, "path");
      const { record, access } = grantOf(request);
      const chunk = parseOrThrow(ingestChunkSchema, request.body, "chunk");
      const idempotencyKey = idempotencyKeyOf(request);
      if (!acceptsUploads(record.status)) {
        throw new TracemillError(
          "conflict",
          `trace ${id} is ${record.status}; chunks are accepted only before complete`,
        );
      }
      const validation = validateChunkEvents(chunk.events, { strict: context.strictEvents });
      if (validation.errors.length > 0) {
        throw new TracemillError(
          "input_invalid",
          `chunk ${chunk.chunk_id}: ${validation.errors.map((error) => error.message).join("; ")}`,
          { details: { errors: validation.errors } },
        );
      }
      const consent = resolveConsent(record.consent);
      const prepared = prepareEvents(validation.events, {
        consent,
        redactor: context.redactor,
        nowSeconds: context.now().getTime() / 1000,
      });
      const inline = prepareArtifacts(chunk.artifacts, { consent, redactor: context.redactor });
      const artifacts = await Promise.all(
        Object.entries(inline.artifacts).map(async ([key, artifact]): Promise<StoredArtifact> => {
          const put = await context.blobs.put(artifactBytes(artifact), {
            mimeType: artifact.mime_type,
          });
          return {
            key,
            type: artifact.type,
            ...(artifact.event_id === undefined ? {} : { event_id: artifact.event_id }),
            sha256: put.sha256,
            bytes: put.bytes,
            ...(artifact.mime_type === undefined ? {} : { mime_type: artifact.mime_type }),
          };
        }),
      );
      try {
        const outcome = await context.store.ingestChunk(id, {
          chunkId: chunk.chunk_id,
          chunkSeq: chunk.chunk_seq,
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
          events: prepared.events,
          artifacts,
        });
        return outcome.response;
      } catch (error) {
        // The cached record said "accepting"; if the trace was completed since, an upload token
        // is now revoked, which is a 403 rather than the store's 409.
        if (access === "upload" && error instanceof TracemillError && error.code === "conflict") {
          await authorizeTrace(context, request, id);
        }
        throw error;
      }
    },
  );
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers["idempotency-key"];
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header)?.trim() ?? "";
  if (value.length === 0 || value.length > maxIdempotencyKey) {
    throw new TracemillError(
      "input_invalid",
      `Idempotency-Key header: expected 1–${maxIdempotencyKey} characters`,
    );
  }
  return value;
}
