// Model-proposed corrections of human interventions in robot episodes: find the takeover segments,
// build one request per segment (steps, image grid, transcript), validate the answer for its
// strategy (correct, weight, filter, reject), apply it to a copy and write the corrected episode
// with a sidecar naming every change. Offline, the documented smoothing baseline answers.
export {
  applyAnswer,
  type Change,
  type ChangeSource,
  rejectDeadband,
} from "./apply-corrections.js";
export {
  buildCorrectionRequest,
  type CorrectionRequest,
  defaultRequestOptions,
  type RequestOptions,
  type RequestWarning,
  requestHash,
} from "./build-request.js";
export {
  type CorrectEpisodesOptions,
  type CorrectionProgress,
  type CorrectionSummary,
  type CorrectionWarning,
  correctEpisodes,
  correctedEpisodePaths,
  defaultCorrectOptions,
  type EpisodeOutcome,
} from "./correct-episodes.js";
export { createCorrectionClient } from "./correction-client.js";
export {
  buildImageGrid,
  defaultGridOptions,
  type GridFrame,
  type ImageGrid,
  type ImageGridOptions,
} from "./image-grid.js";
export {
  anchorAction,
  defaultSmoothingOptions,
  offlineSmoothingAnswer,
  offlineSmoothingName,
  type SmoothingOptions,
  smoothActions,
} from "./offline-smoothing.js";
export { recordCorrectionSummary } from "./record-correction.js";
export {
  defaultSegmentOptions,
  findSegments,
  type Segment,
  type SegmentOptions,
  segmentIndices,
} from "./segments.js";
export { type Sidecar, type SidecarSegment, sidecarSchema, sidecarSchemaId } from "./sidecar.js";
export {
  answerSchemaFor,
  type CorrectAnswer,
  correctAnswerSchema,
  type FilterAnswer,
  filterAnswerSchema,
  isStrategy,
  type RejectAnswer,
  type RejectDirection,
  rejectAnswerSchema,
  rejectDirections,
  type Strategy,
  type StrategyAnswer,
  strategies,
  strategySchemaNames,
  type WeightAnswer,
  weightAnswerSchema,
} from "./strategies.js";
export { type AnswerCheck, type AnswerLimits, validateAnswer } from "./validate-answer.js";
