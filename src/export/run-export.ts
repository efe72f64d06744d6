import { access } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { removeStaleTemporaries } from "../core/stale-temporaries.js";
import { createRedactor, type Redactor } from "../model/redact.js";
import { tallyProblem } from "../runs/run-tally.js";
import type { EvalIndex } from "./checks/index.js";
import { createEvalIndex } from "./checks/index.js";
import {
  addPiiKinds,
  type PiiKinds,
  piiTotal,
  redactStrings,
  rememberingCleanText,
} from "./checks/pii-check.js";
import type { Exporter } from "./exporters/index.js";
import { preferenceExporter, ragExporter, sftExporter } from "./exporters/index.js";
import { piiFinding, quarantineOf, rowBoundText } from "./exporters/record-checks.js";
import {
  capErrors,
  digestFiles,
  type ExportCounts,
  type ExportReceipt,
  gitCommitOf,
  receiptPath,
  writeReceipt,
} from "./receipt.js";
import { detectExportSource } from "./sources/index.js";
import type {
  ExporterName,
  ExportFormat,
  ExportOptions,
  ExportRecord,
  ExportSource,
  ExportSourceWarning,
  QuarantineRecord,
  SkipReason,
} from "./types.js";
import { type DatasetRow, openDatasetWriter } from "./writers/dataset-writer.js";
import { evalTexts } from "./writers/eval-texts.js";
import { writeLatestSummary } from "./writers/latest-summary.js";
import { openQuarantineWriter } from "./writers/quarantine-writer.js";

/**
 * The export shell: reads the source once per exporter (streaming, nothing held but small per-file
 * sets), writes rows and quarantine records, then the receipt and `latest.md`. A dry run goes
 * through the same steps with writers that only count, so its plan matches a real run exactly.
 */
export interface ExportProgress {
  exporter: ExporterName;
  recordsRead: number;
  rowsWritten: number;
  quarantined: number;
  done: boolean;
}

export interface RunExportInput {
  exporters: ExporterName[];
  from: string;
  out: string;
  format: ExportFormat;
  dryRun: boolean;
  evalSets: string[];
  options: ExportOptions;
  toolVersion: string;
  onProgress?: (progress: ExportProgress) => void;
  /** Injected source; detected from `from` when absent. */
  source?: ExportSource;
  /** Injected exporters (tests); the real ones when absent. */
  exporterImplementations?: Partial<Record<ExporterName, Exporter<DatasetRow>>>;
  /** The privacy detectors (configured redaction); the built-in ones when absent. */
  redactor?: Redactor;
}

export interface PlannedFile {
  path: string;
  rows?: number;
}

export interface ExporterSummary {
  exporter: ExporterName;
  format: ExportFormat;
  counts: ExportCounts;
  validation: { passed: boolean; errors: string[] };
  /** Files written (or, on a dry run, that would be written), relative to `out`. */
  files: PlannedFile[];
  receipt?: ExportReceipt;
}

export interface ExportSummary {
  source: string;
  dryRun: boolean;
  /** Temporaries of an earlier run that was killed half way, removed before this one wrote. */
  staleRemoved: number;
  exporters: ExporterSummary[];
  warnings: ExportSourceWarning[];
  warningCount: number;
}

const defaultExporters: Record<ExporterName, Exporter<DatasetRow>> = {
  sft: sftExporter as Exporter<DatasetRow>,
  rag: ragExporter as Exporter<DatasetRow>,
  preference: preferenceExporter as Exporter<DatasetRow>,
};
const maxKeptWarnings = 100;
/** Bounds the dedupe set so a million malformed lines cannot grow memory without limit. */
const maxWarningKeys = 100_000;
const progressEvery = 1000;

