import type { Command } from "commander";
import { exitStatuses } from "../../core/errors.js";
import { createRedactor } from "../../model/redact.js";
import { resolveProcessOptions } from "../../pipelines/screen/options.js";
import { runScreenPipeline } from "../../pipelines/screen/run-screen-pipeline.js";
import { renderTally } from "../../runs/run-tally.js";
import { modelFlagsConfig } from "../flag-values.js";
import { configFor, emit, globalOptions, notice } from "../output.js";
import { createPhaseProgress } from "../progress.js";
import type { ProcessCommandFlags } from "./process-command.js";

/** `process` (loaded when the command runs; the options live in process-command.ts). */
export async function processAction(flags: ProcessCommandFlags, command: Command): Promise<void> {
  const config = await configFor(command, {
    model: { ...modelFlagsConfig(flags), maxCostUsd: flags.maxCost },
  });
  const options = resolveProcessOptions(flags, process.cwd());
  const progress = createPhaseProgress({
    quiet: globalOptions(command).quiet,
    first: "sessions",
    firstTotal: options.sessions?.length ?? 0,
  });
  const { detail: report } = await runScreenPipeline(options, {
    config,
    redactor: createRedactor(config.redaction),
    warn: (line) => notice(command, line),
    onProgress: progress.onProgress,
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
        `sessions: ${renderTally(report.tally)}; run ${report.runId}`,
      ].join("\n"),
    report,
  );
  if (report.failures.length > 0) process.exitCode = exitStatuses.someFailed;
}
