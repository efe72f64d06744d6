import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { eachLine } from "../../core/each-line.js";
import type { Category, ExportTarget, QuarantineReason, QuarantineRecord } from "../types.js";

/**
 * `tracemill export health`: reads every quarantine file under `<out>/quarantine/` and reports
 * counts per exporter, category and reason, and for each quarantined record what it lacks, in
 * words a person can act on. Files are streamed line by line.
 */
export interface QuarantinedRecordHealth {
  exporter: ExportTarget;
  recordId: string;
  origin: { file: string; line?: number };
  reasons: QuarantineReason[];
  missing: string[];
}

export interface ExportHealth {
  quarantined: number;
  byExporter: Partial<Record<ExportTarget, number>>;
  byCategory: Partial<Record<Category | "unknown", number>>;
  byReason: Partial<Record<QuarantineReason, number>>;
  records: QuarantinedRecordHealth[];
}

const remedies: Record<QuarantineReason, string> = {
  missing_provenance: "provenance (trace id, step range, source file path and sha256)",
  missing_source_run_id: "a source run id",
  empty_content: "non-empty content",
  schema_violation: "a row that matches the dataset schema",
  unsafe_sft_category: "an accepted (or, with --include-partial, partially accepted) grade",
  unsafe_rag_category: "a category other than rejected (review records need --include-review)",
  invalid_preference_pairing: "a partner in the same task with a category gap",
  hallucinated_file_path: "only file paths present in the trace's files or repository snapshot",
  duplicate_id: "an id not already exported",
  self_pairing:
    "a partner whose conversation differs from its own (not the record itself or an identical copy)",
  category_disallowed: "a category this exporter accepts with the chosen flags",
  near_duplicate: "content distinct from records already exported",
  eval_contamination: "content free of evaluation-set overlap",
  pii_detected:
    "content free of secrets and personal data (redact the source, or export with --pii redact)",
};

/** Remedies that depend on what the check found, not only on the reason. */
function remedyFor(reason: QuarantineReason, errors: readonly string[]): string {
  if (reason === "self_pairing") {
    if (errors.some((error) => error.startsWith("identical conversations")))
      return "a partner with a different completion (the paired records hold identical conversations)";
    if (errors.some((error) => error.startsWith("record paired with itself")))
      return "a partner that is another record, not the record itself";
  }
  if (
    reason === "invalid_preference_pairing" &&
    errors.some((error) => error.startsWith("same source run"))
  )
    return "a partner record from a different run";
  return remedies[reason] ?? reason;
}

export function describeMissing(record: Pick<QuarantineRecord, "reasons" | "errors">): string[] {
  const missing = record.reasons.map((reason) => remedyFor(reason, record.errors));
  return [...missing, ...record.errors.map((error) => `fix: ${error}`)];
}

function increment<Key extends string>(counts: Partial<Record<Key, number>>, key: Key): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export async function exportHealth(out: string): Promise<ExportHealth> {
  const health: ExportHealth = {
    quarantined: 0,
    byExporter: {},
    byCategory: {},
    byReason: {},
    records: [],
  };
  let files: string[];
  try {
    files = (await readdir(join(out, "quarantine")))
      .filter((file) => file.endsWith(".jsonl"))
      .sort();
  } catch {
    return health;
  }
  for (const file of files) {
    await eachLine(join(out, "quarantine", file), (line) => {
      if (line.trim() === "") return;
      const record = JSON.parse(line) as QuarantineRecord;
      health.quarantined += 1;
      increment(health.byExporter, record.exporter);
      increment(health.byCategory, record.category ?? "unknown");
      for (const reason of new Set(record.reasons)) increment(health.byReason, reason);
      health.records.push({
        exporter: record.exporter,
        recordId: record.recordId,
        origin: record.origin,
        reasons: record.reasons,
        missing: describeMissing(record),
      });
    });
  }
  return health;
}
