import { isAbsolute, relative, resolve, sep } from "node:path";
import { TracemillError } from "./errors.js";

/**
 * Ids that become file or object names (chunk ids, trace ids, artifact names) and the one join
 * every writer into `--out` or a blob folder uses. An id is 1–128 of `[A-Za-z0-9._-]` and not `.`
 * or `..`; a join that would leave its root (through `..`, an absolute part or a separator) is
 * refused instead of written.
 */
export const safeIdPattern = /^[A-Za-z0-9._-]{1,128}$/;
export const safeIdRule = "1–128 of A-Z a-z 0-9 . _ - (not '.' or '..')";

export function isSafeId(id: string): boolean {
  return safeIdPattern.test(id) && id !== "." && id !== "..";
}

/** Throws `input_invalid` naming the field when `id` cannot be used as a path segment. */
export function checkSafeId(id: string, field: string): string {
  if (!isSafeId(id)) {
    throw new TracemillError(
      "input_invalid",
      `${field}: ${JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id)} is not a valid id (${safeIdRule})`,
    );
  }
  return id;
}

/** `root` joined with `parts`, refused (`input_invalid`) when the result is not inside `root`. */
export function safeJoin(root: string, ...parts: string[]): string {
  const base = resolve(root);
  const target = resolve(base, ...parts);
  const inside = relative(base, target);
  if (
    parts.some((part) => part.includes("\0")) ||
    inside.startsWith(`..${sep}`) ||
    inside === ".." ||
    isAbsolute(inside)
  ) {
    throw new TracemillError(
      "input_invalid",
      `path ${JSON.stringify(parts.join("/"))} would leave ${base}; refused`,
    );
  }
  return target;
}
