/**
 * src/train: behaviour cloning on robot episodes with TensorFlow.js (wasm backend). `trainBc`
 * turns episodes into z-normalised tensors (per-sample weights from each record's 5th element,
 * a seeded 90/10 split by episode), trains an MLP (LayerNorm, ReLU, dropout, tanh head) with a
 * custom loop — SmoothL1 plus consecutive-step, jump, saturation and Jacobian terms, AdamW — and
 * writes resumable checkpoints, losses.jsonl and loss.png. `evaluateCheckpoint` scores held-out
 * episodes; `loadPolicy`/`exportPolicy` give inference in plain Node; `exportLeRobot` writes a
 * LeRobot v2.1 dataset. `runTrainPipeline`/`correctAndTrain` are what the CLI commands run.
 */
export { type AdamW, type AdamWState, createAdamW } from "./adamw.js";
export {
  type CheckpointData,
  checkpointDirectory,
  checkpointSchemaId,
  latestCheckpoint,
  readCheckpoint,
  saveCheckpoint,
} from "./checkpoint.js";
export {
  buildDataset,
  type Dataset,
  type DatasetOptions,
  type DatasetSplit,
  episodeKey,
  type NormalizationStats,
  type Sequence,
} from "./dataset.js";
export { type CheckpointEvaluation, evaluateCheckpoint } from "./evaluate.js";
export {
  exportLeRobot,
  type LeRobotExportOptions,
  type LeRobotExportResult,
  leRobotCodebaseVersion,
} from "./lerobot-export.js";
export {
  type ExportedPolicy,
  exportedPolicySchemaId,
  exportPolicy,
  type LoadedPolicy,
  loadPolicy,
  policyFromExport,
} from "./load-policy.js";
export {
  baseTerm,
  deltaTerm,
  jacobianTerm,
  jumpTerm,
  type LossInputs,
  type LossSettings,
  lossTerms,
  normalizeWeights,
  saturationTerm,
  smoothL1,
} from "./loss.js";
export { type LossRecord, renderLossSvg } from "./loss-plot.js";
export { lossesFileName, readLossRecords } from "./losses-file.js";
export {
  createPolicy,
  initialWeights,
  type NamedWeights,
  type Policy,
  type PolicyArchitecture,
} from "./policy.js";
export {
  readCorrectedCopies,
  readCorrectedFolder,
  readTrainingEpisodes,
  type TrainingEpisodes,
} from "./read-training-episodes.js";
export { renderCorrectAndTrain, renderEvaluation, renderTrainResult } from "./render-training.js";
export {
  loadTensorflow,
  type TrainingBackend,
  type TrainingBackendChoice,
} from "./tensorflow.js";
export { type TrainBcOptions, type TrainBcResult, trainBc } from "./train-bc.js";
export {
  type LossTermName,
  type LossValues,
  lossTermNames,
  type TrainConfig,
  type TrainConfigInput,
  trainConfigSchema,
} from "./train-config.js";
export {
  type CorrectAndTrainOptions,
  type CorrectAndTrainResult,
  correctAndTrain,
  type EvaluatePipelineResult,
  type PipelineProgress,
  runEvaluatePipeline,
  runTrainPipeline,
  type TrainingRunOptions,
  type TrainPipelineResult,
} from "./train-pipeline.js";
