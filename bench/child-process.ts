import { spawnSync } from "node:child_process";

/**
 * Benchmarks that report peak RSS run each measurement in a process of its own: the parent
 * spawns `<script> --child <what> …` and reads the JSON line the child prints last.
 */
export function numberOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** The `--child` argument when this process is a measurement child. */
export function childArgument(): string | undefined {
  const index = process.argv.indexOf("--child");
  return index === -1 ? undefined : process.argv[index + 1];
}

/** Prints a child's result with its own peak RSS, as the parent reads it. */
export function reportFromChild(result: object): void {
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb })}\n`);
}

// biome-ignore lint/suspicious/noExplicitAny: a child's JSON result, read field by field
export function runChild(script: string, what: string, args: readonly string[]): any {
  const result = spawnSync(process.execPath, [script, "--child", what, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`${what} ${args.join(" ")} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) as string);
}
