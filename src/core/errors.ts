/**
 * One base error with a closed set of codes. Subclasses exist only where callers branch
 * (the model door's retry classification). The CLI maps codes to exit codes, the server to
 * HTTP statuses.
 */
export const errorCodes = [
  "config_invalid",
  "input_invalid",
  "not_found",
  "conflict",
  "drift",
  "locked",
  "unauthorized",
  "forbidden",
  "budget_exceeded",
  "model_output_invalid",
  "timeout",
  "permanent",
  "transient",
  "io",
  "unavailable",
  "internal",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class TracemillError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TracemillError";
    this.code = code;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** A request that exceeded its time limit (after retries, when retries were allowed). */
export class TimeoutError extends TracemillError {
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super("timeout", message, options);
    this.name = "TimeoutError";
  }
}

/** A failure that retrying cannot fix (a 4xx other than 408/409/429, an invalid request). */
export class PermanentError extends TracemillError {
  readonly status: number | undefined;
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; status?: number } = {},
  ) {
    super("permanent", message, options);
    this.name = "PermanentError";
    this.status = options.status;
  }
}

/** A failure that might pass on retry, raised once the retries are exhausted. */
export class TransientError extends TracemillError {
  readonly status: number | undefined;
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; status?: number } = {},
  ) {
    super("transient", message, options);
    this.name = "TransientError";
    this.status = options.status;
  }
}

/** The one table of exit codes (docs/cli.md shows it; a test keeps the two equal). */
export const exitCodes: Readonly<Record<ErrorCode, number>> = {
  config_invalid: 78,
  input_invalid: 65,
  not_found: 66,
  conflict: 75,
  drift: 75,
  locked: 75,
  unauthorized: 77,
  forbidden: 77,
  budget_exceeded: 75,
  model_output_invalid: 76,
  timeout: 69,
  permanent: 76,
  transient: 69,
  io: 74,
  unavailable: 69,
  internal: 70,
};

/**
 * The exit statuses that are not an error's (docs/cli.md's table): success; some items failed
 * while the others finished (a required doctor check, a screen session, a devtrace, an episode);
 * nothing wrong found but not vouched for either (`devtrace verify` on a legacy seal); a usage
 * error (an unknown or missing flag or command). Commands set these names, never numbers.
 */
export const exitStatuses = { ok: 0, someFailed: 1, unverified: 2, usage: 64 } as const;

const httpStatuses: Record<ErrorCode, number> = {
  config_invalid: 500,
  input_invalid: 422,
  not_found: 404,
  conflict: 409,
  drift: 409,
  locked: 423,
  unauthorized: 401,
  forbidden: 403,
  budget_exceeded: 402,
  model_output_invalid: 502,
  timeout: 504,
  permanent: 502,
  transient: 503,
  io: 500,
  unavailable: 503,
  internal: 500,
};

/** Exit code for the CLI (sysexits-style, so scripts can branch on the kind of failure). */
export function exitCodeFor(error: unknown): number {
  return error instanceof TracemillError ? exitCodes[error.code] : exitCodes.internal;
}

export function httpStatusFor(error: unknown): number {
  return error instanceof TracemillError ? httpStatuses[error.code] : 500;
}

/** Wraps anything thrown into a TracemillError without losing the original as `cause`. */
export function toTracemillError(error: unknown): TracemillError {
  if (error instanceof TracemillError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TracemillError("internal", message, { cause: error });
}
