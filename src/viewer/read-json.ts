import { readFile } from "node:fs/promises";
import { TracemillError } from "../core/errors.js";

/** Loose readers for the viewer: a file that is missing or broken becomes a warning, not a 500. */
export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Reads one JSON file; a parse error names the file and, when it can, the line. */
export async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new TracemillError("not_found", `${path}: no such file`);
    }
    throw new TracemillError("io", `${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TracemillError("input_invalid", `${path}: ${describeParseError(text, error)}`);
  }
}

/** Like readJson, but a missing or broken file gives undefined and one warning line. */
export async function readJsonOr(path: string, warnings: string[]): Promise<unknown> {
  try {
    return await readJson(path);
  } catch (error) {
    if (!(error instanceof TracemillError && error.code === "not_found")) {
      warnings.push((error as Error).message);
    }
    return undefined;
  }
}

export interface JsonlRead {
  rows: unknown[];
  /** Lines seen (non-empty), including the broken ones. */
  total: number;
}

/**
 * Reads a JSON-lines file; a broken line is a warning naming file and line, the rest are kept.
 * `limit` keeps the first rows only (the total still counts every line).
 */
export async function readJsonl(
  path: string,
  warnings: string[],
  limit = Number.POSITIVE_INFINITY,
): Promise<JsonlRead> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { rows: [], total: 0 };
    warnings.push(`${path}: ${(error as Error).message}`);
    return { rows: [], total: 0 };
  }
  const rows: unknown[] = [];
  let total = 0;
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    total++;
    if (rows.length >= limit) continue;
    try {
      rows.push(JSON.parse(line));
    } catch (error) {
      warnings.push(`${path}:${index + 1}: ${(error as Error).message}`);
    }
  }
  return { rows, total };
}

function describeParseError(text: string, error: unknown): string {
  const message = (error as Error).message;
  if (/\bline \d+/.test(message)) return message;
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const position = /position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return `line ${lineAt(Number(position[1]))}: ${message}`;
  // V8 without a position quotes the text around the bad token: find that text in the file.
  const quoted =
    /Unexpected token '(.+?)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (quoted?.[1] !== undefined && quoted[2] !== undefined) {
    const at = text.indexOf(quoted[2]);
    if (at >= 0)
      return `line ${lineAt(at + Math.max(0, quoted[2].indexOf(quoted[1])))}: ${message}`;
  }
  if (/end of JSON input/.test(message)) return `line ${lineAt(text.length)}: ${message}`;
  return message;
}
