import { type PreferenceRow, preferenceRowSchema } from "../../core/dataset-row.js";
import { deterministicId } from "../../core/hash.js";
import { FingerprintSet } from "../checks/compact-ids.js";
import {
  createNearDuplicateIndex,
  type NearDuplicateIndex,
} from "../checks/near-duplicate-index.js";
import type { Category, ExportRecord } from "../types.js";
import type { Exporter, ExportItem } from "./exporter.js";
import { type PairCandidate, selectPairs } from "./preference-pairs.js";
import {
  contentFindings,
  duplicateIdFinding,
  type Finding,
  fullText,
  nearDuplicateFinding,
  quarantineOf,
  schemaFindings,
} from "./record-checks.js";

/**
 * Preference (DPO) pairs of records for the same task with a category gap. Records failing a
 * check are quarantined as they stream in; usable ones are grouped by taskId (only candidates are
 * kept) and paired at the end. A record that lands in no pair is quarantined only when a pairing
 * was refused for it (self_pairing, invalid_preference_pairing, schema_violation); one that simply
 * had no partner (e.g. a task with only accepted records) is left out silently.
 */
const pairableCategories: readonly Category[] = ["accepted", "rejected", "partially_accepted"];

function intakeFindings(record: ExportRecord): Finding[] {
  const findings: Finding[] = [];
  if (record.category === undefined || !pairableCategories.includes(record.category)) {
    const what = record.category ?? "no category";
    findings.push({ reason: "category_disallowed", error: `${what} is never paired` });
  }
  if ((record.taskId?.trim() ?? "").length === 0) {
    findings.push({ reason: "invalid_preference_pairing", error: "record has no taskId" });
  }
  if ((record.messages ?? []).length === 0) {
    findings.push({ reason: "empty_content", error: "record has no messages to pair" });
  }
  return findings;
}

export const preferenceExporter: Exporter<PreferenceRow> = {
  name: "preference",
  async *run(records, context): AsyncIterable<ExportItem<PreferenceRow>> {
    const seenRecords = new FingerprintSet();
    const tasks = new Map<string, PairCandidate[]>();
    // One index per category: a near-copy of another accepted answer adds nothing as a chosen side.
    const nearDuplicates = new Map<Category, NearDuplicateIndex>();
    let position = 0;
    for await (const record of records) {
      const findings = duplicateIdFinding(seenRecords, record.recordId, "record id");
      findings.push(...intakeFindings(record), ...contentFindings(record, context));
      const text = fullText(record);
      const category = record.category;
      let index: NearDuplicateIndex | undefined;
      if (category !== undefined) {
        index = nearDuplicates.get(category);
        if (index === undefined) {
          index = createNearDuplicateIndex(context.options.nearDuplicateThreshold);
          nearDuplicates.set(category, index);
        }
        findings.push(...nearDuplicateFinding(index, text));
      }
      if (findings.length > 0) {
        yield { kind: "quarantine", quarantine: quarantineOf("preference", record, findings) };
        continue;
      }
      index?.add(record.recordId, text);
      const taskId = (record.taskId ?? "").trim();
      const candidate: PairCandidate = { record, messages: record.messages ?? [], position };
      position++;
      const bucket = tasks.get(taskId);
      if (bucket === undefined) tasks.set(taskId, [candidate]);
      else bucket.push(candidate);
    }

    const refusals = new Map<PairCandidate, Finding[]>();
    const refuse = (candidate: PairCandidate, finding: Finding) => {
      const list = refusals.get(candidate);
      if (list === undefined) refusals.set(candidate, [finding]);
      else list.push(finding);
    };
    const paired = new Set<PairCandidate>();
    const seenRows = new Set<string>();
    for (const [taskId, candidates] of [...tasks].sort(([left], [right]) =>
      left < right ? -1 : left > right ? 1 : 0,
    )) {
      for (const pair of selectPairs(candidates, context.options.maxPairsPerTask, refuse)) {
        const built = {
          type: "preference" as const,
          id: deterministicId("pref", {
            taskId,
            chosen: pair.chosen.record.recordId,
            rejected: pair.rejected.record.recordId,
          }),
          taskId,
          prompt: pair.prompt,
          chosen: pair.chosenTail,
          rejected: pair.rejectedTail,
          chosenProvenance: pair.chosen.record.provenance,
          rejectedProvenance: pair.rejected.record.provenance,
        };
        const parsed = preferenceRowSchema.safeParse(built);
        const findings = parsed.success ? [] : schemaFindings(parsed.error.issues);
        findings.push(...duplicateIdFinding(seenRows, built.id, "row id"));
        if (parsed.success && findings.length === 0) {
          paired.add(pair.chosen).add(pair.rejected);
          yield { kind: "row", row: parsed.data, record: pair.chosen.record };
        } else {
          for (const finding of findings) {
            refuse(pair.chosen, finding);
            refuse(pair.rejected, finding);
          }
        }
      }
    }
    const unpaired = [...refusals].filter(([candidate]) => !paired.has(candidate));
    unpaired.sort(([left], [right]) => left.position - right.position);
    for (const [candidate, findings] of unpaired) {
      yield {
        kind: "quarantine",
        quarantine: quarantineOf("preference", candidate.record, findings),
      };
    }
  },
};
