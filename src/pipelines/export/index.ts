/**
 * src/pipelines/export: graded Traces of every kind through the export firewall (src/export) as
 * `runExportPipeline(input, deps)`, the one pipeline shape.
 */
export { type ExportPipelineInput, runExportPipeline } from "./run-export-pipeline.js";
