/**
 * Dataset export: sources read graded inputs into `ExportRecord`s, exporters (the firewall) turn
 * them into SFT/RAG/preference rows or quarantine records, writers put rows in a format
 * (native, OpenAI, TRL, Parquet), and `runExport` ties them together with a receipt per
 * exporter. Robot episodes take the same firewall to a LeRobot dataset (`runLeRobotExport`).
 * Same inputs give byte-identical files; nothing rejected or unreviewed reaches SFT.
 */

export { categorize } from "./categorize.js";
export {
  createEvalIndex,
  type EvalIndex,
  type ExportContext,
  type Exporter,
  type ExportItem,
  preferenceExporter,
  ragExporter,
  sftExporter,
} from "./exporters/index.js";
export {
  type ExportCounts,
  type ExportReceipt,
  type FileDigest,
  gitCommitOf,
  readReceipt,
  serializeReceipt,
} from "./receipt.js";
export { renderExportHealth, renderExportSummary } from "./render-export.js";
export {
  type ExporterSummary,
  type ExportProgress,
  type ExportSummary,
  type PlannedFile,
  type RunExportInput,
  runExport,
} from "./run-export.js";
export {
  type LeRobotExportSummary,
  type RunLeRobotExportInput,
  runLeRobotExport,
} from "./run-lerobot-export.js";
export { detectExportSource, seedLayoutSource, tracemillTreeSource } from "./sources/index.js";
export * from "./types.js";
export {
  type DatasetRow,
  type DatasetWriter,
  datasetFileName,
  openDatasetWriter,
} from "./writers/dataset-writer.js";
export {
  type ExportHealth,
  exportHealth,
  type QuarantinedRecordHealth,
} from "./writers/export-health.js";
export { renderLatestSummary } from "./writers/latest-summary.js";
export {
  type LeRobotExportOptions,
  type LeRobotExportResult,
  writeLeRobotDataset,
} from "./writers/lerobot-writer.js";
export {
  openAiDpoSchema,
  openAiSftSchema,
  toOpenAiDpo,
  toOpenAiSft,
} from "./writers/openai-format.js";
export { parquetColumns } from "./writers/parquet-writer.js";
export {
  toTrlPreference,
  toTrlSft,
  trlPreferenceSchema,
  trlSftSchema,
} from "./writers/trl-format.js";
