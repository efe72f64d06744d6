import type { Command } from "commander";
import { TracemillError } from "../../core/errors.js";
import { inspectRun, listRuns, pruneRuns } from "../../runs/list-runs.js";
import { renderPruneResult, renderRunDetails, renderRunList } from "../../runs/render-runs.js";
import { configFor, emit } from "../output.js";

/** `tracemill runs list|inspect|prune`: read and tidy the run folders under config.runsDir. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command("runs").description("list, inspect and prune run folders");

  runs
    .command("list")
    .description("runs, newest first")
    .option("--limit <n>", "show at most n runs", parseCount)
    .action(async (options: { limit?: number }, command: Command) => {
      const config = await configFor(command);
      const all = await listRuns(config.runsDir);
      const shown = options.limit === undefined ? all : all.slice(0, options.limit);
      emit(command, () => renderRunList(shown), { runsDir: config.runsDir, runs: shown });
    });

  runs
    .command("inspect")
    .description("a run's manifest, stages, metrics, inputs and last warnings")
    .argument("<id>", "run id (see `tracemill runs list`), or latest")
    .action(async (id: string, _options: unknown, command: Command) => {
      const config = await configFor(command);
      const run = await inspectRun(config.runsDir, id);
      emit(command, () => renderRunDetails(run), run);
    });

  runs
    .command("prune")
    .description("delete all but the newest runs (prints what it would delete unless --yes)")
    .requiredOption("--keep-last <n>", "how many of the newest runs to keep", parseCount)
    .option("--yes", "really delete")
    .action(async (options: { keepLast: number; yes?: boolean }, command: Command) => {
      const config = await configFor(command);
      const result = await pruneRuns(config.runsDir, {
        keepLast: options.keepLast,
        dryRun: options.yes !== true,
      });
      emit(command, () => renderPruneResult(result), result);
    });
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
    throw new TracemillError("input_invalid", `expected a whole number ≥ 0, got "${value}"`);
  }
  return count;
}
