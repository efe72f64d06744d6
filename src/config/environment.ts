import type { BlobEnvironment } from "../store/open-blobs.js";

/**
 * The one place tracemill reads the process environment: a typed reader per need, so each caller
 * gets the few variables it uses and nothing else (no command hands all of `process.env` on).
 * Kept free of imports with a cost: the CLI's light commands load it. Exceptions, each one line
 * and named in environment.test.ts: a model provider's API-key fallback (house style) and the
 * test-support helpers.
 */
type Environment = Readonly<Record<string, string | undefined>>;

/** A variable as set (an empty value included: callers decide what empty means), else undefined. */
function variable(name: string, env: Environment = process.env): string | undefined {
  return env[name];
}

/** The variables `environmentLayer` (load-config.ts) understands, for the CLI's config load. */
export const configVariableNames = [
  "TRACEMILL_RUNS_DIR",
  "TRACEMILL_CACHE_DIR",
  "TRACEMILL_LOG_LEVEL",
  "TRACEMILL_MODEL",
  "OPENAI_BASE_URL",
  "OPENAI_API_KEY",
  "TRACEMILL_MAX_COST",
  "TRACEMILL_EMBEDDER",
  "TRACEMILL_EMBEDDER_BASE_URL",
] as const;

function pick<Name extends string>(
  names: readonly Name[],
  env: Environment,
): Partial<Record<Name, string>> {
  const picked: Partial<Record<Name, string>> = {};
  for (const name of names) {
    const value = variable(name, env);
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

export function configEnvironment(env: Environment = process.env): Record<string, string> {
  return pick(configVariableNames, env);
}

/** What a blob URL may draw on: S3 credentials, region and endpoint. */
export function blobEnvironment(env: Environment = process.env): BlobEnvironment {
  return pick(
    ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "TRACEMILL_S3_ENDPOINT"] as const,
    env,
  );
}

/** The devtrace HMAC key (`--hmac-key` wins over it). */
export const hmacKeyFromEnvironment = (env?: Environment) => variable("TRACEMILL_HMAC_KEY", env);
/** The viewer's bearer token (`--token` wins). */
export const viewTokenFromEnvironment = (env?: Environment) =>
  variable("TRACEMILL_VIEW_TOKEN", env);
/** The token `devtrace submit` sends (`--token` wins). */
export const apiTokenFromEnvironment = (env?: Environment) => variable("TRACEMILL_API_TOKEN", env);
/** The tokens the devtrace server accepts, comma separated (`--api-token` adds to them). */
export const apiTokensFromEnvironment = (env?: Environment) =>
  variable("TRACEMILL_API_TOKENS", env);
/** Print an internal error's stack. */
export const debugFromEnvironment = (env?: Environment): boolean =>
  Boolean(variable("TRACEMILL_DEBUG", env));
/** Where external tools (ffmpeg, bwrap) are looked up. */
export const searchPathFromEnvironment = (env?: Environment): string => variable("PATH", env) ?? "";
