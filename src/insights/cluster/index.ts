// Embeddings and base clusters: summaries embedded in batches and stored in the run (float32 rows
// + index, reused on resume); per-language centering; seeded k-means++ then ml-kmeans or
// mini-batch k-means in cosine geometry; base assignments/clusters; a seeded UMAP map.

export { averageLinkage, cutMerges, type Merge } from "./average-linkage.js";
export { type BaseAssignment, type BaseCluster, buildBaseClusters } from "./base-clusters.js";
export { chooseK, maxAutomaticK } from "./choose-k.js";
export {
  type EmbedItem,
  type EmbedSummariesOptions,
  type EmbedSummariesResult,
  embeddingFileNames,
  embedSummaries,
} from "./embed.js";
export {
  clusterVectors,
  type KmeansMethod,
  type KmeansOptions,
  type KmeansOutcome,
  miniBatchThreshold,
} from "./kmeans.js";
export { kmeansPlusPlus, seedingSampleLimit } from "./kmeans-init.js";
export { centerByLanguage } from "./language-centering.js";
export {
  type ConversationMap,
  defaultFitLimit,
  type MapCluster,
  type MapPoint,
  mapConversations,
} from "./map.js";
export {
  type MiniBatchOptions,
  type MiniBatchResult,
  miniBatchKmeans,
} from "./mini-batch-kmeans.js";
export { createRandom, type RandomSource, sampleIndices } from "./random.js";
export {
  candidateKs,
  defaultKRange,
  defaultKTolerance,
  type KCurvePoint,
  type KSelection,
  parseKRange,
  selectK,
  silhouette,
} from "./select-k.js";
export {
  cosineDistance,
  matrixFromRows,
  normalizeRows,
  type VectorMatrix,
} from "./vectors.js";
