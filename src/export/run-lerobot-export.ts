import { join, resolve } from "node:path";
import type { Provenance } from "../core/dataset-row.js";
import { TracemillError } from "../core/errors.js";
import type { Grade } from "../core/grade.js";
import { sha256File } from "../core/hash.js";
import type { SourceFile, Trace } from "../core/trace.js";
import { judgeRobotEpisodeOffline } from "../grade/robot-offline-judge.js";
import { createRedactor, type Redactor } from "../model/redact.js";
import { tallyProblem } from "../runs/run-tally.js";
import type { Episode } from "../sources/robot/episode.js";
import { episodeToTrace } from "../sources/robot/episode-to-trace.js";
import { traceToEpisode } from "../sources/robot/trace-to-episode.js";
import { checkRobotEpisodes, type RobotEpisodeRecord } from "./exporters/lerobot-exporter.js";
import {
  digestFiles,
  type ExportCounts,
  type ExportReceipt,
  gitCommitOf,
  receiptPath,
  writeReceipt,
} from "./receipt.js";
import { defaultExportOptions, type ExportOptions } from "./types.js";
import {
  type LeRobotExportOptions,
  type LeRobotExportResult,
  writeLeRobotDataset,
} from "./writers/lerobot-writer.js";
import { openQuarantineWriter } from "./writers/quarantine-writer.js";

/**
 * Robot episodes through the export firewall into a LeRobot dataset: each episode becomes its
 * Trace (kind `robot`) with provenance naming its files by hash (the episode JSON, and its .srt
 * transcript when there is one), a judge grades it from its steps, the checks (provenance, shape,
 * privacy and the grade gate) keep or quarantine it with reasons, the kept ones are
 * written by the one LeRobot writer (with meta/provenance.jsonl), and a receipt lists what was
 * read and written. Layout: `<out>/lerobot/` (the dataset and its receipt.json) and
 * `<out>/quarantine/lerobot.jsonl`.
 */
export interface RunLeRobotExportInput {
  episodes: Episode[];
  /** The folder episode paths are named relative to in provenance, quarantine and receipt. */
  from: string;
  out: string;
  dryRun?: boolean;
  toolVersion: string;
  /** Frame rate, robot type, task text and action names, as for `tracemill train --lerobot`. */
  dataset?: Omit<LeRobotExportOptions, "provenance">;
  /** The privacy detectors (configured redaction); the built-in ones when absent. */
  redactor?: Redactor;
  /**
   * The grade gate's thresholds and `includePartial`, recorded in the receipt; the defaults when
   * absent.
   */
  options?: ExportOptions;
  /** Grades an episode's Trace; the offline robot judge (`offline:robot-heuristics`) when absent. */
  judge?: (trace: Trace) => Grade | Promise<Grade>;
}

export interface LeRobotExportSummary {
  counts: ExportCounts;
  /** The dataset written; undefined when no episode passed (or on a dry run). */
  dataset?: LeRobotExportResult;
  quarantinePath: string;
  receipt?: ExportReceipt;
}

export const leRobotSourceName = "robot-episodes";

