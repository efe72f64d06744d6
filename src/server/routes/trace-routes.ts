import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { TracemillError } from "../../core/errors.js";
import { checkSafeId } from "../../core/safe-path.js";
import { abandonedPrefix, statusFieldsOf } from "../../store/devtrace-status.js";
import type { DevtraceRecord, ListedTrace } from "../../store/types.js";
import {
  abandonRequestSchema,
  abandonResponseSchema,
  createTraceRequestSchema,
  createTraceResponseSchema,
  errorResponseSchema,
  listQuerySchema,
  openApiSchema,
  parseOrThrow,
  pendingResponseSchema,
  traceIdParamsSchema,
} from "../route-schemas.js";
import {
  grantOf,
  requireApiToken,
  requireTraceAccess,
  type ServerContext,
} from "../server-context.js";
import { buildTraceDocument } from "../trace-document.js";

const security = [{ bearer: [] }];
const errors = {
  401: openApiSchema(errorResponseSchema),
  403: openApiSchema(errorResponseSchema),
  404: openApiSchema(errorResponseSchema),
};

/** Create, list and read traces. */
export function registerTraceRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post(
    "/v1/traces",
    {
      onRequest: requireApiToken(context),
      schema: {
        summary: "Create a trace (API token); answers an upload token scoped to it",
        tags: ["traces"],
        security,
        body: openApiSchema(createTraceRequestSchema),
        response: {
          200: openApiSchema(createTraceResponseSchema),
          422: openApiSchema(errorResponseSchema),
          ...errors,
        },
      },
    },
    async (request) => {
      const body = parseOrThrow(createTraceRequestSchema, request.body, "create-trace request");
      const traceId = `trace_${randomBytes(12).toString("hex")}`;
      const upload = context.auth.issueUploadToken();
      const expiresAt = new Date(context.now().getTime() + context.uploadTokenTtlSeconds * 1000);
      await context.store.createTrace(body, {
        traceId,
        tokenSha256: upload.sha256,
        expiresAt,
      });
      return {
        trace_id: traceId,
        upload_token: upload.token,
        expires_at: expiresAt.toISOString(),
        message: "Trace created successfully",
      };
    },
  );

  app.get(
    "/v1/traces",
    {
      onRequest: requireApiToken(context),
      schema: {
        summary: "List traces, newest first (API token)",
        tags: ["traces"],
        security,
        querystring: openApiSchema(listQuerySchema),
      },
    },
    async (request) => {
      const query = parseOrThrow(listQuerySchema, request.query, "query");
      // One query for the page: each row carries what its reading needs (statusFieldsOf).
      const listed = await context.store.listTracesWithOutline({
        status: query.status,
        limit: query.limit ?? 100,
        offset: query.offset ?? 0,
      });
      return { traces: listed.map(summaryOf) };
    },
  );

  app.get(
    "/v1/traces/:id",
    {
      onRequest: requireTraceAccess(context),
      schema: {
        summary: "202 with the status until validated or failed, then 200 with the full trace",
        tags: ["traces"],
        security,
        params: openApiSchema(traceIdParamsSchema),
        response: { 202: openApiSchema(pendingResponseSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { id } = parseOrThrow(traceIdParamsSchema, request.params, "path");
      const { record } = grantOf(request);
      if (record.status !== "validated" && record.status !== "failed") {
        return reply.status(202).send({
          trace_id: record.trace_id,
          status: record.status,
          message: pendingMessage(record),
          num_events: record.num_events,
        });
      }
      const [trace, qa, artifacts] = await Promise.all([
        context.store.getSealedTrace(id),
        context.store.getQa(id),
        context.store.listArtifacts(id),
      ]);
      if (!trace && record.status === "validated") {
        throw new TracemillError("internal", `trace ${id} is validated but has no sealed trace`);
      }
      return buildTraceDocument({ record, trace, qa, artifacts });
    },
  );
  registerAbandonRoute(app, context);
}

/**
 * POST /v1/traces/{id}/abandon (API token): a trace stuck before complete (a client that died,
 * chunks that can never be sealed) becomes failed with the reason; its upload token is revoked.
 */
function registerAbandonRoute(app: FastifyInstance, context: ServerContext): void {
  app.post(
    "/v1/traces/:id/abandon",
    {
      onRequest: requireApiToken(context),
      schema: {
        summary: "Give up a trace that was never completed (API token); GET then says abandoned",
        tags: ["traces"],
        security,
        params: openApiSchema(traceIdParamsSchema),
        response: {
          200: openApiSchema(abandonResponseSchema),
          409: openApiSchema(errorResponseSchema),
          ...errors,
        },
      },
    },
    async (request) => {
      const { id } = parseOrThrow(traceIdParamsSchema, request.params, "path");
      checkSafeId(id, "trace id");
      const body = parseOrThrow(abandonRequestSchema, request.body, "abandon request");
      const reason = `${abandonedPrefix}: ${body?.reason ?? "given up before complete"}`;
      const record = await context.store.abandonTrace(id, reason);
      return {
        trace_id: id,
        status: "failed",
        abandoned: true,
        failure_reason: record.failure_reason ?? reason,
      };
    },
  );
}

function pendingMessage(record: DevtraceRecord): string {
  switch (record.status) {
    case "created":
    case "ingesting":
      return "Trace not yet completed";
    case "completed":
      return "Trace completed; verification is queued";
    default:
      return "Trace is being verified and judged";
  }
}

/** A list row: the record's fields and its status read as GET /v1/traces/{id} reads it. */
function summaryOf({ record, qa, sealed }: ListedTrace) {
  return {
    trace_id: record.trace_id,
    ...statusFieldsOf(record, sealed, qa.validation),
    participant_id: record.participant_id,
    task_id: record.task_id,
    task_title: record.task_title,
    num_events: record.num_events,
    created_at: record.created_at,
    updated_at: record.updated_at,
    completed_at: record.completed_at ?? null,
  };
}
