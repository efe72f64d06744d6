import { resolve } from "node:path";
import type { Command } from "commander";
import type { Trace } from "../../core/trace.js";
import { runLeRobotExport } from "../../export/run-lerobot-export.js";
import { judgeRobotEpisode } from "../../grade/robot-judge.js";
import { createConfiguredModelClient } from "../../model/configured-client.js";
import { createRedactor } from "../../model/redact.js";
import { readRobotInput } from "../../pipelines/robot/read-robot-input.js";
import { toolVersion } from "../../version.js";
import { modelFlagsConfig } from "../flag-values.js";
import { configFor, emit } from "../output.js";
import type { ExportFlags } from "./export.js";
import { exportOptionsOf } from "./export-options.js";

/**
 * `export lerobot --from <study>`: a robot study's episodes through the export firewall into a
 * LeRobot dataset (`<out>/lerobot/`, its receipt and `quarantine/lerobot.jsonl`). Episodes the
 * study itself rules out (practice and flawed sessions, bad_eps, failures) are reported as
 * skipped by the reader, before the firewall. Every episode is graded (the offline robot judge, or
 * the model named by `--judge`) and categorized with the export's thresholds: `--include-partial` admits partially accepted
 * episodes; the rest go to the quarantine with reason `category_disallowed` and their grade.
 */
export async function exportLeRobotAction(flags: ExportFlags, command: Command): Promise<void> {
  const from = resolve(flags.from);
  // --judge picks the model judge; without it the export grades offline, whatever the config says.
  const config = await configFor(
    command,
    flags.judge === undefined
      ? {}
      : {
          model: modelFlagsConfig({
            provider: flags.judge,
            baseUrl: flags.baseUrl,
            apiKey: flags.apiKey,
          }),
        },
  );
  const redactor = createRedactor(config.redaction);
  const client =
    flags.judge === undefined ? undefined : createConfiguredModelClient(config, { redactor });
  // Through the robot reader, as correction reads: each episode is rebuilt from its Trace.
  const study = await readRobotInput({ study: from });
  const summary = await runLeRobotExport({
    episodes: study.episodes,
    from,
    out: resolve(flags.out),
    dryRun: flags.dryRun === true,
    toolVersion,
    redactor,
    options: exportOptionsOf(flags),
    ...(client === undefined
      ? {}
      : { judge: (trace: Trace) => judgeRobotEpisode(trace, { client, redactor }) }),
  });
  const report = { ...summary, studySkipped: study.skipped.length };
  emit(
    command,
    () => {
      const { counts } = summary;
      const lines = [
        `${flags.dryRun ? "dry run (nothing written): " : ""}lerobot: ${counts.in} episodes in = ${counts.written} written + ${counts.quarantined} quarantined${summary.receipt?.validation.passed === false ? ", VALIDATION FAILED" : ""}`,
      ];
      for (const [reason, count] of Object.entries(counts.byReason).sort(([a], [b]) =>
        a.localeCompare(b),
      ))
        lines.push(`    ${reason}: ${count}`);
      if (summary.dataset !== undefined)
        lines.push(`  wrote lerobot/ (${summary.dataset.frames} frames) and lerobot/receipt.json`);
      if (study.skipped.length > 0)
        lines.push(`  ${study.skipped.length} episodes ruled out by the study (see --json)`);
      return lines.join("\n");
    },
    report,
  );
}
