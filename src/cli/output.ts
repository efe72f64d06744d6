import type { Command } from "commander";
import { configEnvironment } from "../config/environment.js";
import type { Config } from "../core/config.js";

/** Global flags every command sees (declared once on the root program in main.ts). */
export interface GlobalOptions {
  json: boolean;
  quiet: boolean;
  config?: string;
  runsDir?: string;
  logLevel?: string;
}

/** Declares the global flags on a root program: main.ts and the in-process command tests share it. */
export function declareGlobalOptions(program: Command): Command {
  return program
    .option("--json", "machine-readable output on stdout")
    .option("-q, --quiet", "print nothing but errors")
    .option("-c, --config <file>", "config file (default: ./tracemill.config.json when present)")
    .option("--runs-dir <dir>", "where run folders live (default: ./runs)")
    .option("--log-level <level>", "trace|debug|info|warn|error|silent");
}

export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals() as Partial<GlobalOptions>;
  return {
    json: options.json === true,
    quiet: options.quiet === true,
    config: options.config,
    runsDir: options.runsDir,
    logLevel: options.logLevel,
  };
}

/**
 * Prints a command's result: JSON on stdout with --json (and nothing else on stdout), the
 * human text otherwise, nothing with --quiet.
 */
export function emit(command: Command, human: string | (() => string), json: unknown): void {
  const options = globalOptions(command);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  if (options.quiet) return;
  const text = typeof human === "function" ? human() : human;
  if (text.length > 0) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** A line for the person at the terminal (stderr, so --json stdout stays clean). */
export function notice(command: Command, text: string): void {
  if (!globalOptions(command).quiet) process.stderr.write(`${text}\n`);
}

/**
 * Loads the config for a command: flags (given here in the config's nested shape, undefined
 * members ignored) > environment > config file > defaults.
 */
export async function configFor(
  command: Command,
  flags: Record<string, unknown> = {},
): Promise<Config> {
  const options = globalOptions(command);
  const globals: Record<string, unknown> = {};
  if (options.runsDir) globals.runsDir = options.runsDir;
  if (options.logLevel) globals.logLevel = options.logLevel;
  // Loaded here, not at the top: --help, --version and the command table need no config (or zod).
  const { loadConfig } = await import("../config/load-config.js");
  return loadConfig({
    configPath: options.config,
    env: configEnvironment(),
    flags: { ...globals, ...dropUndefined(flags) },
  });
}

/**
 * The runs folder only (`runs list|inspect|prune`): the same sources as configFor, but zod loads
 * only when a config file or an unusual flag or variable needs validating.
 */
export async function runsDirFor(command: Command): Promise<string> {
  const options = globalOptions(command);
  const flags: Record<string, unknown> = {};
  if (options.runsDir) flags.runsDir = options.runsDir;
  if (options.logLevel) flags.logLevel = options.logLevel;
  const { loadRunsDir } = await import("../config/load-runs-dir.js");
  return loadRunsDir({ configPath: options.config, env: configEnvironment(), flags });
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    result[key] =
      typeof member === "object" && member !== null && !Array.isArray(member)
        ? dropUndefined(member as Record<string, unknown>)
        : member;
  }
  return result;
}
