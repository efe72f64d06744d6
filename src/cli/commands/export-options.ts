import { TracemillError } from "../../core/errors.js";
import { defaultExportOptions, type ExportOptions } from "../../export/types.js";
import { numberFlag } from "../flag-values.js";
import type { ExportFlags } from "./export.js";

/** The export flags as ExportOptions, one way for the row exporters and the LeRobot export. */
export function exportOptionsOf(flags: ExportFlags): ExportOptions {
  return {
    ...defaultExportOptions,
    includePartial: flags.includePartial === true,
    includeReview: flags.includeReview === true,
    inlineImages: flags.inlineImages === true,
    maxPairsPerTask: numberFlag("--max-pairs", flags.maxPairs),
    nearDuplicateThreshold: numberFlag("--near-duplicate", flags.nearDuplicate),
    thresholds: {
      ...defaultExportOptions.thresholds,
      acceptScore: numberFlag("--accept-score", flags.acceptScore),
      partialScore: numberFlag("--partial-score", flags.partialScore),
      minConfidence: numberFlag("--min-confidence", flags.minConfidence),
    },
    pii: parsePiiPolicy(flags.pii),
  };
}

function parsePiiPolicy(value: string | undefined): "quarantine" | "redact" {
  if (value === undefined || value === "quarantine" || value === "redact")
    return value ?? "quarantine";
  throw new TracemillError("input_invalid", `--pii must be quarantine or redact, not "${value}"`);
}
