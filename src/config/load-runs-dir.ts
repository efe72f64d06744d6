import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { configFileName, environmentLayer } from "./config-sources.js";
import type { LoadConfigOptions } from "./load-config.js";

/**
 * The runs folder alone, for the commands that need nothing else (`runs list|inspect|prune`),
 * without loading zod when nothing could be invalid: no config file, and only flags and
 * environment variables whose check is trivial. Anything else goes through loadConfig, so a bad
 * config errs exactly as in every other command.
 */
export const logLevels = ["trace", "debug", "info", "warn", "error", "silent"] as const;

/** The schema's default (load-runs-dir.test.ts holds the two equal). */
export const defaultRunsDir = "runs";

export async function loadRunsDir(options: LoadConfigOptions = {}): Promise<string> {
  const light = await lightRunsDir(options);
  if (light !== undefined) return light;
  const { loadConfig } = await import("./load-config.js");
  return (await loadConfig(options)).runsDir;
}

async function lightRunsDir(options: LoadConfigOptions): Promise<string | undefined> {
  if (options.configPath !== undefined) return undefined;
  const file = resolve(options.cwd ?? process.cwd(), configFileName);
  if ((await stat(file).catch(() => undefined)) !== undefined) return undefined;
  const env = environmentLayer(options.env ?? {});
  const flags = options.flags ?? {};
  const layers = [env, flags];
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (key === "runsDir" && typeof value === "string" && value.length > 0) continue;
      if (key === "logLevel" && (logLevels as readonly unknown[]).includes(value)) continue;
      if (key === "model" && onlyAnApiKey(value)) continue;
      return undefined;
    }
  }
  const runsDir = flags.runsDir ?? env.runsDir ?? defaultRunsDir;
  return runsDir as string;
}

/** OPENAI_API_KEY is often set; the config only asks that it is not empty. */
function onlyAnApiKey(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  return entries.every(
    ([key, member]) => key === "apiKey" && typeof member === "string" && member.length > 0,
  );
}
