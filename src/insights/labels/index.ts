// Cluster labels: a name (≤ 10 words) and a 1–2 sentence description per cluster, from the model
// (`insights_cluster_label`, inside vs nearest outside summaries) or offline by c-TF-IDF terms
// shared by at least two users (`offline:task-ctfidf/v2`).
export { type ClassDocument, type ClassTerms, classTfidf } from "./ctfidf.js";
export {
  type ClusterLabel,
  type ClusterToLabel,
  type LabelClustersOptions,
  type LabelWarning,
  labelClusters,
} from "./label-clusters.js";
export {
  type ClusterLabelAnswer,
  clusterLabelSchema,
  type FacetText,
  maxNameWords,
  sentenceCount,
  wordCount,
} from "./label-text.js";
export { type OfflineLabel, offlineLabeler, offlineLabels } from "./offline-labels.js";
export { stopwords, tokenize } from "./stopwords.js";