export async function runLeRobotExport(
  input: RunLeRobotExportInput,
): Promise<LeRobotExportSummary> {
  const dryRun = input.dryRun === true;
  const fps = input.dataset?.fps ?? 10;
  const redactor = input.redactor ?? createRedactor();
  const options = input.options ?? defaultExportOptions;
  const judge = input.judge ?? ((trace: Trace) => judgeRobotEpisodeOffline(trace));
  const inputFiles: string[] = [];
  const records: RobotEpisodeRecord[] = [];
  for (const episode of input.episodes) {
    const paths = [episode.path, ...(episode.transcriptPath ? [episode.transcriptPath] : [])];
    const files = await sourceFilesOf(input.from, paths);
    inputFiles.push(...files.map((file) => resolve(input.from, file.path)));
    // Without its episode file nothing proves the row: the trace hashes the content instead.
    const readable = files[0]?.path === receiptPath(input.from, resolve(input.from, episode.path));
    const trace = episodeToTrace(episode, { hz: fps, ...(readable ? { files } : {}) });
    records.push({
      trace,
      ...(await gradeOf(judge, trace)),
      ...(readable ? { provenance: provenanceOf(trace.id, trace.steps.length, files) } : {}),
      origin: { file: receiptPath(input.from, resolve(input.from, episode.path)) },
    });
  }
  const { kept, quarantined } = checkRobotEpisodes(records, redactor, options);
  const datasetDir = join(input.out, "lerobot");
  const quarantine = await openQuarantineWriter(input.out, "lerobot", dryRun);
  let dataset: LeRobotExportResult | undefined;
  try {
    for (const record of quarantined) await quarantine.write(redactor.redactValue(record));
    if (kept.length > 0 && !dryRun) {
      dataset = await writeLeRobotDataset(
        // The dataset is written from the Traces: each episode rebuilt from its steps.
        kept.map((record) => traceToEpisode(record.trace)),
        datasetDir,
        { ...input.dataset, provenance: kept.map((record) => record.provenance as Provenance) },
      );
    }
    await quarantine.close();
  } catch (error) {
    await quarantine.abort();
    throw error;
  }
  const counts: ExportCounts = {
    in: records.length,
    out: kept.length,
    written: kept.length,
    quarantined: quarantine.records,
    skipped: 0,
    byReason: quarantine.byReason,
    skippedByReason: {},
  };
  const summary: LeRobotExportSummary = { counts, quarantinePath: quarantine.path };
  if (dataset !== undefined) summary.dataset = dataset;
  if (dryRun) return summary;
  const problem = tallyProblem({
    in: counts.in,
    written: counts.written,
    quarantined: counts.quarantined,
    skipped: {},
  });
  const outputs = [
    ...(dataset?.files.map((file) => join(datasetDir, file)) ?? []),
    quarantine.path,
  ];
  const receipt: ExportReceipt = {
    tool: "tracemill",
    toolVersion: input.toolVersion,
    exporter: "lerobot",
    format: "lerobot",
    source: leRobotSourceName,
    inputs: await digestFiles(input.from, inputFiles),
    outputs: await digestFiles(input.out, outputs),
    gitCommit: await gitCommitOf(input.from),
    counts,
    thresholds: options.thresholds,
    options,
    validation: {
      passed: problem === undefined,
      errors: problem === undefined ? [] : [`records do not add up: ${problem}`],
    },
  };
  await writeReceipt(input.out, receipt);
  summary.receipt = receipt;
  return summary;
}

/**
 * The judge's grade, or why there is none: a model answer that failed validation (even after the
 * door's corrective re-ask) quarantines that episode with the reason; any other failure (no key,
 * budget, network) stops the export, since it would fail every episode alike.
 */
async function gradeOf(
  judge: (trace: Trace) => Grade | Promise<Grade>,
  trace: Trace,
): Promise<{ grade: Grade } | { gradeError: string }> {
  try {
    return { grade: await judge(trace) };
  } catch (error) {
    if (error instanceof TracemillError && error.code === "model_output_invalid")
      return { gradeError: `the judge's answer was unusable: ${error.message}` };
    throw error;
  }
}

/** The files that exist, by their path relative to `from` and the hash of their bytes. */
async function sourceFilesOf(from: string, paths: readonly string[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const path of paths) {
    const absolute = resolve(from, path);
    try {
      files.push({ path: receiptPath(from, absolute), ...(await sha256File(absolute)) });
    } catch {
      // An unreadable file proves nothing; the episode file missing quarantines the episode.
    }
  }
  return files;
}

function provenanceOf(traceId: string, steps: number, files: readonly SourceFile[]): Provenance {
  const named = files.map((file) => ({ path: file.path, sha256: file.sha256 }));
  return {
    traceId,
    stepRange: [0, Math.max(0, steps - 1)],
    sourceFile: named[0] as Provenance["sourceFile"],
    ...(named.length > 1 ? { sourceFiles: named } : {}),
  };
}
