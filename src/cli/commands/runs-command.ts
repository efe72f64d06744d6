import type { Command } from "commander";
import { TracemillError } from "../../core/errors.js";

/** `tracemill runs list|inspect|prune`: read and tidy the run folders under config.runsDir. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command("runs").description("list, inspect and prune run folders");

  runs
    .command("list")
    .description("runs, newest first")
    .option("--limit <n>", "show at most n runs", parseCount)
    .action(async (options: { limit?: number }, command: Command) => {
      const { runsListAction } = await import("./runs.js");
      await runsListAction(options, command);
    });

  runs
    .command("inspect")
    .description("a run's manifest, stages, metrics, inputs and last warnings")
    .argument("<id>", "run id (see `tracemill runs list`)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const { runsInspectAction } = await import("./runs.js");
      await runsInspectAction(id, command);
    });

  runs
    .command("prune")
    .description("delete all but the newest runs (prints what it would delete unless --yes)")
    .requiredOption("--keep-last <n>", "how many of the newest runs to keep", parseCount)
    .option("--yes", "really delete")
    .action(async (options: { keepLast: number; yes?: boolean }, command: Command) => {
      const { runsPruneAction } = await import("./runs.js");
      await runsPruneAction(options, command);
    });
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
    throw new TracemillError("input_invalid", `expected a whole number ≥ 0, got "${value}"`);
  }
  return count;
}
