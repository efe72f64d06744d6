import { canonicalJson } from "../../core/canonical-json.js";
import { type SftRow, sftRowSchema } from "../../core/dataset-row.js";
import { deterministicId, sha256Hex } from "../../core/hash.js";
import { FingerprintSet } from "../checks/compact-ids.js";
import { createNearDuplicateIndex } from "../checks/near-duplicate-index.js";
import { parseRow } from "../checks/parsed-rows.js";
import type { ExportOptions, ExportRecord } from "../types.js";
import type { Exporter, ExportItem } from "./exporter.js";
import {
  contentFindings,
  duplicateIdFinding,
  type Finding,
  fullText,
  nearDuplicateFinding,
  provenanceFindings,
  quarantineOf,
  schemaFindings,
} from "./record-checks.js";

/**
 * SFT: only accepted records (partially accepted with `includePartial`) become rows. Rejected and
 * needs_human_review are refused here before a row is built, whatever the flags, and
 * `sftRowSchema` cannot hold them either: the firewall is enforced twice.
 */
export function sftCategoryFindings(record: ExportRecord, options: ExportOptions): Finding[] {
  switch (record.category) {
    case "accepted":
      return [];
    case "partially_accepted":
      return options.includePartial
        ? []
        : [{ reason: "category_disallowed", error: "partially_accepted needs --include-partial" }];
    case "rejected":
    case "needs_human_review":
      return [{ reason: "unsafe_sft_category", error: `${record.category} never reaches SFT` }];
    default:
      return [{ reason: "category_disallowed", error: "record has no category" }];
  }
}

export function sftRowId(record: ExportRecord): string {
  return deterministicId("sft", {
    recordId: record.recordId,
    messages: sha256Hex(canonicalJson(record.messages ?? [])),
  });
}

export const sftExporter: Exporter<SftRow> = {
  name: "sft",
  async *run(records, context): AsyncIterable<ExportItem<SftRow>> {
    const seenRecords = new FingerprintSet();
    const seenRows = new FingerprintSet();
    const nearDuplicates = createNearDuplicateIndex(context.options.nearDuplicateThreshold);
    for await (const record of records) {
      const findings = duplicateIdFinding(seenRecords, record.recordId, "record id");
      const categoryFindings = sftCategoryFindings(record, context.options);
      findings.push(...categoryFindings, ...contentFindings(record, context));
      const messages = record.messages ?? [];
      if (messages.length === 0) {
        findings.push({ reason: "empty_content", error: "record has no messages for SFT" });
      }
      const text = fullText(record);
      let row: SftRow | undefined;
      // Refuse before building: an unsafe category or unusable input never becomes a candidate row
      // (nor costs a near-duplicate signature: its category already decides).
      const buildable =
        categoryFindings.length === 0 &&
        messages.length > 0 &&
        provenanceFindings(record).length === 0;
      if (buildable) {
        findings.push(...nearDuplicateFinding(nearDuplicates, text));
        const candidate = {
          type: "sft" as const,
          id: sftRowId(record),
          category: record.category,
          messages,
          provenance: record.provenance,
        };
        findings.push(...duplicateIdFinding(seenRows, candidate.id, "row id"));
        const parsed = parseRow(sftRowSchema, candidate);
        if (parsed.success) row = parsed.data;
        else findings.push(...schemaFindings(parsed.error.issues));
      }
      if (findings.length > 0 || row === undefined) {
        yield { kind: "quarantine", quarantine: quarantineOf("sft", record, findings) };
        continue;
      }
      nearDuplicates.add(row.id, text);
      yield { kind: "row", row, record };
    }
  },
};
