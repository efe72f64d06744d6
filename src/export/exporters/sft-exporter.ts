import { canonicalJson, sameCanonicalJson } from "../../core/canonical-json.js";
import { type SftRow, sftRowSchema } from "../../core/dataset-row.js";
import { deterministicId, sha256Hex } from "../../core/hash.js";
import { FingerprintSet } from "../checks/compact-ids.js";
import type { NearDuplicateIndex } from "../checks/near-duplicate-index.js";
import { parseRow, rememberMemberJson } from "../checks/parsed-rows.js";
import type { ExportOptions, ExportRecord } from "../types.js";
import {
  type ExportContext,
  type Exporter,
  type ExportItem,
  withNearDuplicateIndex,
} from "./exporter.js";
import {
  contentFindings,
  duplicateIdFinding,
  type Finding,
  fullText,
  nearDuplicateFinding,
  provenanceFindings,
  quarantineOf,
  schemaFindings,
  trainingCategoryFindings,
} from "./record-checks.js";

/**
 * SFT: only accepted records (partially accepted with `includePartial`) become rows. Rejected and
 * needs_human_review are refused here before a row is built, whatever the flags, and
 * `sftRowSchema` cannot hold them either: the firewall is enforced twice.
 */
export function sftCategoryFindings(record: ExportRecord, options: ExportOptions): Finding[] {
  return trainingCategoryFindings(record.category, options, {
    reason: "unsafe_sft_category",
    dataset: "SFT",
    missing: "record has no category",
  });
}

export function sftRowId(record: ExportRecord): string {
  return sftRowIdOf(record.recordId, canonicalJson(record.messages ?? []));
}

/** The row id from the canonical JSON of the record's messages (which the writer reuses). */
function sftRowIdOf(recordId: string, messagesJson: string): string {
  // Fields in sorted key order: canonical JSON then needs no sorted copy.
  return deterministicId("sft", { messages: sha256Hex(messagesJson), recordId });
}

async function* sftItems(
  records: AsyncIterable<ExportRecord>,
  context: ExportContext,
  nearDuplicates: NearDuplicateIndex,
): AsyncIterable<ExportItem<SftRow>> {
  const seenRecords = new FingerprintSet();
  const seenRows = new FingerprintSet();
  for await (const record of records) {
    const findings = duplicateIdFinding(seenRecords, record.recordId, "record id");
    const categoryFindings = sftCategoryFindings(record, context.options);
    const provenance = provenanceFindings(record);
    findings.push(...categoryFindings, ...contentFindings(record, context, provenance));
    const messages = record.messages ?? [];
    if (messages.length === 0) {
      findings.push({ reason: "empty_content", error: "record has no messages for SFT" });
    }
    let text = "";
    let row: SftRow | undefined;
    // Refuse before building: an unsafe category or unusable input never becomes a candidate row
    // (nor costs a near-duplicate signature: its category already decides).
    const buildable =
      categoryFindings.length === 0 && messages.length > 0 && provenance.length === 0;
    if (buildable) {
      text = fullText(record);
      findings.push(...nearDuplicateFinding(nearDuplicates, text));
      const messagesJson = canonicalJson(messages);
      const candidate = {
        type: "sft" as const,
        id: sftRowIdOf(record.recordId, messagesJson),
        category: record.category,
        messages,
        provenance: record.provenance,
      };
      findings.push(...duplicateIdFinding(seenRows, candidate.id, "row id"));
      const parsed = parseRow(sftRowSchema, candidate);
      if (parsed.success) {
        row = parsed.data;
        // Unless the schema stripped something, the row's messages are the text the id hashed.
        if (sameCanonicalJson(messages, row.messages))
          rememberMemberJson(row, { messages: messagesJson });
      } else findings.push(...schemaFindings(parsed.error.issues));
    }
    if (findings.length > 0 || row === undefined) {
      yield { kind: "quarantine", quarantine: quarantineOf("sft", record, findings) };
      continue;
    }
    nearDuplicates.add(row.id, text);
    yield { kind: "row", row, record };
  }
}

export const sftExporter: Exporter<SftRow> = {
  name: "sft",
  run: (records, context) =>
    withNearDuplicateIndex(context, (nearDuplicates) => sftItems(records, context, nearDuplicates)),
};
