import { resolve } from "node:path";
import type { Command } from "commander";
import { exitCodes, exitStatuses } from "../../core/errors.js";
import { createRedactor } from "../../model/redact.js";
import {
  gradeConversations,
  renderConversationGradeReport,
} from "../../pipelines/conversations/index.js";
import { integerFlag, modelFlagsConfig } from "../flag-values.js";
import { configFor, emit, globalOptions } from "../output.js";
import { createPhaseProgress } from "../progress.js";
import type { InsightsGradeFlags } from "./insights-command.js";

/**
 * `insights grade` (loaded when the command runs; options in insights-command.ts): flags in,
 * `gradeConversations` called, its report printed. `--resume <runId|latest>` continues a stopped
 * run without grading again what it graded. Exit 1 when the run was interrupted or a conversation could not be
 * graded, 65 when the file held no conversation at all.
 */
export async function insightsGradeAction(
  flags: InsightsGradeFlags,
  command: Command,
): Promise<void> {
  const config = await configFor(command, { model: modelFlagsConfig(flags) });
  const redactor = createRedactor(config.redaction);
  const options = globalOptions(command);
  const progress = createPhaseProgress({ quiet: options.quiet === true || options.json === true });
  // The first Ctrl-C (or SIGTERM) stops reading: requests already sent finish and are kept, the
  // run is marked interrupted and `--resume` continues it; a second one ends the process.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const report = await gradeConversations(
    {
      input: resolve(flags.input),
      out: resolve(flags.out),
      ...(flags.limit === undefined
        ? {}
        : { limit: integerFlag("--limit", flags.limit, { min: 1 }) }),
      concurrency: integerFlag("--concurrency", flags.concurrency, { min: 1 }),
      ...(flags.resume === undefined ? {} : { resume: flags.resume }),
    },
    // No client here: the pipeline builds it from the config and records every model attempt in its run.
    { config, redactor, onProgress: progress.onProgress, signal: stop.signal },
  ).finally(() => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    progress.stop();
  });
  emit(command, () => renderConversationGradeReport(report), report);
  if (report.counts.in === 0 || (report.counts.written === 0 && report.counts.quarantined === 0))
    process.exitCode = exitCodes.input_invalid;
  else if (report.status !== "completed") process.exitCode = exitStatuses.someFailed;
}
