import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { z } from "zod";
import { type Config, configSchema } from "../core/config.js";
import { TracemillError } from "../core/errors.js";
import { configFileName, environmentLayer } from "./config-sources.js";

/**
 * Loads the one Config: flags > environment > tracemill.config.json > defaults. Called once by
 * the CLI or the server; everything below receives the typed object. Errors name the bad key
 * and where its value came from.
 */

type Layer = Record<string, unknown>;

export { configFileName, environmentLayer };

export interface LoadConfigOptions {
  cwd?: string;
  /** Explicit config file; when absent, `<cwd>/tracemill.config.json` is used if it exists. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, in the config's own nested shape. */
  flags?: Layer;
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const cwd = options.cwd ?? process.cwd();
  const file = await readConfigFile(cwd, options.configPath);
  const env = environmentLayer(options.env ?? {});
  const flags = options.flags ?? {};
  const merged = mergeLayers(mergeLayers(file.layer, env), flags);
  const parsed = configSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  throw new TracemillError(
    "config_invalid",
    describeIssues(parsed.error, { file: file.path, env, flags }),
    {
      details: { issues: parsed.error.issues },
    },
  );
}

async function readConfigFile(cwd: string, explicit: string | undefined) {
  const path = resolve(cwd, explicit ?? configFileName);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && explicit === undefined) {
      return { path: undefined, layer: {} };
    }
    // A missing path is not_found (66) in every command; an unreadable one is a config problem.
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new TracemillError(
      missing ? "not_found" : "config_invalid",
      `cannot read config file ${path}: ${missing ? "no such file" : (error as Error).message}`,
    );
  }
  try {
    const layer = JSON.parse(text) as unknown;
    if (typeof layer !== "object" || layer === null || Array.isArray(layer)) {
      throw new Error("the top level must be an object");
    }
    return { path, layer: layer as Layer };
  } catch (error) {
    throw new TracemillError(
      "config_invalid",
      `config file ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Deep merge of plain objects; arrays and scalars of the later layer replace the earlier. */
export function mergeLayers(base: Layer, over: Layer): Layer {
  const result: Layer = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const existing = result[key];
    result[key] =
      isPlainObject(existing) && isPlainObject(value) ? mergeLayers(existing, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Layer {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeIssues(
  error: z.ZodError,
  sources: { file: string | undefined; env: Layer; flags: Layer },
): string {
  const lines = error.issues.map((issue) => {
    const path = [...issue.path.map(String), ...unrecognizedKeys(issue)];
    const key = path.join(".") || "(root)";
    return `  ${key}: ${issue.message} (from ${sourceOf(issue.path.map(String), sources)})`;
  });
  return `invalid configuration:\n${lines.join("\n")}`;
}

function unrecognizedKeys(issue: z.core.$ZodIssue): string[] {
  return issue.code === "unrecognized_keys" && issue.keys.length === 1
    ? [issue.keys[0] as string]
    : [];
}

function sourceOf(
  path: string[],
  sources: { file: string | undefined; env: Layer; flags: Layer },
): string {
  if (has(sources.flags, path)) return "command-line flag";
  if (has(sources.env, path)) return "environment";
  if (sources.file) return sources.file;
  return "defaults";
}

function has(layer: Layer, path: string[]): boolean {
  let current: unknown = layer;
  for (const key of path) {
    if (!isPlainObject(current) || !(key in current)) return false;
    current = current[key];
  }
  return true;
}
