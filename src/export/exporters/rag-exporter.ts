import { type RagRow, ragRowSchema } from "../../core/dataset-row.js";
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
  nearDuplicateFinding,
  provenanceFindings,
  quarantineOf,
  schemaFindings,
} from "./record-checks.js";

/**
 * RAG: accepted and partially accepted records become retrieval rows; needs_human_review only
 * with `includeReview`; rejected never (and `ragRowSchema` cannot hold it). Each row keeps its
 * source run so a retrieved passage can be traced back.
 */
export function ragCategoryFindings(record: ExportRecord, options: ExportOptions): Finding[] {
  switch (record.category) {
    case "accepted":
    case "partially_accepted":
      return [];
    case "needs_human_review":
      return options.includeReview
        ? []
        : [{ reason: "category_disallowed", error: "needs_human_review needs --include-review" }];
    case "rejected":
      return [{ reason: "unsafe_rag_category", error: "rejected never reaches RAG" }];
    default:
      return [{ reason: "category_disallowed", error: "record has no category" }];
  }
}

/** Cap by characters without splitting a surrogate pair, so the text stays valid UTF-16. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

async function* ragItems(
  records: AsyncIterable<ExportRecord>,
  context: ExportContext,
  nearDuplicates: NearDuplicateIndex,
): AsyncIterable<ExportItem<RagRow>> {
  const seenRecords = new FingerprintSet();
  const seenRows = new FingerprintSet();
  for await (const record of records) {
    const findings = duplicateIdFinding(seenRecords, record.recordId, "record id");
    const categoryFindings = ragCategoryFindings(record, context.options);
    const provenance = provenanceFindings(record);
    findings.push(...categoryFindings, ...contentFindings(record, context, provenance));
    const sourceRunId = record.sourceRunId?.trim() ?? "";
    if (sourceRunId.length === 0) {
      findings.push({ reason: "missing_source_run_id", error: "record has no source run id" });
    }
    let row: RagRow | undefined;
    const buildable =
      categoryFindings.length === 0 && sourceRunId.length > 0 && provenance.length === 0;
    if (buildable) {
      findings.push(...nearDuplicateFinding(nearDuplicates, record.content));
      const candidate = {
        type: "rag" as const,
        // Fields in sorted key order: canonical JSON then needs no sorted copy.
        id: deterministicId("rag", {
          content: sha256Hex(record.content),
          recordId: record.recordId,
        }),
        title: record.title ?? "",
        content: record.content,
        tags: record.tags,
        sourceRunId,
        category: record.category,
        embeddingText: capText(record.content, context.options.embeddingTextMaxChars),
        createdAt: record.createdAt,
        provenance: record.provenance,
      };
      findings.push(...duplicateIdFinding(seenRows, candidate.id, "row id"));
      const parsed = parseRow(ragRowSchema, candidate);
      if (parsed.success) {
        row = parsed.data;
        // The embedding text is usually the content itself: escape that long string once.
        const contentJson = JSON.stringify(row.content);
        rememberMemberJson(
          row,
          row.embeddingText === row.content
            ? { content: contentJson, embeddingText: contentJson }
            : { content: contentJson },
        );
      } else findings.push(...schemaFindings(parsed.error.issues));
    }
    if (findings.length > 0 || row === undefined) {
      yield { kind: "quarantine", quarantine: quarantineOf("rag", record, findings) };
      continue;
    }
    nearDuplicates.add(row.id, record.content);
    yield { kind: "row", row, record };
  }
}

export const ragExporter: Exporter<RagRow> = {
  name: "rag",
  run: (records, context) =>
    withNearDuplicateIndex(context, (nearDuplicates) => ragItems(records, context, nearDuplicates)),
};