export async function runExport(input: RunExportInput): Promise<ExportSummary> {
  const source = input.source ?? (await detectExportSource(input.from, input.options.thresholds));
  const evalSets = input.evalSets.map((path) => resolve(path));
  const evalIndex: EvalIndex | undefined =
    evalSets.length > 0
      ? createEvalIndex(await evalTexts(evalSets), input.options.contaminationNgram)
      : undefined;
  const gitCommit = input.dryRun ? null : await gitCommitOf(input.from);
  const summary: ExportSummary = {
    source: source.name,
    dryRun: input.dryRun,
    staleRemoved: input.dryRun ? 0 : await removeStaleExportTemporaries(input.out),
    exporters: [],
    warnings: [],
    warningCount: 0,
  };
  const seenWarnings = new Set<string>();
  const redactor = rememberingCleanText(input.redactor ?? createRedactor());
  const onWarning = (raw: ExportSourceWarning): void => {
    // A warning may quote the input (a bad category value): it passes the detectors too.
    const warning = { ...raw, message: redactor.redactText(raw.message).text };
    // Each exporter re-reads the source; count a warning once, not once per exporter.
    const key = `${warning.code}\u0000${warning.file}\u0000${warning.line ?? ""}\u0000${warning.message}`;
    if (seenWarnings.has(key)) return;
    if (seenWarnings.size < maxWarningKeys) seenWarnings.add(key);
    summary.warningCount += 1;
    if (summary.warnings.length < maxKeptWarnings) summary.warnings.push(warning);
  };
  // Every exporter reads the same input files: list them and hash each once per run.
  const sourceFiles: string[] = [];
  if (source.inputFiles) {
    for await (const file of source.inputFiles(input.from))
      sourceFiles.push(resolveIn(input.from, file));
  }
  const inputDigests = new Map<string, { sha256: string; bytes: number }>();
  for (const exporter of input.exporters) {
    const implementation = input.exporterImplementations?.[exporter] ?? defaultExporters[exporter];
    const run = await runOneExporter(
      input,
      source,
      sourceFiles,
      implementation,
      evalIndex,
      onWarning,
      redactor,
    );
    if (!input.dryRun) {
      const outputs = await digestFiles(input.out, run.outputFiles);
      const inputs = await digestFiles(input.from, [...run.inputFiles, ...evalSets], inputDigests);
      const receipt: ExportReceipt = {
        tool: "tracemill",
        toolVersion: input.toolVersion,
        exporter,
        format: input.format,
        source: source.name,
        inputs,
        outputs,
        gitCommit,
        counts: run.counts,
        thresholds: input.options.thresholds,
        options: input.options,
        validation: {
          passed: run.validationErrors.length === 0,
          errors: capErrors(run.validationErrors),
        },
      };
      await writeReceipt(input.out, receipt);
      run.summary.receipt = receipt;
    }
    summary.exporters.push(run.summary);
  }
  if (!input.dryRun) await writeLatestSummary(input.out);
  return summary;
}

interface ExporterRun {
  summary: ExporterSummary;
  counts: ExportCounts;
  validationErrors: string[];
  inputFiles: string[];
  outputFiles: string[];
}

