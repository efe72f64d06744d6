import { pipeline, type Readable, Transform } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { TracemillError } from "../../core/errors.js";
import { resolveConsent } from "../../sources/devtrace/consent.js";
import {
  artifactConsentCategory,
  isTextArtifact,
} from "../../sources/devtrace/prepare-artifacts.js";
import { redactingStream } from "../../sources/devtrace/redact-blob.js";
import {
  artifactParamsSchema,
  artifactQuerySchema,
  artifactResponseSchema,
  errorResponseSchema,
  openApiSchema,
  parseOrThrow,
} from "../route-schemas.js";
import {
  acceptsUploads,
  grantOf,
  requireTraceAccess,
  type ServerContext,
} from "../server-context.js";
import { blobKeyOf } from "../trace-document.js";

/**
 * PUT /v1/traces/{id}/artifacts/{key} — a large blob (workspace snapshot, logs) streamed into the
 * content-addressed blob store. The body is never buffered whole: any content type is passed
 * through as a stream, counted against the artifact limit, redacted line by line when it is text
 * (redact-blob.ts), and hashed by the blob store.
 */
export async function registerArtifactRoute(
  app: FastifyInstance,
  context: ServerContext,
): Promise<void> {
  // An encapsulated plugin, so the pass-through body parser applies to this route only.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    scope.put(
      "/v1/traces/:id/artifacts/:key",
      {
        onRequest: requireTraceAccess(context),
        schema: {
          summary: "Upload a large artifact (upload token); stored by sha256",
          tags: ["traces"],
          security: [{ bearer: [] }],
          params: openApiSchema(artifactParamsSchema),
          querystring: openApiSchema(artifactQuerySchema),
          response: {
            200: openApiSchema(artifactResponseSchema),
            409: openApiSchema(errorResponseSchema),
            413: openApiSchema(errorResponseSchema),
          },
        },
      },
      async (request) => {
        const { record } = grantOf(request);
        const { id, key } = parseOrThrow(artifactParamsSchema, request.params, "path");
        const query = parseOrThrow(artifactQuerySchema, request.query, "query");
        if (!acceptsUploads(record.status)) {
          throw new TracemillError(
            "conflict",
            `trace ${id} is ${record.status}; artifacts are accepted only before complete`,
          );
        }
        const type = query.type ?? headerText(request, "x-artifact-type") ?? inferType(key);
        const category = artifactConsentCategory(type);
        if (category !== undefined && !resolveConsent(record.consent)[category]) {
          throw new TracemillError(
            "forbidden",
            `trace ${id} has no ${category} consent; ${type} artifacts are not stored`,
          );
        }
        const limit = context.artifactBodyLimitBytes;
        const declared = Number(request.headers["content-length"]);
        if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared, limit);
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== "function") {
          throw new TracemillError("input_invalid", "the artifact body is empty");
        }
        const mimeType = headerText(request, "content-type");
        const limited = byteLimit(limit);
        // pipeline (not pipe) so a client that aborts mid-upload fails the blob write too.
        // Text (output, logs, patches) passes the detectors on the way in; snapshots stay exact.
        const stored: Readable = isTextArtifact(type, mimeType)
          ? limited.pipe(redactingStream(context.redactor))
          : limited;
        if (stored !== limited) limited.on("error", (error) => stored.destroy(error));
        pipeline(body, limited, () => {});
        const put = await context.blobs
          .put(stored, mimeType === undefined ? {} : { mimeType })
          .catch((error: unknown) => {
            // The blob store may wrap the limit error; the client still gets its 413.
            throw limited.exceeded ? tooLarge(limited.seen, limit) : error;
          });
        await context.store.putArtifact(id, {
          key,
          type,
          ...(query.event_id === undefined ? {} : { event_id: query.event_id }),
          sha256: put.sha256,
          bytes: put.bytes,
          ...(mimeType === undefined ? {} : { mime_type: mimeType }),
        });
        return {
          status: "stored",
          key,
          type,
          sha256: put.sha256,
          bytes: put.bytes,
          blob_key: blobKeyOf(put),
        };
      },
    );
  });
}

/** Snapshots are recognised by name so a client that only PUTs `workspace_snapshot.tar.gz` works. */
export function inferType(key: string): string {
  const lower = key.toLowerCase();
  if (lower.includes("snapshot")) return "workspace_snapshot";
  if (lower.includes("stdout")) return "stdout";
  if (lower.includes("stderr")) return "stderr";
  if (lower.endsWith(".patch") || lower.endsWith(".diff")) return "patch";
  if (lower.endsWith(".log")) return "log";
  return "artifact";
}

function headerText(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}

function tooLarge(bytes: number, limit: number): Error {
  return Object.assign(
    new Error(`artifact of ${bytes} bytes is larger than the limit of ${limit} bytes`),
    { statusCode: 413 },
  );
}

type CountingTransform = Transform & { seen: number; exceeded: boolean };

function byteLimit(limit: number): CountingTransform {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.seen += chunk.length;
      if (counter.seen > limit) {
        counter.exceeded = true;
        callback(tooLarge(counter.seen, limit));
      } else callback(null, chunk);
    },
  }) as CountingTransform;
  counter.seen = 0;
  counter.exceeded = false;
  return counter;
}
