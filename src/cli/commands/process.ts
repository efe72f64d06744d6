import type { Command } from "commander";
import { processScreenSessions, resolveProcessOptions } from "../../pipelines/screen/index.js";
import { toolVersion } from "../../version.js";
import { configFor, emit, globalOptions, notice } from "../output.js";
import { createProgress } from "../progress.js";
import type { ProcessCommandFlags } from "./process-command.js";

/** `process` (loaded when the command runs; the options live in process-command.ts). */
export async function processAction(flags: ProcessCommandFlags, command: Command): Promise<void> {
  const config = await configFor(command, {
    model: {
      maxCostUsd: flags.maxCost,
      cache: flags.cache === false ? false : undefined,
      baseUrl: flags.baseUrl,
      apiKey: flags.apiKey,
    },
  });
  const options = resolveProcessOptions(flags, process.cwd());
  const progress = createProgress({
    label: "sessions",
    total: options.sessions?.length ?? 0,
    quiet: globalOptions(command).quiet,
  });
  const report = await processScreenSessions(options, config, {
    toolVersion,
    notice: (line) => notice(command, line),
    onSessionDone: (_id, done, total) => {
      progress.setTotal(total);
      progress.tick(1, `${done}/${total}`);
    },
  });
  progress.stop();
  emit(
    command,
    () =>
      [
        ...report.outcomes.map(
          (outcome) =>
            `${outcome.sessionId}: ${outcome.steps} steps, ${outcome.frames} frames, ${outcome.messages} messages` +
            `${outcome.evaluation ? `, score ${outcome.evaluation.score} (${outcome.evaluation.judge.model})` : ""}` +
            `${outcome.warnings.length ? `, ${outcome.warnings.length} warnings` : ""} → ${outcome.outDir}`,
        ),
        `${report.outcomes.length} processed, ${report.failures.length} failed; run ${report.runId}`,
      ].join("\n"),
    report,
  );
  if (report.failures.length > 0) process.exitCode = 1;
}
