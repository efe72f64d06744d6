import type { FastifyInstance } from "fastify";
import { TracemillError } from "../../core/errors.js";
import { devtraceVerifyQueue } from "../../pipelines/devtrace/queue.js";
import { sealDevtrace } from "../../sources/devtrace/seal.js";
import {
  completeRequestSchema,
  completeResponseSchema,
  errorResponseSchema,
  openApiSchema,
  parseOrThrow,
  traceIdParamsSchema,
} from "../route-schemas.js";
import {
  acceptsUploads,
  grantOf,
  requireTraceAccess,
  type ServerContext,
} from "../server-context.js";

/**
 * POST /v1/traces/{id}/complete — seal the stored chunks (merge by chunk_seq, order by seq,
 * refuse duplicate ids/seqs with 422, HMAC chain), store the sealed trace, revoke the upload
 * token and queue verification + judging.
 */
export function registerCompleteRoute(app: FastifyInstance, context: ServerContext): void {
  app.post(
    "/v1/traces/:id/complete",
    {
      onRequest: requireTraceAccess(context),
      schema: {
        summary: "Seal the trace and queue verification and judging (upload token)",
        tags: ["traces"],
        security: [{ bearer: [] }],
        params: openApiSchema(traceIdParamsSchema),
        body: openApiSchema(completeRequestSchema),
        response: {
          200: openApiSchema(completeResponseSchema),
          409: openApiSchema(errorResponseSchema),
          422: openApiSchema(errorResponseSchema),
        },
      },
    },
    async (request) => {
      const { id } = parseOrThrow(traceIdParamsSchema, request.params, "path");
      const { record } = grantOf(request);
      const body = parseOrThrow(completeRequestSchema, request.body, "complete request");
      if (!acceptsUploads(record.status)) {
        throw new TracemillError("conflict", `trace ${id} is already ${record.status}`);
      }
      const [chunks, artifacts] = await Promise.all([
        context.store.listChunks(id),
        context.store.listArtifacts(id),
      ]);
      const sealed = sealDevtrace({
        record,
        chunks,
        artifacts,
        ...(body?.skipped_chunks === undefined ? {} : { skippedChunks: body.skipped_chunks }),
        key: context.hmacKey,
        ...(context.keyId === undefined ? {} : { keyId: context.keyId }),
      });
      // The job is queued before the catalog write; the job handler waits for the trace to be
      // completed and ignores a job that lost a race between two completes.
      const jobId = await context.jobs.send(
        devtraceVerifyQueue,
        { trace_id: id },
        context.jobOptions,
      );
      const completed = await context.store.completeTrace(id, {
        trace: sealed.trace,
        numEvents: sealed.numEvents,
        jobId,
      });
      return {
        status: completed.status,
        trace_id: id,
        num_events: sealed.numEvents,
        job_id: jobId,
        qa_job_id: jobId,
      };
    },
  );
}
