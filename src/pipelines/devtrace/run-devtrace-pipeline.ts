import type { DevtraceStore } from "../../store/types.js";
import type { PipelineCounts, PipelineDeps, PipelineReport } from "../types.js";
import { type ExportDevtracesResult, exportDevtraces } from "./export-devtraces.js";

/** The catalog to read finished developer traces from, the folder to write, and the HMAC key. */
export interface DevtracePipelineInput {
  store: DevtraceStore;
  out: string;
  /** With the server's key the chain and seal are checked too, not only chunk bytes. */
  key?: string;
  includeUnverified?: boolean;
}

/**
 * Developer traces in the one pipeline shape: the validated traces of the catalog (ingested,
 * hash-chained, verified in the sandbox and judged by the service's jobs) out into the folder
 * layout `export` reads, each with its grade, verification, SFT messages and chunk files.
 * A trace whose stored bytes no longer match its seal is quarantined (`integrity`); one without a
 * sealed trace or a judge result, or with an unsafe id, is skipped with its reason.
 * Progress is phase `traces`, one tick per trace written (the total is not known up front).
 */
export async function runDevtracePipeline(
  input: DevtracePipelineInput,
  deps: PipelineDeps,
): Promise<PipelineReport<ExportDevtracesResult>> {
  let written = 0;
  const result = await exportDevtraces(input.store, input.out, {
    redactor: deps.redactor,
    ...(input.key === undefined ? {} : { key: input.key }),
    includeUnverified: input.includeUnverified === true,
    onTrace: (traceId) => {
      written += 1;
      deps.onProgress?.("traces", written, undefined, traceId);
    },
  });
  const counts = devtraceCounts(result);
  return {
    kind: "devtrace",
    runId: undefined,
    status: counts.quarantined > 0 ? "partial" : "completed",
    counts,
    warnings: [
      ...result.labelled.map((label) => `${label.status} ${label.traceId}: ${label.reason}`),
      ...result.skipped.map((skip) => `skipped ${skip.traceId}: ${skip.reason}`),
    ],
    outputs: [input.out],
    detail: result,
  };
}

function devtraceCounts(result: ExportDevtracesResult): PipelineCounts {
  const quarantinedByReason: Record<string, number> = {};
  const skippedByReason: Record<string, number> = {};
  for (const skip of result.skipped) {
    if (skip.reason.startsWith("integrity:")) {
      quarantinedByReason.integrity = (quarantinedByReason.integrity ?? 0) + 1;
      continue;
    }
    const reason = skipReason(skip.reason);
    skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
  }
  const quarantined = quarantinedByReason.integrity ?? 0;
  return {
    in: result.exported.length + result.skipped.length,
    written: result.exported.length,
    quarantined,
    skipped: result.skipped.length - quarantined,
    quarantinedByReason,
    skippedByReason,
  };
}

function skipReason(reason: string): string {
  if (reason.startsWith("unsafe path")) return "unsafe_path";
  return reason.replaceAll(" ", "_");
}
