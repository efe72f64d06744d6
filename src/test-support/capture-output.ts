import { Command } from "commander";
import { afterEach, beforeEach, type MockInstance, vi } from "vitest";
import { declareGlobalOptions } from "../cli/output.js";

/** What a command wrote to stdout and stderr while the capture ran. */
export interface CapturedOutput {
  stdout(): string;
  stderr(): string;
  /** Forgets what was written so far (to read one command's output after another's). */
  clear(): void;
  /** Puts the real process.stdout.write and process.stderr.write back. */
  restore(): void;
}

/** Starts capturing process.stdout and process.stderr now; nothing reaches the terminal until restore(). */
export function captureOutput(): CapturedOutput {
  const written = { stdout: [] as string[], stderr: [] as string[] };
  const spies: MockInstance[] = (["stdout", "stderr"] as const).map((stream) =>
    vi.spyOn(process[stream], "write").mockImplementation((chunk: string | Uint8Array) => {
      written[stream].push(String(chunk));
      return true;
    }),
  );
  return {
    stdout: () => written.stdout.join(""),
    stderr: () => written.stderr.join(""),
    clear: () => {
      written.stdout.length = 0;
      written.stderr.length = 0;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/**
 * Captures the output of every test in the calling file (or describe block): a fresh capture
 * before each test, restored after it, and process.exitCode reset for the next test.
 */
export function captureOutputInEachTest(): CapturedOutput {
  let current: CapturedOutput | undefined;
  beforeEach(() => {
    current = captureOutput();
  });
  afterEach(() => {
    current?.restore();
    current = undefined;
    process.exitCode = undefined;
  });
  const active = (): CapturedOutput => {
    if (current === undefined) throw new Error("output is captured only while a test runs");
    return current;
  };
  return {
    stdout: () => active().stdout(),
    stderr: () => active().stderr(),
    clear: () => active().clear(),
    restore: () => active().restore(),
  };
}

/**
 * A root program with the same global flags as the real CLI (declared by main.ts's own
 * declareGlobalOptions) and the given commands, so one command is tested in-process on its own.
 */
export function testProgram(...registers: ((program: Command) => void)[]): Command {
  const program = declareGlobalOptions(new Command("tracemill")).exitOverride();
  for (const register of registers) register(program);
  return program;
}