async function runOneExporter(
  input: RunExportInput,
  source: ExportSource,
  sourceFiles: readonly string[],
  exporter: Exporter<DatasetRow>,
  evalIndex: EvalIndex | undefined,
  onWarning: (warning: ExportSourceWarning) => void,
  redactor: Redactor,
): Promise<ExporterRun> {
  const name = exporter.name;
  const writer = await openDatasetWriter({
    exporter: name,
    format: input.format,
    out: input.out,
    inlineImages: input.options.inlineImages,
    dryRun: input.dryRun,
  });
  const quarantine = await openQuarantineWriter(input.out, name, input.dryRun);
  const inputFiles = new Set<string>();
  const validationErrors: string[] = [];
  let recordsRead = 0;
  let recordsWritten = 0;
  const skippedByReason: ExportCounts["skippedByReason"] = {};
  const skip = (reason: SkipReason, count: number) => {
    if (count > 0) skippedByReason[reason] = (skippedByReason[reason] ?? 0) + count;
  };
  const report = (done: boolean): void =>
    input.onProgress?.({
      exporter: name,
      recordsRead,
      rowsWritten: writer.rows,
      quarantined: quarantine.records,
      done,
    });
  // Records name few distinct files (usually each many times in a row): resolve each name once.
  const namesSeen = new Set<string>();
  const noteInput = (name: string): void => {
    if (namesSeen.has(name)) return;
    namesSeen.add(name);
    inputFiles.add(resolveIn(input.from, name));
  };
  const redactMode = input.options.pii === "redact";
  const redactedByKind: PiiKinds = {};
  async function* counted(): AsyncIterable<ExportRecord> {
    for await (const record of source.read(input.from, onWarning)) {
      recordsRead += 1;
      noteInput(record.origin.file);
      const sourceFile = record.provenance?.sourceFile.path;
      if (sourceFile !== undefined) noteInput(sourceFile);
      for (const file of record.provenance?.sourceFiles ?? []) noteInput(file.path);
      if (recordsRead % progressEvery === 0) report(false);
      yield redactMode ? redactRecord(record) : record;
    }
  }
  /** `--pii redact`: what rows carry is redacted before any exporter check sees it. */
  function redactRecord(record: ExportRecord): ExportRecord {
    const redacted = redactStrings(rowBoundText(record), redactor);
    if (piiTotal(redacted.kinds) === 0) return record;
    addPiiKinds(redactedByKind, redacted.kinds);
    return { ...record, ...redacted.value };
  }
  try {
    for await (const item of exporter.run(counted(), {
      options: input.options,
      ...(evalIndex ? { evalIndex } : {}),
      redactor,
    })) {
      if (item.kind === "quarantine") {
        await quarantine.write(redactor.redactValue(item.quarantine));
        continue;
      }
      if (item.kind === "skip") {
        skip(item.reason, 1);
        continue;
      }
      // The last check, on the row as it will be written, whatever built it.
      let row = item.row;
      const checked = redactStrings(row, redactor);
      if (piiTotal(checked.kinds) > 0) {
        if (redactMode) {
          addPiiKinds(redactedByKind, checked.kinds);
          row = checked.value;
        } else {
          // Its records were counted by an earlier row when it uses none for the first time.
          const records = item.records ?? 1;
          if (records > 0) {
            skip("partner_quarantined", records - 1);
            const refused = quarantineOf(name, item.record, [piiFinding(checked.kinds)]);
            await quarantine.write(redactor.redactValue(refused));
          }
          continue;
        }
      }
      const written = await writer.write(row, item.record);
      if (written.ok) {
        recordsWritten += item.records ?? 1;
        continue;
      }
      // The row's first record is quarantined below; any other record it used is left out.
      skip("partner_quarantined", (item.records ?? 1) - 1);
      validationErrors.push(...written.errors.map((error) => `${item.row.id}: ${error}`));
      const { record } = item;
      const refused: QuarantineRecord = {
        exporter: name,
        recordId: record.recordId,
        reasons: ["schema_violation"],
        errors: written.errors,
        ...(record.category === undefined ? {} : { category: record.category }),
        ...(record.provenance === undefined ? {} : { provenance: record.provenance }),
        origin: record.origin,
      };
      await quarantine.write(redactor.redactValue(refused));
    }
    await writer.close();
    await quarantine.close();
  } catch (error) {
    await writer.abort();
    await quarantine.abort();
    throw error;
  }
  report(true);
  for (const file of sourceFiles) inputFiles.add(file);
  const existingInputs = await keepExisting([...inputFiles, ...writer.imagesRead]);
  const outputFiles = [writer.path, ...writer.images, quarantine.path];
  const counts: ExportCounts = {
    in: recordsRead,
    out: writer.rows,
    written: recordsWritten,
    quarantined: quarantine.records,
    skipped: Object.values(skippedByReason).reduce((sum, count) => sum + count, 0),
    byReason: quarantine.byReason,
    skippedByReason,
    ...(piiTotal(redactedByKind) > 0 ? { redactedByKind } : {}),
  };
  // Every record must end in one place; an exporter that loses one fails validation, loudly.
  const problem = tallyProblem({
    in: counts.in,
    written: counts.written,
    quarantined: counts.quarantined,
    skipped: counts.skippedByReason,
  });
  if (problem !== undefined) validationErrors.push(`records do not add up: ${problem}`);
  const files: PlannedFile[] = [
    { path: receiptPath(input.out, writer.path), rows: writer.rows },
    ...[...writer.images].sort().map((path) => ({ path: receiptPath(input.out, path) })),
    { path: receiptPath(input.out, quarantine.path), rows: quarantine.records },
  ];
  if (!input.dryRun) files.push({ path: `${name}/receipt.json` });
  const validation = { passed: validationErrors.length === 0, errors: capErrors(validationErrors) };
  return {
    summary: { exporter: name, format: input.format, counts, validation, files },
    counts,
    validationErrors,
    inputFiles: existingInputs,
    outputFiles,
  };
}

/** Only tracemill's own folders are walked: `out` itself may be a folder full of other things. */
async function removeStaleExportTemporaries(out: string): Promise<number> {
  let removed = (await removeStaleTemporaries(out, { recursive: false })).length;
  for (const exporter of Object.keys(defaultExporters))
    removed += (await removeStaleTemporaries(join(out, exporter))).length;
  return removed;
}

function resolveIn(folder: string, path: string): string {
  return isAbsolute(path) ? path : resolve(folder, path);
}

/** Provenance may name files that are gone (a moved recording); a receipt hashes only what exists. */
async function keepExisting(paths: string[]): Promise<string[]> {
  const unique = [...new Set(paths)];
  const kept: string[] = [];
  // Bounded batches: checks run concurrently without creating a promise per file up front.
  // Absent files are reported by the sources and checks, not by the receipt.
  for (let start = 0; start < unique.length; start += 256) {
    const batch = unique.slice(start, start + 256);
    const exists = await Promise.all(
      batch.map((path) =>
        access(path).then(
          () => true,
          () => false,
        ),
      ),
    );
    batch.forEach((path, index) => {
      if (exists[index]) kept.push(path);
    });
  }
  return kept;
}
