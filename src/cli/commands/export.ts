import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { TracemillError } from "../../core/errors.js";
import type { ExporterName, ExportFormat } from "../../export/index.js";
import { renderExportHealth } from "../../export/render-export.js";
import { exportHealth } from "../../export/writers/export-health.js";
import { configFor, emit, globalOptions } from "../output.js";
import { createProgress } from "../progress.js";

export interface ExportFlags {
  from: string;
  out: string;
  includePartial?: boolean;
  includeReview?: boolean;
  inlineImages?: boolean;
  dryRun?: boolean;
  format: string;
  evalSet?: string[];
  maxPairs?: string;
  nearDuplicate?: string;
  acceptScore?: string;
  partialScore?: string;
  minConfidence?: string;
  pii?: string;
  /** lerobot only: the model judge (provider:model) and its endpoint. */
  judge?: string;
  baseUrl?: string;
  apiKey?: string;
}

const exporterChoices: Record<string, ExporterName[]> = {
  sft: ["sft"],
  rag: ["rag"],
  preference: ["preference"],
  all: ["sft", "rag", "preference"],
};

/** A mistyped folder would otherwise read as an empty one and look like a clean run. */
async function requireFolder(path: string, flag: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) return;
  throw new TracemillError(
    found === undefined ? "not_found" : "input_invalid",
    `${flag}: ${found === undefined ? "no such folder" : "not a folder"}`,
  );
}

/** `export <kind>` (loaded when the command runs; the options live in export-command.ts). */
export async function exportAction(
  kind: string,
  flags: ExportFlags,
  command: Command,
): Promise<void> {
  if (kind !== "lerobot" && (flags.judge ?? flags.baseUrl ?? flags.apiKey) !== undefined)
    throw new TracemillError(
      "input_invalid",
      `--judge, --base-url and --api-key apply to export lerobot only, not export ${kind}`,
    );
  if (kind === "health") {
    const out = resolve(flags.out);
    await requireFolder(out, `--out ${flags.out}`);
    const health = await exportHealth(out);
    emit(command, () => renderExportHealth(health), health);
    return;
  }
  if (kind === "lerobot") {
    await requireFolder(resolve(flags.from), `--from ${flags.from}`);
    const { exportLeRobotAction } = await import("./export-lerobot.js");
    await exportLeRobotAction(flags, command);
    return;
  }
  const exporters = exporterChoices[kind];
  if (!exporters)
    throw new TracemillError(
      "input_invalid",
      `unknown export "${kind}"; choose sft, rag, preference, all, lerobot or health`,
    );
  const format = parseFormat(flags.format);
  // Loaded here, not at the top: `export health` loads no other action module.
  const { exportOptionsOf } = await import("./export-options.js");
  const options = exportOptionsOf(flags);
  const from = resolve(flags.from);
  await requireFolder(from, `--from ${flags.from}`);
  // Loaded here: `export health` needs neither the exporters, zod nor the redaction rules.
  const [{ renderExportSummary }, { createRedactor }, { runExportPipeline }] = await Promise.all([
    import("../../export/index.js"),
    import("../../model/redact.js"),
    import("../../pipelines/export/index.js"),
  ]);
  // The configured redaction (extra rules, allow list) is the export's privacy check too.
  const config = await configFor(command);
  const progress = createProgress({
    label: "export",
    total: 0,
    quiet: globalOptions(command).quiet || globalOptions(command).json,
  });
  const { detail: summary } = await runExportPipeline(
    {
      exporters,
      from,
      out: resolve(flags.out),
      format,
      dryRun: flags.dryRun === true,
      evalSets: (flags.evalSet ?? []).map((file) => resolve(file)),
      options,
    },
    {
      config,
      redactor: createRedactor(config.redaction),
      // The export shows what it has read, not a fraction: the bar stays at 0/0 with its detail.
      onProgress: (_phase, _done, _total, detail) => progress.tick(0, detail),
    },
  );
  progress.stop();
  emit(command, () => renderExportSummary(summary), summary);
}

function parseFormat(value: string): ExportFormat {
  if (value === "native" || value === "openai" || value === "trl" || value === "parquet")
    return value;
  throw new TracemillError(
    "input_invalid",
    `--format must be native, openai, trl or parquet, not "${value}"`,
  );
}
