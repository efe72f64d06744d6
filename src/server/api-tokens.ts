import { randomBytes } from "node:crypto";
import { TracemillError } from "../core/errors.js";

/**
 * API tokens for `serve`: every --api-token plus TRACEMILL_API_TOKENS (comma-separated; passed
 * in, not read here). `--dev` adds one generated token to print. No built-in token exists.
 */
export function resolveApiTokens(options: {
  flags?: readonly string[];
  environment?: string;
  dev?: boolean;
}): { tokens: string[]; generated?: string } {
  const tokens = [...(options.flags ?? []), ...(options.environment ?? "").split(",")]
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
  const short = tokens.find((token) => token.length < 16);
  if (short !== undefined) {
    throw new TracemillError(
      "config_invalid",
      `an API token must be at least 16 characters (one given has ${short.length})`,
    );
  }
  if (options.dev === true) {
    const generated = `tm_dev_${randomBytes(24).toString("base64url")}`;
    return { tokens: [...tokens, generated], generated };
  }
  if (tokens.length === 0) {
    throw new TracemillError(
      "config_invalid",
      "no API token: pass --api-token <token> (repeatable), set TRACEMILL_API_TOKENS=t1,t2, or use --dev to generate one",
    );
  }
  return { tokens };
}
