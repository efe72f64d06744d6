import { resolve } from "node:path";
import type { Command } from "commander";
import pino from "pino";
import {
  apiTokensFromEnvironment,
  blobEnvironment,
  hmacKeyFromEnvironment,
} from "../../config/environment.js";
import type { Config } from "../../core/config.js";
import { createConfiguredModelClient, languageModelOf } from "../../model/configured-client.js";
import type { ModelClient } from "../../model/model-client.js";
import { createRedactor } from "../../model/redact.js";
import { formatJobLine } from "../../pipelines/devtrace/process-devtrace-job.js";
import { resolveApiTokens } from "../../server/api-tokens.js";
import { resolveHmacKey } from "../../server/hmac-key.js";
import { type DevtraceService, startDevtraceService } from "../../server/start-service.js";
import { integerFlag } from "../flag-values.js";
import { configFor, emit, notice } from "../output.js";

export interface ServeFlags {
  host: string;
  port: string;
  db?: string;
  blobs?: string;
  dataDir: string;
  apiToken?: string[];
  dev?: boolean;
  hmacKey?: string;
  workers: string;
  /** commander sets false for --no-workers. */
  workersEnabled?: boolean;
  judge?: string;
  uploadTokenTtl?: string;
  strictEvents?: boolean;
}

/** `serve` (loaded when the command runs; the options live in serve-command.ts). */
export async function serveAction(flags: Record<string, unknown>, command: Command): Promise<void> {
  const service = await startServe(normalizeFlags(flags), command);
  await waitForSignal();
  notice(command, "serve: shutting down");
  await service.close();
}

/** commander stores --workers and --no-workers under one key; split them. */
function normalizeFlags(flags: Record<string, unknown>): ServeFlags {
  const workers = flags.workers;
  return {
    ...(flags as unknown as ServeFlags),
    workers: typeof workers === "string" ? workers : "0",
    workersEnabled: workers !== false,
  };
}

/** Starts the service and prints how to reach it; the caller decides when to close it. */
export async function startServe(
  flags: ServeFlags,
  command: Command,
): Promise<DevtraceService & { devToken?: string }> {
  const config = await configFor(command, flags.judge ? { model: { provider: flags.judge } } : {});
  const dataDir = resolve(flags.dataDir);
  const tokens = resolveApiTokens({
    flags: flags.apiToken ?? [],
    environment: apiTokensFromEnvironment(),
    dev: flags.dev === true,
  });
  const hmac = await resolveHmacKey({
    flag: flags.hmacKey,
    environment: hmacKeyFromEnvironment(),
    dataDir,
  });
  const workers =
    flags.workersEnabled === false ? 0 : integerFlag("--workers", flags.workers, { min: 0 });
  const judgeClient = judgeClientFor(config);
  const service = await startDevtraceService({
    host: flags.host,
    port: integerFlag("--port", flags.port, { min: 0 }),
    ...(flags.db === undefined ? {} : { db: flags.db }),
    ...(flags.blobs === undefined ? {} : { blobs: flags.blobs }),
    dataDir,
    blobEnvironment: blobEnvironment(),
    apiTokens: tokens.tokens,
    hmacKey: hmac.key,
    workers,
    ...(judgeClient === undefined ? {} : { judgeClient }),
    job: { onJobDone: (entry) => notice(command, formatJobLine(entry)) },
    redactor: createRedactor(config.redaction),
    logger:
      config.logLevel === "silent" ? false : pino({ level: config.logLevel }, pino.destination(2)),
    uploadTokenTtlSeconds: integerFlag("--upload-token-ttl", flags.uploadTokenTtl ?? "86400", {
      min: 1,
    }),
    strictEvents: flags.strictEvents === true,
  });
  if (tokens.generated !== undefined) {
    notice(command, `serve: --dev API token (this run only): ${tokens.generated}`);
  }
  notice(command, hmacNotice(hmac.source, hmac.path));
  notice(
    command,
    `serve: judge ${judgeClient ? `${judgeClient.provider}:${judgeClient.model}` : "offline:devtrace-signals/v1"}; ${workers} in-process worker(s)`,
  );
  emit(command, `tracemill serve listening on ${service.url} (API docs at ${service.url}/docs)`, {
    url: service.url,
    docs: `${service.url}/docs`,
    workers,
    hmacKeySource: hmac.source,
    ...(tokens.generated === undefined ? {} : { devToken: tokens.generated }),
  });
  return tokens.generated === undefined ? service : { ...service, devToken: tokens.generated };
}

function hmacNotice(source: string, path: string | undefined): string {
  if (source === "generated") {
    return `serve: generated an HMAC key and saved it to ${path} (0600); keep it to verify traces later`;
  }
  if (source === "file") return `serve: HMAC key from ${path}`;
  return `serve: HMAC key from ${source === "flag" ? "--hmac-key" : "TRACEMILL_HMAC_KEY"}`;
}

/** The offline judge is algorithmic and lives in judgeDevtrace; only a real model needs a client. */
export function judgeClientFor(config: Config): ModelClient | undefined {
  // The server's judge never answered from the on-disk cache; it still does not.
  return languageModelOf(createConfiguredModelClient(config, { diskCache: false }));
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolvePromise) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolvePromise();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}
