import { TracemillError } from "../core/errors.js";

/**
 * Numeric flag values, checked one way for every command: the error names the flag, what it must
 * be and what was given. An absent value takes `fallback` when there is one.
 */
export function integerFlag(
  flag: string,
  value: string | undefined,
  options: { min?: number; fallback?: number } = {},
): number {
  if (value === undefined && options.fallback !== undefined) return options.fallback;
  const parsed = Number(value);
  if (
    value === undefined ||
    value.trim() === "" ||
    !Number.isInteger(parsed) ||
    (options.min !== undefined && parsed < options.min)
  ) {
    const range = options.min === undefined ? "" : ` ≥ ${options.min}`;
    throw new TracemillError("input_invalid", `${flag} must be an integer${range}, not "${value}"`);
  }
  return parsed;
}

/** A finite number ≥ 0 (> 0 with `positive`), at most `max` when given. */
export function numberFlag(
  flag: string,
  value: string | undefined,
  options: { positive?: boolean; max?: number; fallback?: number } = {},
): number {
  if (value === undefined && options.fallback !== undefined) return options.fallback;
  const parsed = Number(value);
  const low = options.positive ? parsed <= 0 : parsed < 0;
  if (
    value === undefined ||
    value.trim() === "" ||
    !Number.isFinite(parsed) ||
    low ||
    (options.max !== undefined && parsed > options.max)
  ) {
    const range = `${options.positive ? "a positive" : "a non-negative"} number${options.max !== undefined ? ` ≤ ${options.max}` : ""}`;
    throw new TracemillError("input_invalid", `${flag} must be ${range}, not "${value}"`);
  }
  return parsed;
}

/** The model flags several commands take: --provider, --base-url, --api-key and --no-cache. */
export interface ModelFlags {
  provider?: string;
  baseUrl?: string;
  apiKey?: string;
  /** commander's --no-cache sets this to false. */
  cache?: boolean;
}

/**
 * Those flags in the config's `model` shape for configFor: an absent flag stays undefined (the
 * environment, the config file or the default decides), and only --no-cache turns the cache off.
 */
export function modelFlagsConfig(flags: ModelFlags): ModelFlags {
  return {
    provider: flags.provider,
    baseUrl: flags.baseUrl,
    apiKey: flags.apiKey,
    cache: flags.cache === false ? false : undefined,
  };
}
