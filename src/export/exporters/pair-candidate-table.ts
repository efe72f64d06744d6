import { CompactIdList } from "../checks/compact-ids.js";
import { fnv1a32 } from "../checks/text-hash.js";
import { grown } from "./grown-array.js";
import type { PairableCategory, PairCandidate } from "./preference-pairs.js";

/**
 * Every usable preference record's pairing metadata, grouped by task, in typed arrays: about
 * 40 bytes a record plus 8 a message (ids of the `record_<hex>` shape packed to 12 bytes), so a
 * million records wait for pairing in tens of megabytes instead of their content. A candidate's
 * index is its position among usable records. Runs are kept as 32-bit hashes; `withSharedRunHash`
 * says which candidates need their real run id loaded before pairing (a hash collision costs one
 * read, never a wrong refusal).
 */
const categoryCodes: readonly PairableCategory[] = ["accepted", "rejected", "partially_accepted"];

/** 0, 1 or 2 for a pairable category (the near-duplicate group); undefined for any other. */
export function pairableCategoryCode(category: string | undefined): number | undefined {
  const code = categoryCodes.indexOf(category as PairableCategory);
  return code === -1 ? undefined : code;
}

export interface CandidateFields {
  recordId: string;
  sourceRunId: string | undefined;
  category: PairableCategory;
  score: number;
  messageDigests: readonly number[];
}

export class PairCandidateTable {
  private readonly recordIds = new CompactIdList();
  private scores = new Float64Array(1024);
  /** A 32-bit hash of the run id, never 0; 0 when the record has none (never equal). */
  private runKeys = new Uint32Array(1024);
  private categories = new Uint8Array(1024);
  /** Each task's candidates chain in input order: first/last per task, next per candidate. */
  private nextInTask = new Int32Array(1024);
  private firstOfTask = new Int32Array(1024);
  private lastOfTask = new Int32Array(1024);
  private readonly taskNumbers = new Map<string, number>();
  /** Digests of all candidates back to back; candidate i's end offset in `digestEnds[i]`. */
  private digests = new Float64Array(4096);
  private digestEnds = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a candidate to its task; returns its index (its position). */
  add(taskId: string, fields: CandidateFields): number {
    const index = this.count;
    this.recordIds.push(fields.recordId);
    this.scores = grown(this.scores, index + 1);
    this.scores[index] = fields.score;
    this.runKeys = grown(this.runKeys, index + 1);
    this.runKeys[index] = fields.sourceRunId === undefined ? 0 : fnv1a32(fields.sourceRunId) || 1;
    this.categories = grown(this.categories, index + 1);
    this.categories[index] = categoryCodes.indexOf(fields.category);
    const digestStart = index === 0 ? 0 : (this.digestEnds[index - 1] as number);
    const digestEnd = digestStart + fields.messageDigests.length;
    this.digests = grown(this.digests, digestEnd);
    this.digests.set(fields.messageDigests, digestStart);
    this.digestEnds = grown(this.digestEnds, index + 1);
    this.digestEnds[index] = digestEnd;
    this.nextInTask = grown(this.nextInTask, index + 1);
    this.nextInTask[index] = -1;
    let task = this.taskNumbers.get(taskId);
    if (task === undefined) {
      task = this.taskNumbers.size;
      this.taskNumbers.set(taskId, task);
      this.firstOfTask = grown(this.firstOfTask, task + 1);
      this.firstOfTask[task] = index;
    } else {
      this.nextInTask[this.lastOfTask[task] as number] = index;
    }
    this.lastOfTask = grown(this.lastOfTask, task + 1);
    this.lastOfTask[task] = index;
    this.count = index + 1;
    return index;
  }

  recordIdAt(position: number): string | undefined {
    return this.recordIds.get(position);
  }

  /** Task ids in code-unit order: the order rows are emitted in. */
  taskIds(): string[] {
    return [...this.taskNumbers.keys()].sort();
  }

  /** The task's candidates in input order, without run ids (see `withSharedRunHash`). */
  candidatesOf(taskId: string): PairCandidate[] {
    const task = this.taskNumbers.get(taskId);
    const candidates: PairCandidate[] = [];
    if (task === undefined) return candidates;
    for (let index = this.firstOfTask[task] as number; index !== -1; ) {
      const digestStart = index === 0 ? 0 : (this.digestEnds[index - 1] as number);
      candidates.push({
        recordId: this.recordIds.get(index) as string,
        category: categoryCodes[this.categories[index] as number] as PairableCategory,
        score: this.scores[index] as number,
        messageDigests: Array.from(
          this.digests.subarray(digestStart, this.digestEnds[index] as number),
        ),
        position: index,
      });
      index = this.nextInTask[index] as number;
    }
    return candidates;
  }

  /** Those of `candidates` whose run hash another of them shares: only these can be same-run. */
  withSharedRunHash(candidates: readonly PairCandidate[]): PairCandidate[] {
    const counts = new Map<number, number>();
    const keyOf = (candidate: PairCandidate) => this.runKeys[candidate.position] as number;
    for (const candidate of candidates) {
      const key = keyOf(candidate);
      if (key !== 0) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return candidates.filter((candidate) => (counts.get(keyOf(candidate)) ?? 0) > 1);
  }
}
