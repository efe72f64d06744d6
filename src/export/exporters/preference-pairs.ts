import { canonicalJson } from "../../core/canonical-json.js";
import type { ChatMessage } from "../../core/dataset-row.js";
import { sha256Hex } from "../../core/hash.js";
import type { Finding } from "./record-checks.js";

/**
 * Pair selection for preference data, pure so it can be tested without streams. It sees only
 * each record's metadata (ids, run, category, score, message digests), never its messages, so an
 * export holds a few dozen bytes per record while it waits for a task's last record. Within one
 * task: accepted × rejected first, then accepted × partially_accepted; each side ordered by grade
 * score desc then recordId, walked diagonally so the best records are spread over several pairs
 * instead of the top accepted one taking every slot.
 */
export type PairableCategory = "accepted" | "rejected" | "partially_accepted";

export interface PairCandidate {
  recordId: string;
  /**
   * The record's run. The exporter may leave it out when no other candidate of the task can share
   * it (their run hashes differ), so the string is loaded only where a comparison can match.
   */
  sourceRunId?: string;
  category: PairableCategory;
  /** Grade score; 0 when ungraded. */
  score: number;
  /** One digest per message (`messageDigests`): the shared prompt is found without the messages. */
  messageDigests: readonly number[];
  /** Input position among usable records, so quarantines for unpaired records keep input order. */
  position: number;
}

export interface PlannedPair {
  chosen: PairCandidate;
  rejected: PairCandidate;
  /** Leading messages both conversations share: the prompt; the rest of each is its completion. */
  promptLength: number;
}

/** 52 bits of the sha256 of each message's canonical JSON: a safe integer; collisions ≈ 2⁻⁵². */
export function messageDigests(messages: readonly ChatMessage[]): number[] {
  return messages.map((message) =>
    Number.parseInt(sha256Hex(canonicalJson(message)).slice(0, 13), 16),
  );
}

export function byScoreThenId(left: PairCandidate, right: PairCandidate): number {
  const scoreDifference = right.score - left.score;
  if (scoreDifference !== 0) return scoreDifference;
  return left.recordId < right.recordId ? -1 : left.recordId > right.recordId ? 1 : 0;
}

/** Length of the shared leading messages, by digest: the prompt both completions answer. */
export function sharedPrefixLength(left: readonly number[], right: readonly number[]): number {
  let length = 0;
  while (length < left.length && length < right.length && left[length] === right[length]) length++;
  return length;
}

/** Why two records cannot form a pair, or the pair's prompt length when they can. */
export function planPair(
  chosen: PairCandidate,
  rejected: PairCandidate,
): { pair: PlannedPair } | { finding: Finding } {
  const ids = `${chosen.recordId} × ${rejected.recordId}`;
  if (chosen.recordId === rejected.recordId) {
    return { finding: { reason: "self_pairing", error: `record paired with itself: ${ids}` } };
  }
  const run = chosen.sourceRunId;
  if (run !== undefined && run === rejected.sourceRunId) {
    return {
      finding: { reason: "invalid_preference_pairing", error: `same source run ${run}: ${ids}` },
    };
  }
  const shared = sharedPrefixLength(chosen.messageDigests, rejected.messageDigests);
  const chosenTail = chosen.messageDigests.length - shared;
  const rejectedTail = rejected.messageDigests.length - shared;
  if (chosenTail === 0 && rejectedTail === 0) {
    // Identical conversations under two ids: the same completion on both sides teaches nothing.
    return { finding: { reason: "self_pairing", error: `identical conversations: ${ids}` } };
  }
  if (shared === 0 || chosenTail === 0 || rejectedTail === 0) {
    const problem = shared === 0 ? "no shared prompt" : "one side has no completion";
    return { finding: { reason: "invalid_preference_pairing", error: `${problem}: ${ids}` } };
  }
  return { pair: { chosen, rejected, promptLength: shared } };
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
  const ofCategory = (category: PairableCategory) =>
    candidates.filter((candidate) => candidate.category === category).sort(byScoreThenId);
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
