import type { Trace } from "../../core/trace.js";
import type { VerifyResult } from "../../verify/types.js";

/**
 * What a finished trace may be called. `validated` is earned: every chunk from chunk_seq 0 to the
 * last one arrived, no event seq is missing in between, and the sandbox ran the tests. A trace
 * with a gap is `incomplete`; one whose tests could not run (no snapshot and the repository
 * unreachable, no sandbox, …) or whose seal predates the event count and head hash (a legacy
 * seal: a dropped tail would go unnoticed) is `unverified`. The catalog keeps `validated` as the pipeline
 * state; GET and export show this reading of it, with the reason.
 */
export type DevtraceOutcomeStatus = "validated" | "incomplete" | "unverified";

export interface DevtraceCompleteness {
  complete: boolean;
  /** At most `listed` of each kind are named; `*_count` gives the full number. */
  missing_chunk_seqs: number[];
  missing_chunk_count: number;
  missing_event_seqs: number[];
  missing_event_count: number;
  /** Chunk files the client said it could not send (`devtrace submit --allow-gaps`). */
  skipped_chunk_count: number;
}

/**
 * The parts of a sealed trace its reading looks at: `meta.chunks[].chunk_seq`, `meta.events[].seq`,
 * `meta.skipped_chunks` and the integrity's count/head/seal. A whole Trace is one; the store's
 * list reads just these parts in SQL (listTracesWithOutline), so a page does not carry every event.
 */
export interface SealedOutline {
  meta: Trace["meta"];
  integrity?: Pick<NonNullable<Trace["integrity"]>, "count" | "head" | "seal">;
}

const listed = 20;

export function completenessOf(trace: SealedOutline): DevtraceCompleteness {
  const chunkSeqs = numbersAt(trace.meta.chunks, "chunk_seq");
  const eventSeqs = numbersAt(trace.meta.events, "seq");
  const chunks = gaps(chunkSeqs, 0);
  const events = gaps(eventSeqs, eventSeqs.length === 0 ? 0 : Math.min(...eventSeqs));
  const skipped = Array.isArray(trace.meta.skipped_chunks) ? trace.meta.skipped_chunks.length : 0;
  return {
    complete: chunks.count === 0 && events.count === 0 && skipped === 0,
    missing_chunk_seqs: chunks.listed,
    missing_chunk_count: chunks.count,
    missing_event_seqs: events.listed,
    missing_event_count: events.count,
    skipped_chunk_count: skipped,
  };
}

export function outcomeStatusOf(
  trace: SealedOutline,
  validation: Pick<VerifyResult, "tests_passed" | "reason"> | undefined,
): { status: DevtraceOutcomeStatus; reason?: string } {
  const completeness = completenessOf(trace);
  if (!completeness.complete) return { status: "incomplete", reason: describeGaps(completeness) };
  if (hasLegacySeal(trace)) return { status: "unverified", reason: legacySealReason };
  if (validation === undefined) {
    return { status: "unverified", reason: "no verification result was recorded" };
  }
  if (validation.tests_passed === null) {
    return {
      status: "unverified",
      reason: `the tests could not be run: ${validation.reason ?? "no reason recorded"}`,
    };
  }
  return { status: "validated" };
}

/** Why a trace sealed before the seal recorded its event count and head hash is unverified. */
export const legacySealReason =
  "legacy seal: sealed before the event count and head hash were recorded, so events removed from the end cannot be detected";

/** Sealed before `integrity.count/head/seal` existed: its chain cannot vouch for its tail. */
export function hasLegacySeal(trace: Pick<SealedOutline, "integrity">): boolean {
  // A stored JSON null is no integrity either (and must not throw).
  const integrity = trace.integrity as SealedOutline["integrity"] | null;
  return (
    integrity === undefined ||
    integrity === null ||
    (integrity.count === undefined && integrity.head === undefined && integrity.seal === undefined)
  );
}

export function describeGaps(completeness: DevtraceCompleteness): string {
  const parts: string[] = [];
  if (completeness.missing_chunk_count > 0) {
    parts.push(
      `${completeness.missing_chunk_count} chunk(s) never arrived (chunk_seq ${more(completeness.missing_chunk_seqs, completeness.missing_chunk_count)})`,
    );
  }
  if (completeness.missing_event_count > 0) {
    parts.push(
      `${completeness.missing_event_count} event seq(s) missing (${more(completeness.missing_event_seqs, completeness.missing_event_count)})`,
    );
  }
  if (completeness.skipped_chunk_count > 0) {
    parts.push(
      `the client skipped ${completeness.skipped_chunk_count} chunk file(s) it could not send`,
    );
  }
  return parts.join("; ");
}

function more(values: readonly number[], count: number): string {
  return `${values.join(", ")}${count > values.length ? ", …" : ""}`;
}

function numbersAt(list: unknown, field: string): number[] {
  if (!Array.isArray(list)) return [];
  const values: number[] = [];
  for (const item of list) {
    const value = (item as Record<string, unknown> | null)?.[field];
    if (typeof value === "number" && Number.isSafeInteger(value)) values.push(value);
  }
  return values;
}

/** Integers in [from, max(values)] not in values; walks the sorted values, so huge seqs are cheap. */
function gaps(values: readonly number[], from: number): { listed: number[]; count: number } {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const found: number[] = [];
  let count = 0;
  let expected = from;
  for (const value of sorted) {
    if (value < expected) continue;
    const missing = value - expected;
    count += missing;
    for (let seq = expected; seq < value && found.length < listed; seq++) found.push(seq);
    expected = value + 1;
  }
  return { listed: found, count };
}
