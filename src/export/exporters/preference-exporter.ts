import { type PreferenceRow, preferenceRowSchema } from "../../core/dataset-row.js";
import { deterministicId } from "../../core/hash.js";
import { FingerprintSet } from "../checks/compact-ids.js";
import { createNearDuplicateTable, minHashSignature } from "../checks/near-duplicate-index.js";
import { parseRow } from "../checks/parsed-rows.js";
import type { Category, ExportRecord } from "../types.js";
import {
  type ExportContext,
  type Exporter,
  type ExportItem,
  openSignatureStore,
} from "./exporter.js";
import { PairCandidateTable, pairableCategoryCode } from "./pair-candidate-table.js";
import {
  messageDigests,
  type PairableCategory,
  type PairCandidate,
  type PlannedPair,
  selectPairs,
} from "./preference-pairs.js";
import {
  contentFindings,
  duplicateIdFinding,
  type Finding,
  fullText,
  nearDuplicateOf,
  quarantineOf,
  schemaFindings,
} from "./record-checks.js";
import { createFileSpill, type Spill } from "./record-spill.js";

/**
 * Preference (DPO) pairs of records for the same task with a category gap. Records failing a
 * check are quarantined as they stream in. Usable ones are spilled whole to a temporary file
 * while only their pairing metadata (ids, run hash, category, score, message digests) stays in
 * memory; at the end each task (in taskId order) is paired on that metadata and only the records
 * in its pairs are read back to build rows. Spilling rather than re-reading the source keeps one
 * pass over the input (a re-read parses every line again, most of them never paired), needs no
 * hook in the export shell, keeps the in-memory design's row order, and bounds memory by the
 * number of records, not their size. A record that lands in no pair is quarantined (after all
 * rows, in input order) only when a pairing was refused for it (self_pairing,
 * invalid_preference_pairing, schema_violation); one that simply had no partner is a `no_pair`
 * skip, counted with its reason.
 */
const pairableCategories: readonly Category[] = ["accepted", "rejected", "partially_accepted"];

