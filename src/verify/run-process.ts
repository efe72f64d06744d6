import { spawn } from "node:child_process";
import { CappedOutput } from "./capped-output.js";

export interface RunProcessOptions {
  /** Environment of the outer process (bwrap/docker), not of the sandboxed command. */
  env?: Record<string, string>;
  cwd?: string;
  wallSeconds: number;
  maxOutputBytes: number;
  /** Called once the wall timer fired and the process group got SIGKILL. */
  onTimeout?: () => void;
}

export interface RunProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
  truncated: boolean;
  runtimeS: number;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

/**
 * Runs a program in its own process group and kills the whole group at the wall limit, so
 * grandchildren that ignore SIGTERM or detach from the shell cannot outlive the run.
 */
export function runProcess(
  program: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<RunProcessResult> {
  const started = performance.now();
  const output = new CappedOutput(options.maxOutputBytes);
  return new Promise((resolve) => {
    let timedOut = false;
    let spawnError: string | undefined;
    const child = spawn(program, args, {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      options.onTimeout?.();
    }, options.wallSeconds * 1000);
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("error", (error) => {
      spawnError = `${program}: ${error.message}`;
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // Leftovers in the group (a daemonised child) must not survive the run either.
      killGroup();
      resolve({
        exitCode: code,
        signal,
        timedOut,
        output: output.text(),
        truncated: output.truncated,
        runtimeS: (performance.now() - started) / 1000,
        ...(spawnError === undefined ? {} : { spawnError }),
      });
    });
  });
}
