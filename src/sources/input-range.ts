import { TracemillError } from "../core/errors.js";

/**
 * Limits past which a recorder's number is not a measurement but a fault (1e308, -1e308, 1e24):
 * such a value would only surface later as `Invalid time value` or Infinity in an output, so a
 * reader refuses the session at once with the file and line (or field).
 */

/** JavaScript dates end at ±8.64e15 ms (±275,000 years around 1970). */
export const maxEpochMs = 8.64e15;
/** No display is a million points wide; a coordinate or wheel delta past this is corrupt. */
export const maxCoordinate = 1e6;

export function isEpochMs(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= maxEpochMs;
}

export function isCoordinate(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= maxCoordinate;
}

/** `input_invalid` naming where: `file:line` or `file (field)`. */
export function invalidInput(where: string, message: string): TracemillError {
  return new TracemillError("input_invalid", `${where}: ${message}`);
}
