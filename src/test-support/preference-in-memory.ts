import { canonicalJson } from "../core/canonical-json.js";
import { type ChatMessage, type PreferenceRow, preferenceRowSchema } from "../core/dataset-row.js";
import { deterministicId } from "../core/hash.js";
import { FingerprintSet } from "../export/checks/compact-ids.js";
import {
  createNearDuplicateIndex,
  type NearDuplicateIndex,
} from "../export/checks/near-duplicate-index.js";
import type { Exporter, ExportItem } from "../export/exporters/exporter.js";
import { intakeFindings } from "../export/exporters/preference-exporter.js";
import { diagonalPairs } from "../export/exporters/preference-pairs.js";
import {
  contentFindings,
  duplicateIdFinding,
  type Finding,
  fullText,
  nearDuplicateFinding,
  quarantineOf,
  schemaFindings,
} from "../export/exporters/record-checks.js";
import type { Category, ExportRecord } from "../export/types.js";

/**
 * The preference exporter as it was before it spilled records: every usable record held whole,
 * grouped by task, paired at the end by comparing messages. Kept (out of the build) as the
 * reference the streaming exporter must match row for row, and as the baseline of
 * bench/export-preference.ts. It shares the per-record checks with the real exporter
 * (record-checks.ts, `intakeFindings`); what it keeps of its own is what changed: holding records
 * and pairing them by their messages.
 */
interface HeldCandidate {
  record: ExportRecord;
  messages: ChatMessage[];
  position: number;
}

interface HeldPair {
  chosen: HeldCandidate;
  rejected: HeldCandidate;
  prompt: ChatMessage[];
  chosenTail: ChatMessage[];
  rejectedTail: ChatMessage[];
}

function byScoreThenId(left: HeldCandidate, right: HeldCandidate): number {
  const scoreDifference = (right.record.grade?.score ?? 0) - (left.record.grade?.score ?? 0);
  if (scoreDifference !== 0) return scoreDifference;
  const [a, b] = [left.record.recordId, right.record.recordId];
  return a < b ? -1 : a > b ? 1 : 0;
}

function sharedPrefixLength(left: ChatMessage[], right: ChatMessage[]): number {
  let length = 0;
  while (
    length < left.length &&
    length < right.length &&
    canonicalJson(left[length]) === canonicalJson(right[length])
  ) {
    length++;
  }
  return length;
}

function planPair(
  chosen: HeldCandidate,
  rejected: HeldCandidate,
): { pair: HeldPair } | { finding: Finding } {
  const ids = `${chosen.record.recordId} × ${rejected.record.recordId}`;
  if (chosen.record.recordId === rejected.record.recordId) {
    return { finding: { reason: "self_pairing", error: `record paired with itself: ${ids}` } };
  }
  const run = chosen.record.sourceRunId;
  if (run !== undefined && run === rejected.record.sourceRunId) {
    return {
      finding: { reason: "invalid_preference_pairing", error: `same source run ${run}: ${ids}` },
    };
  }
  const shared = sharedPrefixLength(chosen.messages, rejected.messages);
  const chosenTail = chosen.messages.slice(shared);
  const rejectedTail = rejected.messages.slice(shared);
  if (chosenTail.length === 0 && rejectedTail.length === 0) {
    return { finding: { reason: "self_pairing", error: `identical conversations: ${ids}` } };
  }
  if (shared === 0 || chosenTail.length === 0 || rejectedTail.length === 0) {
    const problem = shared === 0 ? "no shared prompt" : "one side has no completion";
    return { finding: { reason: "invalid_preference_pairing", error: `${problem}: ${ids}` } };
  }
  return {
    pair: { chosen, rejected, prompt: chosen.messages.slice(0, shared), chosenTail, rejectedTail },
  };
}

function selectPairs(
  candidates: readonly HeldCandidate[],
  maxPairs: number,
  onRefusal: (candidate: HeldCandidate, finding: Finding) => void,
): HeldPair[] {
  const ofCategory = (category: string) =>
    candidates.filter((candidate) => candidate.record.category === category).sort(byScoreThenId);
  const accepted = ofCategory("accepted");
  const pairs: HeldPair[] = [];
  for (const others of [ofCategory("rejected"), ofCategory("partially_accepted")]) {
    for (const [i, j] of diagonalPairs(accepted.length, others.length)) {
      if (pairs.length >= maxPairs) return pairs;
      const chosen = accepted[i] as HeldCandidate;
      const rejected = others[j] as HeldCandidate;
      const planned = planPair(chosen, rejected);
      if ("pair" in planned) {
        pairs.push(planned.pair);
      } else {
        onRefusal(chosen, planned.finding);
        onRefusal(rejected, planned.finding);
      }
    }
  }
  return pairs;
}

export const inMemoryPreferenceExporter: Exporter<PreferenceRow> = {
  name: "preference",
  async *run(records, context): AsyncIterable<ExportItem<PreferenceRow>> {
    const seenRecords = new FingerprintSet();
    const tasks = new Map<string, HeldCandidate[]>();
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
      const candidate: HeldCandidate = { record, messages: record.messages ?? [], position };
      position++;
      const bucket = tasks.get(taskId);
      if (bucket === undefined) tasks.set(taskId, [candidate]);
      else bucket.push(candidate);
    }

    const refusals = new Map<HeldCandidate, Finding[]>();
    const refuse = (candidate: HeldCandidate, finding: Finding) => {
      const list = refusals.get(candidate);
      if (list === undefined) refusals.set(candidate, [finding]);
      else list.push(finding);
    };
    const paired = new Set<HeldCandidate>();
    const held: HeldCandidate[] = [...tasks.values()].flat();
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
          const fresh = (paired.has(pair.chosen) ? 0 : 1) + (paired.has(pair.rejected) ? 0 : 1);
          paired.add(pair.chosen).add(pair.rejected);
          yield { kind: "row", row: parsed.data, record: pair.chosen.record, records: fresh };
        } else {
          for (const finding of findings) {
            refuse(pair.chosen, finding);
            refuse(pair.rejected, finding);
          }
        }
      }
    }
    // Left out of every pair, in input order: quarantined when a pairing was refused, else no_pair.
    held.sort((left, right) => left.position - right.position);
    for (const candidate of held) {
      if (paired.has(candidate)) continue;
      const findings = refusals.get(candidate);
      yield findings === undefined
        ? { kind: "skip", recordId: candidate.record.recordId, reason: "no_pair" }
        : {
            kind: "quarantine",
            quarantine: quarantineOf("preference", candidate.record, findings),
          };
    }
  },
};