/** The checks only preference applies: a pairable category, a task id, messages to pair. */
export function intakeFindings(record: ExportRecord): Finding[] {
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

function buildRow(taskId: string, pair: PlannedPair, chosen: ExportRecord, rejected: ExportRecord) {
  const chosenMessages = chosen.messages ?? [];
  return {
    type: "preference" as const,
    id: deterministicId("pref", {
      taskId,
      chosen: chosen.recordId,
      rejected: rejected.recordId,
    }),
    taskId,
    prompt: chosenMessages.slice(0, pair.promptLength),
    chosen: chosenMessages.slice(pair.promptLength),
    rejected: (rejected.messages ?? []).slice(pair.promptLength),
    chosenProvenance: chosen.provenance,
    rejectedProvenance: rejected.provenance,
  };
}

/** What pairing needs across tasks: the metadata, the spilled records, and refusals so far. */
interface Pairing {
  table: PairCandidateTable;
  spilled: Spill<ExportRecord>;
  refusalSpill: Spill<Finding[]>;
  /** Per candidate, the refusal-spill slot of its findings when it ended up in no pair; else -1. */
  refusalSlots: Int32Array;
  /** Per candidate, 1 once it is in a written pair. */
  pairedFlags: Uint8Array;
  seenRows: FingerprintSet;
  maxPairs: number;
}

/** One task's rows; candidates refused and never paired get their findings spilled. */
async function* pairTask(
  taskId: string,
  pairing: Pairing,
): AsyncIterable<ExportItem<PreferenceRow>> {
  const { table, spilled } = pairing;
  const candidates = table.candidatesOf(taskId);
  // Only candidates whose run hash collides with another's can be same-run: load those ids.
  for (const candidate of table.withSharedRunHash(candidates)) {
    candidate.sourceRunId = (await spilled.read(candidate.position)).sourceRunId;
  }
  const refusals = new Map<PairCandidate, Finding[]>();
  const refuse = (candidate: PairCandidate, finding: Finding) => {
    const list = refusals.get(candidate);
    if (list === undefined) refusals.set(candidate, [finding]);
    else list.push(finding);
  };
  const pairs = selectPairs(candidates, pairing.maxPairs, refuse);
  // A record in several of the task's pairs is read back once.
  const loaded = new Map<number, ExportRecord>();
  const load = async (candidate: PairCandidate) => {
    let record = loaded.get(candidate.position);
    if (record === undefined) {
      record = await spilled.read(candidate.position);
      loaded.set(candidate.position, record);
    }
    return record;
  };
  const paired = new Set<PairCandidate>();
  for (const pair of pairs) {
    const chosen = await load(pair.chosen);
    const built = buildRow(taskId, pair, chosen, await load(pair.rejected));
    const parsed = parseRow(preferenceRowSchema, built);
    const findings = parsed.success ? [] : schemaFindings(parsed.error.issues);
    findings.push(...duplicateIdFinding(pairing.seenRows, built.id, "row id"));
    if (parsed.success && findings.length === 0) {
      const records = (paired.has(pair.chosen) ? 0 : 1) + (paired.has(pair.rejected) ? 0 : 1);
      paired.add(pair.chosen).add(pair.rejected);
      pairing.pairedFlags[pair.chosen.position] = 1;
      pairing.pairedFlags[pair.rejected.position] = 1;
      yield { kind: "row", row: parsed.data, record: chosen, records };
    } else {
      for (const finding of findings) {
        refuse(pair.chosen, finding);
        refuse(pair.rejected, finding);
      }
    }
  }
  for (const [candidate, findings] of refusals) {
    if (paired.has(candidate)) continue;
    pairing.refusalSlots[candidate.position] = await pairing.refusalSpill.append(findings);
  }
}

/**
 * Checks each record as it streams in, quarantining failures; the rest become candidates (metadata
 * in `table`, the record in `spilled`). Its own function so the seen-id set and the near-duplicate
 * table are freed before pairing starts. One near-duplicate table serves the three categories (a
 * near copy of another accepted answer adds nothing as a chosen side; across categories it is the
 * point of a pair): the category is its group, its positions are the candidates' positions, and
 * its signatures go to a temporary file, so it holds about 50 bytes a candidate.
 */
async function* intake(
  records: AsyncIterable<ExportRecord>,
  context: ExportContext,
  table: PairCandidateTable,
  spilled: Spill<ExportRecord>,
): AsyncIterable<ExportItem<PreferenceRow>> {
  const seenRecords = new FingerprintSet();
  const nearDuplicates = createNearDuplicateTable(context.options.nearDuplicateThreshold, {
    signatures: openSignatureStore(context),
  });
  try {
    for await (const record of records) {
      const findings = duplicateIdFinding(seenRecords, record.recordId, "record id");
      findings.push(...intakeFindings(record), ...contentFindings(record, context));
      const group = pairableCategoryCode(record.category);
      // Only candidates are ever added, so a record outside the three categories has no near copy.
      const signature = group === undefined ? undefined : minHashSignature(fullText(record));
      const earlier = signature === undefined ? undefined : nearDuplicates.find(signature, group);
      if (earlier !== undefined) {
        findings.push(nearDuplicateOf(table.recordIdAt(earlier)));
      }
      if (findings.length > 0) {
        yield { kind: "quarantine", quarantine: quarantineOf("preference", record, findings) };
        continue;
      }
      const position = table.add((record.taskId ?? "").trim(), {
        recordId: record.recordId,
        sourceRunId: record.sourceRunId,
        category: record.category as PairableCategory,
        score: record.grade?.score ?? 0,
        messageDigests: messageDigests(record.messages ?? []),
      });
      // Candidate i is row i of the near-duplicate table and slot i of the spill.
      if (nearDuplicates.add(signature, group) !== position) {
        throw new Error("near-duplicate positions out of step");
      }
      if ((await spilled.append(record)) !== position) throw new Error("spill slots out of step");
    }
  } finally {
    nearDuplicates.close();
  }
}

export const preferenceExporter: Exporter<PreferenceRow> = {
  name: "preference",
  async *run(records, context): AsyncIterable<ExportItem<PreferenceRow>> {
    const openSpill = context.openSpill ?? (<Value>() => createFileSpill<Value>());
    const spilled = openSpill<ExportRecord>();
    const refusalSpill = openSpill<Finding[]>();
    try {
      const table = new PairCandidateTable();
      yield* intake(records, context, table, spilled);
      const pairing: Pairing = {
        table,
        spilled,
        refusalSpill,
        refusalSlots: new Int32Array(table.size).fill(-1),
        pairedFlags: new Uint8Array(table.size),
        seenRows: new FingerprintSet(),
        maxPairs: context.options.maxPairsPerTask,
      };
      for (const taskId of table.taskIds()) yield* pairTask(taskId, pairing);
      for (let position = 0; position < table.size; position++) {
        const slot = pairing.refusalSlots[position] as number;
        if (slot === -1) {
          if (pairing.pairedFlags[position] === 0)
            yield {
              kind: "skip",
              recordId: table.recordIdAt(position) ?? `#${position}`,
              reason: "no_pair",
            };
          continue;
        }
        const record = await spilled.read(position);
        const findings = await refusalSpill.read(slot);
        yield { kind: "quarantine", quarantine: quarantineOf("preference", record, findings) };
      }
    } finally {
      await Promise.all([spilled.close(), refusalSpill.close()]);
    }
  },
};
