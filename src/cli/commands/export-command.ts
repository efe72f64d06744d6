import type { Command } from "commander";
import { defaultExportOptions } from "../../export/types.js";
import type { ExportFlags } from "./export.js";

export function registerExportCommand(program: Command): void {
  const exportCommand = program
    .command("export")
    .description(
      "graded traces → SFT, RAG and preference datasets (robot studies → LeRobot) behind a quarantine",
    )
    .argument("<kind>", "sft | rag | preference | all | lerobot | health")
    .option(
      "--from <folder>",
      "graded traces (tracemill process output), the seed's data/ layout, or a robot study (lerobot)",
      ".",
    )
    .option("--out <folder>", "where datasets, quarantine files and receipts go", "exports")
    .option("--include-partial", "SFT: also partially_accepted")
    .option("--include-review", "RAG: also needs_human_review")
    .option("--inline-images", "SFT: images inline (base64) instead of files beside the JSONL")
    .option("--dry-run", "write nothing; print what would be written")
    .option("--format <format>", "native | openai | trl | parquet", "native")
    .option(
      "--eval-set <file...>",
      "evaluation files: records sharing a 13-gram with them are quarantined",
    )
    .option(
      "--max-pairs <n>",
      "preference pairs per task",
      String(defaultExportOptions.maxPairsPerTask),
    )
    .option(
      "--near-duplicate <jaccard>",
      "near-duplicate threshold",
      String(defaultExportOptions.nearDuplicateThreshold),
    )
    .option(
      "--accept-score <n>",
      "score at or above which a grade is accepted",
      String(defaultExportOptions.thresholds.acceptScore),
    )
    .option(
      "--partial-score <n>",
      "score at or above which a grade is partially accepted",
      String(defaultExportOptions.thresholds.partialScore),
    )
    .option(
      "--min-confidence <x>",
      "judge confidence below which a record needs human review",
      String(defaultExportOptions.thresholds.minConfidence),
    )
    .option(
      "--pii <policy>",
      "rows holding secrets or personal data: quarantine (reason pii_detected) | redact",
      defaultExportOptions.pii,
    )
    .option(
      "--judge <provider:model>",
      "lerobot: grade episodes with this model (default: offline)",
    )
    .option("--base-url <url>", "lerobot: OpenAI-compatible endpoint for --judge")
    .option("--api-key <key>", "lerobot: API key for --judge (default OPENAI_API_KEY)")
    .action(async (kind: string, flags: ExportFlags, command: Command) => {
      const { exportAction } = await import("./export.js");
      await exportAction(kind, flags, command);
    });
  exportCommand.addHelpText(
    "after",
    "\nExamples:\n  tracemill export all --from out --out exports\n  tracemill export sft --from . --format openai --include-partial\n  tracemill export health --out exports\n  tracemill export lerobot --from examples/robot/study --out exports",
  );
}
