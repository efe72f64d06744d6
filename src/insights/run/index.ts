// `tracemill insights run` as a library: options, preflight estimate, the run with its stages
// (facets checkpointed per conversation, analysis files written atomically, evaluation in eval/),
// the doctor checks and the salt file.
export {
  type AnalysisDeps,
  type AnalysisResult,
  type AnalysisSettings,
  type AnalysisStages,
  analyseFacets,
} from "./analyse.js";
export { insightsFiles } from "./artifacts.js";
export { type EvalStageResult, runEvalStage } from "./eval-stage.js";
export { type FacetsStageOptions, type FacetsStageResult, runFacetsStage } from "./facets-stage.js";
export { checkInsightsSetup } from "./insights-doctor.js";
export {
  effectiveStages,
  type InsightsRunOptions,
  type InsightsRunOptionsInput,
  type InsightsStageName,
  insightsRunOptionsSchema,
  insightsStageNames,
} from "./options.js";
export { estimateRun, type PreflightEstimate, renderEstimate } from "./preflight.js";
export { renderInsightsReport } from "./render-report.js";
export {
  type InsightsRunDeps,
  type InsightsRunReport,
  insightsCommandName,
  runInsights,
} from "./run-insights.js";
export { loadOrCreateSalt } from "./salt.js";
