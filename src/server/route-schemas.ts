import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import { isSafeId, safeIdPattern, safeIdRule } from "../core/safe-path.js";
import {
  createTraceRequestSchema,
  devtraceStatuses,
  ingestChunkSchema,
} from "../sources/devtrace/events.js";

/**
 * Zod schemas of the HTTP API. Handlers validate with them (so errors name fields the same way
 * everywhere) and the OpenAPI document is generated from the same objects.
 */
export const traceIdParamsSchema = z.object({
  id: z.string().min(1).max(200),
});

export const artifactParamsSchema = z.object({
  id: z.string().min(1).max(200),
  key: z.string().regex(safeIdPattern, safeIdRule).refine(isSafeId, safeIdRule),
});

export const artifactQuerySchema = z.object({
  type: z.string().min(1).max(100).optional(),
  event_id: z.string().min(1).max(200).optional(),
});

export const listQuerySchema = z.object({
  status: z.enum(devtraceStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const createTraceResponseSchema = z.object({
  trace_id: z.string(),
  upload_token: z.string().describe("scoped to this trace; expires; revoked at complete"),
  expires_at: z.string(),
  message: z.string(),
});

/** Shared with the store, which parses a replayed answer with it. */
export { ingestResponseSchema } from "../sources/devtrace/events.js";

export const artifactResponseSchema = z.object({
  status: z.literal("stored"),
  key: z.string(),
  type: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  blob_key: z.string(),
});

export const completeResponseSchema = z.object({
  status: z.enum(devtraceStatuses),
  trace_id: z.string(),
  num_events: z.number().int(),
  job_id: z.string(),
  qa_job_id: z.string().describe("the same as job_id (the PR Telemetry client reads this name)"),
});

export const pendingResponseSchema = z.object({
  trace_id: z.string(),
  status: z.enum(devtraceStatuses),
  message: z.string(),
  num_events: z.number().int(),
});

/**
 * POST …/complete may say which chunks the client had to skip (`devtrace submit --allow-gaps`):
 * the trace is then sealed as incomplete, whatever the chunk and event seqs show.
 */
export const completeRequestSchema = z
  .strictObject({
    skipped_chunks: z
      .array(
        z.strictObject({
          file: z.string().min(1).max(1000),
          reason: z.string().max(1000).optional(),
        }),
      )
      .max(100_000)
      .optional(),
  })
  // The reference client posts complete with no body at all.
  .nullish();
export type CompleteRequest = z.infer<typeof completeRequestSchema>;

export const abandonRequestSchema = z
  .strictObject({ reason: z.string().min(1).max(1000).optional() })
  .optional();

export const abandonResponseSchema = z.object({
  trace_id: z.string(),
  status: z.literal("failed"),
  abandoned: z.literal(true),
  failure_reason: z.string(),
});

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export { createTraceRequestSchema, ingestChunkSchema };

/** JSON Schema (OpenAPI 3.0 dialect) for the docs; `$schema` is dropped because OpenAPI rejects it. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: "openapi-3.0",
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  const { $schema: _dropped, ...rest } = json;
  return rest;
}

/** Parses with zod and turns failures into one 422 message naming every bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw zodFailure(result.error, what);
}

export function describeIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => {
      const path = issue.path.map((part) =>
        typeof part === "number" ? `[${part}]` : `.${String(part)}`,
      );
      const joined = `${prefix}${path.join("")}`.replace(/^\./, "");
      return `${joined.length > 0 ? joined : "(root)"}: ${issue.message}`;
    })
    .join("; ");
}

function zodFailure(error: z.ZodError, what: string): TracemillError {
  return new TracemillError("input_invalid", `invalid ${what}: ${describeIssues(error)}`);
}
