import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { canonicalJson } from "../../core/canonical-json.js";
import { writeJsonAtomic } from "../../core/files.js";
import {
  computeScore,
  type Grade,
  gradeSchema,
  gradeSchemaId,
  type Rubric,
} from "../../core/grade.js";
import { deterministicId } from "../../core/hash.js";
import { safeJoin } from "../../core/safe-path.js";
import type { Trace } from "../../core/trace.js";
import { devtraceToSft } from "../../format/devtrace-to-sft.js";
import type { SftMessage } from "../../format/sft-message.js";
import {
  type DevtraceJudgement,
  devtraceDimensions,
  notFixedOverallCap,
} from "../../grade/devtrace-judge-types.js";
import { createRedactor, type Redactor } from "../../model/redact.js";
import { outcomeStatusOf } from "../../sources/devtrace/completeness.js";
import { devtraceStepOf } from "../../sources/devtrace/event-steps.js";
import { devtraceEventsOf } from "../../sources/devtrace/final-patch.js";
import type { DevtraceStore, StoredChunk } from "../../store/types.js";
import type { VerifyResult } from "../../verify/types.js";
import { verifyStoredDevtrace } from "./verify-stored-trace.js";

/**
 * Validated developer traces out of the catalog into the folder layout `tracemill export` reads:
 * `<out>/<trace_id>/trace.json` (the sealed Trace), `grade.json` (the judge's six dimensions as a
 * tracemill.grade/v1, score computed in code), `verification.json` (a required verification: the
 * sandbox result), `sft.json` (the task, the developer's notes, commands, edits and test results
 * as chat messages) and `chunks/<chunk_id>.json` (each chunk's stored events as canonical JSON,
 * whose sha256 is the trace's source-file hash, so provenance can be checked byte for byte).
 */
export interface ExportDevtracesResult {
  exported: string[];
  /**
   * Finished traces not exported: without a sealed trace or a judge, or refused because their
   * stored bytes no longer match the seal (`integrity: …`).
   */
  skipped: { traceId: string; reason: string }[];
  /** Exported traces that read incomplete or unverified, with the reason (not validated). */
  labelled: { traceId: string; status: "incomplete" | "unverified"; reason: string }[];
}

export interface ExportDevtracesOptions {
  onTrace?: (traceId: string) => void;
  /** Redacts the derived files (grade, sft, task); the built-in detectors when absent. */
  redactor?: Redactor;
  /** The server's HMAC key: with it the chain and seal are checked too, not only chunk bytes. */
  key?: string;
  /**
   * Unverified traces (tests could not run) are kept out of SFT by default: their
   * verification.json is required and not passed. With this, it is written as not required.
   */
  includeUnverified?: boolean;
}

/** Confidence recorded for each judge kind: the offline signal judge is a heuristic. */
const offlineConfidence = 0.6;
const modelConfidence = 0.8;

export function devtraceRubric(judgement: DevtraceJudgement): Rubric {
  return {
    id: "devtrace-process",
    version: judgement.rubric_version,
    dimensions: devtraceDimensions.map((key) => ({
      key,
      weight: judgement.weights[key],
      min: 0,
      max: 5,
    })),
  };
}

export function devtraceGrade(
  trace: Trace,
  judgement: DevtraceJudgement,
  createdAt: string,
  validation?: VerifyResult,
): Grade {
  const rubric = devtraceRubric(judgement);
  const components = { ...judgement.scores };
  // A failed fix is capped however good the process: judgements made before the cap existed
  // get it from the stored verification.
  const capOverall =
    judgement.cap?.overall ?? (validation?.tests_passed === false ? notFixedOverallCap : undefined);
  const processScore = computeScore(rubric, components);
  const score =
    capOverall === undefined
      ? processScore
      : Math.min(processScore, Math.round((capOverall / 5) * 100));
  const [provider, ...model] = judgement.judge.split(":");
  return gradeSchema.parse({
    schema: gradeSchemaId,
    id: deterministicId("grade", { traceId: trace.id, judge: judgement.judge, scores: components }),
    traceId: trace.id,
    rubric,
    judge: {
      provider: provider ?? "offline",
      model: model.join(":") || judgement.judge,
      ...(judgement.seed === undefined ? {} : { seed: judgement.seed }),
      ...(judgement.fingerprint === undefined ? {} : { fingerprint: judgement.fingerprint }),
    },
    components,
    score,
    confidence: judgement.offline ? offlineConfidence : modelConfidence,
    summary: judgement.feedback_summary,
    observations:
      score === processScore
        ? judgement.observations
        : [
            ...judgement.observations,
            `score ${processScore} capped at ${score}: the sandbox showed the fix failing`,
          ],
    reasoning: "",
    chunkSummaries: [],
    usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
    createdAt,
  });
}

/**
 * The trace as chat from the raw wire events in `meta` (steps rebuilt from them, then the one
 * SFT builder): export uses devtraceToSft on the stored steps; tests hold the two equal, which
 * says the stored steps carry everything the events did.
 */
