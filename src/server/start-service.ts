import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { TracemillError } from "../core/errors.js";
import type { ModelClient } from "../model/model-client.js";
import type { Redactor } from "../model/redact.js";
import {
  type DevtraceBackend,
  type DevtraceBackendOptions,
  openDevtraceBackend,
} from "../pipelines/devtrace/open-backend.js";
import {
  type DevtraceJobDeps,
  startDevtraceWorkers,
} from "../pipelines/devtrace/process-devtrace-job.js";
import type { JobOptions } from "../store/types.js";
import { buildServer } from "./build-server.js";

/**
 * Everything `tracemill serve` runs, as a library call: open the backend, build the server,
 * listen, and (by default) run verification workers in the same process. Tests, the benchmark
 * and the demo use it too.
 */
export interface DevtraceServiceOptions extends DevtraceBackendOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  apiTokens: readonly string[];
  hmacKey: string;
  keyId?: string;
  /** In-process workers; 0 runs none (another `tracemill worker` does the jobs). */
  workers?: number;
  judgeClient?: ModelClient;
  redactor?: Redactor;
  logger?: boolean | FastifyBaseLogger;
  uploadTokenTtlSeconds?: number;
  bodyLimitBytes?: number;
  /** Longest string in a JSON body; default 1 Mi characters. */
  maxFieldChars?: number;
  /** Refuse unknown fields on known event types (`--strict-events`). */
  strictEvents?: boolean;
  jobOptions?: JobOptions;
  /** Overrides for the job handler (tests inject failures; limits for the sandbox). */
  job?: Partial<Omit<DevtraceJobDeps, "store" | "blobs">>;
}

export interface DevtraceService {
  url: string;
  app: FastifyInstance;
  backend: DevtraceBackend;
  close(): Promise<void>;
}

export async function startDevtraceService(
  options: DevtraceServiceOptions,
): Promise<DevtraceService> {
  const backend = await openDevtraceBackend(options);
  let app: FastifyInstance | undefined;
  try {
    app = await buildServer({
      store: backend.store,
      blobs: backend.blobs,
      jobs: backend.jobs,
      apiTokens: options.apiTokens,
      hmacKey: options.hmacKey,
      ...(options.keyId === undefined ? {} : { keyId: options.keyId }),
      ...(options.uploadTokenTtlSeconds === undefined
        ? {}
        : { uploadTokenTtlSeconds: options.uploadTokenTtlSeconds }),
      ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
      ...(options.strictEvents === undefined ? {} : { strictEvents: options.strictEvents }),
      ...(options.maxFieldChars === undefined ? {} : { maxFieldChars: options.maxFieldChars }),
      ...(options.redactor === undefined ? {} : { redactor: options.redactor }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.jobOptions === undefined ? {} : { jobOptions: options.jobOptions }),
      checkReady: async () => {
        await backend.sql.query("SELECT 1");
      },
    });
    const workers = options.workers ?? 1;
    if (workers > 0) {
      await startDevtraceWorkers(
        backend.jobs,
        {
          store: backend.store,
          blobs: backend.blobs,
          ...(options.judgeClient === undefined ? {} : { judgeClient: options.judgeClient }),
          ...(options.redactor === undefined ? {} : { redactor: options.redactor }),
          ...options.job,
        },
        { concurrency: workers },
      );
    }
    const url = await listenOn(app, options.host ?? "127.0.0.1", options.port ?? 0);
    const listening = app;
    return {
      url,
      app: listening,
      backend,
      async close() {
        await listening.close();
        await backend.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await backend.close().catch(() => {});
    throw error;
  }
}

/** Listens, turning the errors a person meets (a port taken, a privileged port) into one clear line. */
async function listenOn(
  app: { listen(options: { host: string; port: number }): Promise<string> },
  host: string,
  port: number,
): Promise<string> {
  try {
    return await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === "EADDRINUSE"
        ? "is in use"
        : code === "EACCES"
          ? "needs privileges this user does not have"
          : code === "EADDRNOTAVAIL"
            ? `is not available on ${host}`
            : undefined;
    if (problem === undefined) throw error;
    throw new TracemillError(
      "unavailable",
      `port ${port} ${problem} (choose another with --port)`,
      {
        cause: error,
        details: { plain: true, host, port },
      },
    );
  }
}
