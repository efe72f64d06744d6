import type { Config } from "../core/config.js";
import type { Embedder } from "../model/embedders/types.js";
import type { ModelClient } from "../model/model-client.js";
import type { Redactor } from "../model/redact.js";
import { type RunTally, skippedTotal, tallyProblem } from "../runs/run-tally.js";

/**
 * The one pipeline shape: every kind's entry (`src/pipelines/<kind>/index.ts`) is
 * `(input, deps: PipelineDeps) => Promise<PipelineReport>`. The input is the kind's own (folders,
 * files, options); the deps are the same for all; the report counts every item read into exactly
 * one bucket. The CLI, the server and the demo build the deps once, call an entry and print the
 * report; stage logic never reads flags or prints.
 */

/**
 * One progress shape for every pipeline: a phase name, items done so far, the total when known,
 * and optionally the item just finished (a progress bar's detail text).
 */
export type OnProgress = (phase: string, done: number, total?: number, detail?: string) => void;

export interface PipelineDeps {
  /** The parsed configuration (src/config): redaction, model, embedder, runsDir, cacheDir. */
  config: Config;
  /**
   * The model door, built by `createConfiguredModelClient` (src/model/configured-client.ts).
   * Absent: the pipeline builds its own from `config` (so its run records the attempts).
   * `client.offline`: no language model runs; stages with an algorithmic baseline use it.
   */
  client?: ModelClient;
  /** The embedder (conversations); absent where a pipeline embeds nothing. */
  embedder?: Embedder;
  /** The one redactor (src/model/redact.ts), built from `config.redaction`. */
  redactor: Redactor;
  onProgress?: OnProgress;
  /** One line for the person at the terminal (never data rows); the CLI routes it to stderr. */
  warn?: (line: string) => void;
  signal?: AbortSignal;
}

export type PipelineStatus = "completed" | "partial" | "failed" | "dry-run";

/**
 * in = written + quarantined + skipped; each remainder keeps its reasons. Skip reasons add up to
 * `skipped`; a quarantined item names every reason it failed (the export's firewall), so its
 * reasons may add up to more than `quarantined`.
 */
export interface PipelineCounts {
  in: number;
  written: number;
  quarantined: number;
  skipped: number;
  quarantinedByReason: Record<string, number>;
  skippedByReason: Record<string, number>;
}

export interface PipelineReport<Detail = unknown> {
  kind: PipelineKind;
  /** The run folder's id; undefined for a dry run (nothing recorded). */
  runId: string | undefined;
  status: PipelineStatus;
  counts: PipelineCounts;
  warnings: string[];
  /** Files and folders the run wrote (datasets, run folder, corrected episodes, …). */
  outputs: string[];
  /** The kind's own result (for its renderer and `--json`), unchanged from before the spine. */
  detail: Detail;
}

export const pipelineKinds = [
  "screen",
  "devtrace",
  "conversations",
  "robot",
  "training",
  "export",
] as const;
export type PipelineKind = (typeof pipelineKinds)[number];

export type Pipeline<Input, Detail> = (
  input: Input,
  deps: PipelineDeps,
) => Promise<PipelineReport<Detail>>;

/** Counts from a run tally (the accounting every command already keeps). */
export function countsFromTally(
  tally: RunTally,
  quarantinedByReason: Record<string, number> = {},
): PipelineCounts {
  return {
    in: tally.in,
    written: tally.written,
    quarantined: tally.quarantined,
    skipped: skippedTotal(tally),
    quarantinedByReason: withoutZeros(quarantinedByReason),
    skippedByReason: withoutZeros(tally.skipped),
  };
}

/** Why the counts do not add up (in = written + quarantined + skipped), or undefined. */
export function countsProblem(counts: PipelineCounts): string | undefined {
  const skippedByReason = Object.values(counts.skippedByReason).reduce((a, b) => a + b, 0);
  if (skippedByReason !== counts.skipped)
    return `skipped ${counts.skipped}, but its reasons add up to ${skippedByReason}`;
  return tallyProblem({
    in: counts.in,
    written: counts.written,
    quarantined: counts.quarantined,
    skipped: { all: counts.skipped },
  });
}

/** The status a run gets from its counts: nothing written from something read is a failure. */
export function statusFromCounts(counts: PipelineCounts): PipelineStatus {
  if (counts.in > 0 && counts.written === 0 && counts.quarantined > 0) return "failed";
  if (counts.quarantined > 0) return "partial";
  return "completed";
}

function withoutZeros(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([, count]) => count > 0));
}
