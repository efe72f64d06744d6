import type { Command } from "commander";
import { inspectRun, listRuns, pruneRuns } from "../../runs/list-runs.js";
import { renderPruneResult, renderRunDetails, renderRunList } from "../../runs/render-runs.js";
import { configFor, emit } from "../output.js";

/** `runs list` (loaded when the command runs; the options live in runs-command.ts). */
export async function runsListAction(options: { limit?: number }, command: Command): Promise<void> {
  const config = await configFor(command);
  const all = await listRuns(config.runsDir);
  const shown = options.limit === undefined ? all : all.slice(0, options.limit);
  emit(command, () => renderRunList(shown), { runsDir: config.runsDir, runs: shown });
}

export async function runsInspectAction(id: string, command: Command): Promise<void> {
  const config = await configFor(command);
  const run = await inspectRun(config.runsDir, id);
  emit(command, () => renderRunDetails(run), run);
}

export async function runsPruneAction(
  options: { keepLast: number; yes?: boolean },
  command: Command,
): Promise<void> {
  const config = await configFor(command);
  const result = await pruneRuns(config.runsDir, {
    keepLast: options.keepLast,
    dryRun: options.yes !== true,
  });
  emit(command, () => renderPruneResult(result), result);
}