export function devtraceSft(trace: Trace): SftMessage[] {
  const events = devtraceEventsOf(trace);
  const first = events[0]?.ts_client_s ?? 0;
  const steps = events.map((event, index) =>
    devtraceStepOf(event, index, first, { file: "meta.events" }),
  );
  return devtraceToSft({ ...trace, steps });
}

export async function exportDevtraces(
  store: DevtraceStore,
  out: string,
  options: ExportDevtracesOptions = {},
): Promise<ExportDevtracesResult> {
  const result: ExportDevtracesResult = { exported: [], skipped: [], labelled: [] };
  // A missing target folder is created (with its parents), even when nothing is exported.
  await mkdir(out, { recursive: true });
  // The derived files pass the detectors again (a trace ingested before a detector existed);
  // the sealed events and chunks stay the bytes that provenance and `devtrace verify` check.
  const redactor = options.redactor ?? createRedactor();
  const pageSize = 100;
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.listTraces({ status: "validated", limit: pageSize, offset });
    for (const record of page) {
      const traceId = record.trace_id;
      const [trace, qa] = await Promise.all([store.getSealedTrace(traceId), store.getQa(traceId)]);
      if (trace === undefined || qa.judge === undefined) {
        result.skipped.push({
          traceId,
          reason: trace === undefined ? "no sealed trace" : "no judge result",
        });
        continue;
      }
      const integrity = await verifyStoredDevtrace(store, traceId, options.key);
      if (!integrity.ok) {
        const found = [
          ...(integrity.firstBroken === undefined ? [] : [integrity.firstBroken.reason]),
          ...(integrity.problems ?? []),
        ];
        result.skipped.push({ traceId, reason: `integrity: ${found.join("; ")}` });
        continue;
      }
      const outcome = outcomeStatusOf(trace, qa.validation);
      if (outcome.status !== "validated") {
        result.labelled.push({
          traceId,
          status: outcome.status,
          reason: outcome.reason ?? outcome.status,
        });
      }
      const chunks = await store.listChunks(traceId);
      // Ids stored before ids were checked at ingest may not be safe names: such a trace is skipped.
      const placed = placeChunks(out, traceId, chunks);
      if (typeof placed === "string") {
        result.skipped.push({ traceId, reason: placed });
        continue;
      }
      const { dir, files } = placed;
      await mkdir(join(dir, "chunks"), { recursive: true });
      for (const { path, chunk } of files) {
        await mkdir(dirname(path), { recursive: true });
        await writeJsonAtomic(path, chunk.events, { serialize: canonicalJson });
      }
      // The trace's source files point at the chunk files written beside it. The task comes from
      // the create request, outside the redacted events and the seal: it passes the detectors here.
      const exported: Trace = {
        ...trace,
        ...(trace.task === undefined ? {} : { task: redactor.redactValue(trace.task) }),
        source: {
          ...trace.source,
          files: trace.source.files.map((file) => ({
            ...file,
            path: file.path.startsWith("chunk:") ? `chunks/${file.path.slice(6)}.json` : file.path,
          })),
        },
      };
      const createdAt = record.completed_at ?? record.updated_at;
      await writeJsonAtomic(
        join(dir, "grade.json"),
        redactor.redactValue(devtraceGrade(exported, qa.judge, createdAt, qa.validation)),
      );
      await writeJsonAtomic(
        join(dir, "verification.json"),
        verificationOf(qa.validation, outcome, options.includeUnverified === true),
      );
      await writeJsonAtomic(join(dir, "sft.json"), redactor.redactValue(devtraceToSft(exported)));
      await writeJsonAtomic(join(dir, "trace.json"), exported);
      result.exported.push(traceId);
      options.onTrace?.(traceId);
    }
    if (page.length < pageSize) break;
  }
  return result;
}

/** Where a trace's files go under `out`, or why they cannot be written there. */
function placeChunks(
  out: string,
  traceId: string,
  chunks: StoredChunk[],
): { dir: string; files: { path: string; chunk: StoredChunk }[] } | string {
  try {
    const dir = safeJoin(out, traceId);
    const files = chunks.map((chunk) => ({
      path: safeJoin(dir, "chunks", `${chunk.chunk_id}.json`),
      chunk,
    }));
    return { dir, files };
  } catch (error) {
    return `unsafe path: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Verification is required for developer traces: a fix that was not shown to pass is unproven,
 * so the export firewall keeps it out of SFT. An unverified trace may be let through on request.
 */
function verificationOf(
  validation: VerifyResult | undefined,
  outcome: ReturnType<typeof outcomeStatusOf>,
  includeUnverified: boolean,
): { required: boolean; passed: boolean; status: string; reason?: string } {
  return {
    required: !(includeUnverified && outcome.status === "unverified"),
    passed: outcome.status === "validated" && validation?.tests_passed === true,
    status: outcome.status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
  };
}
