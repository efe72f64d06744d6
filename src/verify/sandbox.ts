import type { RunProcessResult } from "./run-process.js";
import type { SandboxKind, SandboxLimits } from "./types.js";

/** Paths inside every sandbox: the restored workspace and a folder for machine-readable reports. */
export const sandboxWorkspacePath = "/workspace";
export const sandboxOutputPath = "/tracemill-output";
/** The unprivileged identity the tests run as (nobody/nogroup on Debian). */
export const sandboxUid = 65534;
export const sandboxGid = 65534;

export interface SandboxCommand {
  /** Program and arguments as seen inside the sandbox. */
  argv: string[];
  /** Host folder mounted read-write at /workspace. */
  workspaceDir: string;
  /** Host folder mounted read-write at /tracemill-output (reports land here). */
  outputDir: string;
  /** Extra host folders (toolchains) mounted read-only at the same path. */
  readOnlyPaths: string[];
  /** The whole environment of the command: nothing is inherited. */
  env: Record<string, string>;
  limits: SandboxLimits;
}

export interface SandboxRunResult {
  sandbox: SandboxKind;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  output: string;
  truncated: boolean;
  runtimeS: number;
  /** Why the run ended abnormally, in words (wall limit, CPU limit, start failure). */
  reason?: string;
}

export interface SandboxRunner {
  readonly kind: SandboxKind;
  run(command: SandboxCommand): Promise<SandboxRunResult>;
}

/** bwrap and docker report a child killed by signal N as exit status 128+N. */
export function describeAbnormalEnd(
  exitCode: number | null,
  signal: string | null,
  timedOut: boolean,
  limits: SandboxLimits,
): string | undefined {
  if (timedOut) return `killed at the wall-time limit of ${limits.wallSeconds} s`;
  const innerSignal = exitCode !== null && exitCode > 128 ? exitCode - 128 : undefined;
  if (signal !== null) return `sandbox ended by ${signal}`;
  if (innerSignal === 24) return `killed at the CPU-time limit of ${limits.cpuSeconds} s (SIGXCPU)`;
  if (innerSignal === 25) return "a file exceeded the file-size limit (SIGXFSZ)";
  if (innerSignal === 9) return "killed by SIGKILL (CPU-time or memory limit)";
  return undefined;
}

/** One sandbox run's result, the same for every runner: what the process did, and why it ended early. */
export function sandboxRunResult(
  sandbox: SandboxKind,
  result: RunProcessResult,
  limits: SandboxLimits,
): SandboxRunResult {
  const reason =
    result.spawnError ??
    describeAbnormalEnd(result.exitCode, result.signal, result.timedOut, limits);
  return {
    sandbox,
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    output: result.output,
    truncated: result.truncated,
    runtimeS: result.runtimeS,
    ...(reason === undefined ? {} : { reason }),
  };
}
