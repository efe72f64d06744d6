import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from "fastify";
import { TracemillError } from "../core/errors.js";
import { createRedactor, type Redactor } from "../model/redact.js";
import { defaultDevtraceJobOptions } from "../pipelines/devtrace/queue.js";
import type { BlobStore, DevtraceStore, JobOptions, JobQueue } from "../store/types.js";
import { toolVersion } from "../version.js";
import { createTokenAuthority } from "./auth.js";
import { errorResponse, installErrorHandlers } from "./error-handler.js";
import { checkJsonText, checkText, defaultMaxFieldChars } from "./json-guard.js";
import { createRecordCache } from "./record-cache.js";
import { registerArtifactRoute } from "./routes/artifact-route.js";
import { registerCompleteRoute } from "./routes/complete-route.js";
import { registerHealthRoutes } from "./routes/health-routes.js";
import { registerIngestRoute } from "./routes/ingest-route.js";
import { registerTraceRoutes } from "./routes/trace-routes.js";
import type { ServerContext } from "./server-context.js";

export interface ServerOptions {
  store: DevtraceStore;
  blobs: BlobStore;
  jobs: JobQueue;
  /** Accepted API tokens (kept only as sha256 digests). At least one is required. */
  apiTokens: readonly string[];
  /** Key of the events' HMAC-SHA256 chain (and of the upload-token tags). */
  hmacKey: string;
  keyId?: string;
  /** Upload-token lifetime; default 24 h. */
  uploadTokenTtlSeconds?: number;
  /** Largest JSON body (chunks); default 10 MB. */
  bodyLimitBytes?: number;
  /** Longest string in a JSON body (inline artifact content aside); default 1 Mi characters. */
  maxFieldChars?: number;
  /** Largest artifact PUT body; default 1 GiB. */
  artifactBodyLimitBytes?: number;
  redactor?: Redactor;
  /** `true` for Fastify's pino logger, or a logger instance; default silent. */
  logger?: boolean | FastifyBaseLogger;
  jobOptions?: JobOptions;
  /** The /readyz probe; default a catalog read. */
  checkReady?: () => Promise<void>;
  /** Refuse unknown fields on known event types (`serve --strict-events`); default: keep them. */
  strictEvents?: boolean;
  /** The clock (tests move it to expire tokens). */
  now?: () => Date;
}

export const defaultBodyLimitBytes = 10 * 1024 * 1024;
export const defaultArtifactBodyLimitBytes = 1024 * 1024 * 1024;
export const defaultUploadTokenTtlSeconds = 24 * 60 * 60;

/**
 * The devtrace HTTP service (the PR Telemetry API): routes, auth, one error boundary and an
 * OpenAPI document at /docs/json with Swagger UI at /docs. Bodies are validated with zod inside
 * the handlers (so a 422 names the event index); the JSON Schemas given to Fastify only document.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  if (options.apiTokens.filter((token) => token.length > 0).length === 0) {
    throw new TracemillError(
      "config_invalid",
      "no API token configured: pass --api-token, set TRACEMILL_API_TOKENS, or use --dev",
    );
  }
  if (options.hmacKey.length === 0) {
    throw new TracemillError("config_invalid", "the HMAC key is empty");
  }
  // Loaded here, not at import: only `serve` needs a web server (issue 20).
  const [{ default: Fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
    import("fastify"),
    import("@fastify/swagger"),
    import("@fastify/swagger-ui"),
  ]);
  const bodyLimit = options.bodyLimitBytes ?? defaultBodyLimitBytes;
  const maxFieldChars = options.maxFieldChars ?? defaultMaxFieldChars;
  const app = Fastify({
    bodyLimit,
    // Ids are at most 128 characters; longer path parts get a 414 in the usual error shape.
    maxParamLength: 256,
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = errorResponse(error);
      const plain = reply as unknown as FastifyReply;
      void plain.status(status).type("application/json").send(body);
    },
    clientErrorHandler: answerClientError,
    ...(typeof options.logger === "object"
      ? { loggerInstance: options.logger }
      : { logger: options.logger ?? false }),
  });

  const context: ServerContext = {
    store: options.store,
    records: createRecordCache(options.store),
    blobs: options.blobs,
    jobs: options.jobs,
    auth: createTokenAuthority(options.apiTokens, options.hmacKey),
    redactor: options.redactor ?? createRedactor(),
    hmacKey: options.hmacKey,
    ...(options.keyId === undefined ? {} : { keyId: options.keyId }),
    uploadTokenTtlSeconds: options.uploadTokenTtlSeconds ?? defaultUploadTokenTtlSeconds,
    artifactBodyLimitBytes: options.artifactBodyLimitBytes ?? defaultArtifactBodyLimitBytes,
    jobOptions: options.jobOptions ?? defaultDevtraceJobOptions,
    now: options.now ?? (() => new Date()),
    strictEvents: options.strictEvents === true,
  };

  // One validator (zod, in the handlers) and plain JSON out: the route schemas are documentation.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installJsonParser(app, bodyLimit, maxFieldChars);
  // After authentication (onRequest), before any handler: query values get the body's checks.
  app.addHook("preValidation", async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === "string") checkText(item, `query ${key}`, maxQueryChars);
      }
    }
  });
  installErrorHandlers(app);

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "tracemill devtrace API",
        description:
          "Developer traces: create, upload chunks and artifacts, complete, read the verified and judged trace. Errors are {error: {code, message}}.",
        version: toolVersion,
      },
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  registerHealthRoutes(
    app,
    options.checkReady ??
      (async () => {
        await options.store.listTraces({ limit: 1 });
      }),
  );
  registerTraceRoutes(app, context);
  registerIngestRoute(app, context);
  registerCompleteRoute(app, context);
  await registerArtifactRoute(app, context);
  return app;
}

/** JSON bodies; an empty body counts as none, so `POST …/complete` works with or without one. */
function installJsonParser(app: FastifyInstance, bodyLimit: number, maxFieldChars: number): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit },
    (_request, body, done) => {
      const text = typeof body === "string" ? body : body.toString("utf8");
      if (text.trim() === "") {
        done(null, undefined);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        done(
          Object.assign(new Error(`request body is not valid JSON: ${(error as Error).message}`), {
            statusCode: 400,
          }),
          undefined,
        );
        return;
      }
      try {
        checkJsonText(parsed, { maxFieldChars });
      } catch (error) {
        done(error as Error, undefined);
        return;
      }
      done(null, parsed);
    },
  );
}

const maxQueryChars = 1000;

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or URL over 16 KB,
 * malformed requests) get the same `{error: {code, message}}` body as everything else.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "headers_too_large", "request headers (or the URL) are larger than 16 KB"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "timeout", "the request took too long to arrive"]
        : [400, "input_invalid", "malformed HTTP request"];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
