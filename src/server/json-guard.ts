import { TracemillError } from "../core/errors.js";

/**
 * Checks every string (and key) of a parsed JSON body before any handler sees it: no NUL, no lone
 * UTF-16 surrogate (Postgres refuses both in jsonb and text), no string longer than the field cap
 * (inline artifact `content` excepted: the body limit bounds it), no nesting deeper than
 * `maxJsonDepth`. The first problem becomes a 422 naming the field (`events[2].cmd`). The walk
 * is iterative, so a deeply nested body cannot overflow the stack.
 */
export const defaultMaxFieldChars = 1024 * 1024;
export const maxJsonDepth = 64;

export interface JsonGuardOptions {
  maxFieldChars: number;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

export function checkJsonText(body: unknown, options: JsonGuardOptions): void {
  const stack: Pending[] = [{ value: body, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as Pending;
    if (typeof value === "string") {
      checkString(
        value,
        path,
        isArtifactContent(path) ? Number.POSITIVE_INFINITY : options.maxFieldChars,
      );
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= maxJsonDepth) {
      throw invalid(`${label(path)}: nested deeper than ${maxJsonDepth} levels`);
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index], path: `${path}[${index}]`, depth: depth + 1 });
      }
      continue;
    }
    const entries = Object.entries(value);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index] as [string, unknown];
      const childPath = path === "" ? key : `${path}.${key}`;
      checkString(key, `${label(path)} (a key)`, 1024);
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
}

/** The same checks for one value that is not JSON (a query parameter). */
export function checkText(value: string, field: string, maxChars: number): void {
  checkString(value, field, maxChars);
}

function checkString(value: string, path: string, maxChars: number): void {
  if (value.length > maxChars) {
    throw invalid(
      `${label(path)}: ${value.length} characters is over the limit of ${maxChars} per field`,
      { field: label(path), limit: maxChars },
    );
  }
  if (value.includes("\u0000")) {
    throw invalid(`${label(path)}: contains a NUL character (\\u0000), which cannot be stored`, {
      field: label(path),
    });
  }
  if (loneSurrogate.test(value)) {
    throw invalid(
      `${label(path)}: contains a lone UTF-16 surrogate (such as \\udfff), which is not valid Unicode`,
      { field: label(path) },
    );
  }
}

/** `artifacts.<name>.content` carries whole files (base64 snapshots); the body limit caps it. */
function isArtifactContent(path: string): boolean {
  return /^artifacts\.[^.[\]]+\.content$/.test(path);
}

function label(path: string): string {
  return path === "" ? "body" : path;
}

function invalid(message: string, details?: Record<string, unknown>): TracemillError {
  return new TracemillError("input_invalid", message, details === undefined ? {} : { details });
}
