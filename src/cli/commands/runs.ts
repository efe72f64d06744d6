import type { Command } from "commander";
import { inspectRun, listRuns, pruneRuns } from "../../runs/list-runs.js";
import { renderPruneResult, renderRunDetails, renderRunList } from "../../runs/render-runs.js";
import { emit, runsDirFor } from "../output.js";

/** `runs list` (loaded when the command runs; the options live in runs-command.ts). */
export async function runsListAction(options: { limit?: number }, command: Command): Promise<void> {
  const runsDir = await runsDirFor(command);
  const all = await listRuns(runsDir);
  const shown = options.limit === undefined ? all : all.slice(0, options.limit);
  emit(command, () => renderRunList(shown), { runsDir, runs: shown });
}

export async function runsInspectAction(id: string, command: Command): Promise<void> {
  const run = await inspectRun(await runsDirFor(command), id);
  emit(command, () => renderRunDetails(run), run);
}

export async function runsPruneAction(
  options: { keepLast: number; yes?: boolean },
  command: Command,
): Promise<void> {
  const result = await pruneRuns(await runsDirFor(command), {
    keepLast: options.keepLast,
    dryRun: options.yes !== true,
  });
  emit(command, () => renderPruneResult(result), result);
}
