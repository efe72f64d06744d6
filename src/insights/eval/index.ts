// Evaluation: a labelled synthetic corpus (offline templates or a model), clustering metrics against
// the labels (Hungarian-matched accuracy, ARI, NMI, purity) and the eval report files.
export { buildExampleCorpus, exampleCorpusOptions, plantedPii, toJsonl } from "./example-corpus.js";
export { maximumWeightAssignment } from "./hungarian.js";
export {
  type ClusteringMetrics,
  clusteringMetrics,
  perTopicMetrics,
  type TopicMetrics,
} from "./metrics.js";
export {
  type EvalReportFiles,
  type EvalReportInput,
  evalMetricsSchemaId,
  renderEvalReport,
  writeEvalReport,
} from "./report.js";
export { createSeededRandom, type SeededRandom } from "./seeded-random.js";
export {
  generateSyntheticCorpus,
  modelSyntheticSchema,
  offlineSyntheticGenerator,
  type SyntheticCorpus,
  type SyntheticCorpusOptions,
  type SyntheticTruth,
  syntheticSchemaName,
  syntheticTopicNames,
} from "./synthetic.js";
export { type SyntheticLanguage, syntheticLanguages, syntheticTopics } from "./synthetic-topics.js";
