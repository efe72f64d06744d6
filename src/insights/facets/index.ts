// Facets: per-conversation privacy-safe summary, task, language and concerning score, through the
// model door (`insights_facets`) or offline (`offline:facets/v1`), plus adaptive-concurrency batching.
export {
  assessConcerning,
  type ConcerningAssessment,
  type ConcerningCategory,
  concerningCategories,
} from "./concerning.js";
export { deriveTask } from "./derive-task.js";
export { extractiveSummary, summaryMaxChars } from "./extractive-summary.js";
export {
  createFacetBatcher,
  type FacetBatcher,
  type FacetBatcherConcurrency,
  type FacetBatcherOptions,
  type FacetBatchItem,
  type FacetBatchStats,
} from "./facet-batcher.js";
export {
  buildFacetMessages,
  defaultTranscriptChars,
  facetsSchemaName,
  type ModelFacets,
  modelFacetsSchema,
} from "./facet-prompt.js";
export { type FacetRecord, facetRecordSchema, offlineFacetSource } from "./facet-record.js";
export { type ExtractFacetsOptions, extractFacets, offlineFacets, userKeyFor } from "./facets.js";
export { type DetectedLanguage, detectLanguage, toIso6391, toIso6393 } from "./language.js";
