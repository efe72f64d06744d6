/**
 * Exporters: the firewall between graded records and datasets. Each exporter streams
 * `ExportRecord`s in and yields rows and quarantine records in input order (preference rows come
 * after intake, once tasks are grouped). Every reason that applies to a record is collected into
 * its single quarantine record; rows are validated against the core zod schemas before leaving.
 */
export { createEvalIndex, type EvalIndex } from "../checks/eval-index.js";
export type { ExportContext, Exporter, ExportItem } from "./exporter.js";
export {
  checkRobotEpisodes,
  type RobotEpisodeChecks,
  type RobotEpisodeRecord,
} from "./lerobot-exporter.js";
export { preferenceExporter } from "./preference-exporter.js";
export { capText, ragCategoryFindings, ragExporter } from "./rag-exporter.js";
export {
  createFileSpill,
  type FileSpillOptions,
  type OpenSpill,
  type Spill,
} from "./record-spill.js";
export { sftCategoryFindings, sftExporter, sftRowId } from "./sft-exporter.js";
