import { resolve } from "node:path";
import type { Command } from "commander";
import { exitCodes, exitStatuses } from "../../core/errors.js";
import { createConfiguredModelClient } from "../../model/configured-client.js";
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
 * `gradeConversations` called, its report printed. Exit 1 when a conversation could not be
 * graded, 65 when the file held no conversation at all.
 */
export async function insightsGradeAction(
  flags: InsightsGradeFlags,
  command: Command,
): Promise<void> {
  const config = await configFor(command, { model: modelFlagsConfig(flags) });
  const redactor = createRedactor(config.redaction);
  const client = createConfiguredModelClient(config, { redactor });
  const options = globalOptions(command);
  const progress = createPhaseProgress({ quiet: options.quiet === true || options.json === true });
  const report = await gradeConversations(
    {
      input: resolve(flags.input),
      out: resolve(flags.out),
      ...(flags.limit === undefined
        ? {}
        : { limit: integerFlag("--limit", flags.limit, { min: 1 }) }),
    },
    { config, client, redactor, onProgress: progress.onProgress },
  ).finally(() => progress.stop());
  emit(command, () => renderConversationGradeReport(report), report);
  if (report.counts.in === 0 || (report.counts.written === 0 && report.counts.quarantined === 0))
    process.exitCode = exitCodes.input_invalid;
  else if (report.status !== "completed") process.exitCode = exitStatuses.someFailed;
}
