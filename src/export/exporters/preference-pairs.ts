import { canonicalJson } from "../../core/canonical-json.js";
import type { ChatMessage } from "../../core/dataset-row.js";
import type { ExportRecord } from "../types.js";
import type { Finding } from "./record-checks.js";

/**
 * Pair selection for preference data, pure so it can be tested without streams. Within one
 * task: accepted × rejected first, then accepted × partially_accepted; each side ordered by grade
 * score desc then recordId, walked diagonally so the best records are spread over several pairs
 * instead of the top accepted one taking every slot.
 */
export interface PairCandidate {
  record: ExportRecord;
  messages: ChatMessage[];
  /** Input position, so quarantines for unpaired records come out in input order. */
  position: number;
}

export interface PlannedPair {
  chosen: PairCandidate;
  rejected: PairCandidate;
  prompt: ChatMessage[];
  chosenTail: ChatMessage[];
  rejectedTail: ChatMessage[];
}

export function byScoreThenId(left: PairCandidate, right: PairCandidate): number {
  const scoreDifference = (right.record.grade?.score ?? 0) - (left.record.grade?.score ?? 0);
  if (scoreDifference !== 0) return scoreDifference;
  return left.record.recordId < right.record.recordId
    ? -1
    : left.record.recordId > right.record.recordId
      ? 1
      : 0;
}

/** Length of the shared leading messages: the prompt both completions answer. */
export function sharedPrefixLength(left: ChatMessage[], right: ChatMessage[]): number {
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

/** Why two records cannot form a pair, or the pair's prompt/completions when they can. */
export function planPair(
  chosen: PairCandidate,
  rejected: PairCandidate,
): { pair: PlannedPair } | { finding: Finding } {
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
    // Identical conversations under two ids: the same completion on both sides teaches nothing.
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

/** Index pairs (i, j) ordered by i + j then i: a diagonal walk over two ranked lists. */
export function* diagonalPairs(left: number, right: number): Generator<[number, number]> {
  for (let sum = 0; sum <= left + right - 2; sum++) {
    for (let i = Math.max(0, sum - right + 1); i <= Math.min(sum, left - 1); i++)
      yield [i, sum - i];
  }
}

/**
 * Up to `maxPairs` pairs for one task; refusals are reported per record so a record that ends up
 * in no pair can say why.
 */
export function selectPairs(
  candidates: readonly PairCandidate[],
  maxPairs: number,
  onRefusal: (candidate: PairCandidate, finding: Finding) => void,
): PlannedPair[] {
  const ofCategory = (category: string) =>
    candidates.filter((candidate) => candidate.record.category === category).sort(byScoreThenId);
  const accepted = ofCategory("accepted");
  const pairs: PlannedPair[] = [];
  for (const others of [ofCategory("rejected"), ofCategory("partially_accepted")]) {
    for (const [i, j] of diagonalPairs(accepted.length, others.length)) {
      if (pairs.length >= maxPairs) return pairs;
      const chosen = accepted[i] as PairCandidate;
      const rejected = others[j] as PairCandidate;
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
