import type { Embedder } from "../../model/embedders/types.js";
import type { ModelClient } from "../../model/model-client.js";
import { buildBaseClusters } from "../cluster/base-clusters.js";
import { embedSummaries } from "../cluster/embed.js";
import { clusterVectors } from "../cluster/kmeans.js";
import { centerByLanguage } from "../cluster/language-centering.js";
import { mapConversations } from "../cluster/map.js";
import { findRecurringSentences, withoutRecurring } from "../cluster/recurring-sentences.js";
import { defaultKRange, type KSelection, selectK } from "../cluster/select-k.js";
import { matrixFromRows } from "../cluster/vectors.js";
import type { FacetRecord } from "../facets/facet-record.js";
import { buildHierarchy } from "../hierarchy/build-hierarchy.js";
import type { Hierarchy } from "../hierarchy/hierarchy-types.js";
import { buildTreeView } from "../hierarchy/tree-view.js";
import type { StoredConversation } from "../input/conversation.js";
import { type ClusterLabel, labelClusters } from "../labels/label-clusters.js";
import { insightsFiles, writeJson, writeJsonl } from "./artifacts.js";
import { type PrivacyOutcome, runPrivacyStage } from "./privacy-stage.js";

/**
 * Clustering → labels → hierarchy → privacy over a list of facet records, writing each stage's
 * files atomically into `dir`. Shared by the run and its evaluation (which uses `dir/eval`). Each
 * step is deterministic for a fixed seed; model answers come from the door's cache on a rerun.
 */
export interface AnalysisStages {
  clustering: boolean;
  labeling: boolean;
  hierarchy: boolean;
  privacy: boolean;
}

export interface AnalysisSettings {
  stages: AnalysisStages;
  k?: number;
  kRange?: [number, number];
  levels: number;
  seed: number;
  miniBatch?: boolean;
  minConversations: number;
  minUsers: number;
  minRating: number;
  auditSampleSize: number;
  concurrency: number;
  /** Subtract each language's mean embedding before clustering (see centerByLanguage). */
  languageCentering: boolean;
}

export interface AnalysisWarning {
  stage: string;
  code: string;
  message: string;
  item?: string;
}

export interface AnalysisDeps {
  embedder: Embedder;
  client?: ModelClient;
  /** A sample of stored conversations for the raw-conversation privacy audit. */
  conversationSample: StoredConversation[];
  /** Conversations the sample was drawn from (default: the number with facets). */
  conversationCount?: number;
  warn(warning: AnalysisWarning): Promise<void>;
  /** Called when a phase starts. */
  phaseStart?(phase: string): void;
  /** Called when a phase ends, with its duration and counts for the run metrics. */
  phaseDone?(phase: string, durationMs: number, counts: Record<string, number>): void;
  progress?(phase: string, done: number, total: number): void;
}

export interface AnalysisResult {
  ids: string[];
  k?: number;
  /** Base cluster id per conversation, aligned with `ids`. */
  assignments?: Int32Array;
  labels?: ClusterLabel[];
  hierarchy?: Hierarchy;
  privacy?: PrivacyOutcome;
}

export async function analyseFacets(
  dir: string,
  facets: FacetRecord[],
  settings: AnalysisSettings,
  deps: AnalysisDeps,
): Promise<AnalysisResult> {
  const ids = facets.map((facet) => facet.conversation_id);
  const result: AnalysisResult = { ids };
  if (!settings.stages.clustering) return result;
  if (facets.length < 2) {
    await deps.warn({
      stage: "clustering",
      code: "too_few_conversations",
      message: `clustering needs at least 2 conversations with facets, found ${facets.length}; clustering and later stages skipped`,
    });
    return result;
  }
  const byId = new Map(facets.map((facet) => [facet.conversation_id, facet]));
  // Stage callbacks are synchronous; their warnings are recorded (and may stop a --strict run) after the stage.
  const pending: AnalysisWarning[] = [];

  deps.phaseStart?.("embedding");
  let started = performance.now();
  const summaries = facets.map((facet) => facet.summary.trim() || facet.task);
  const recurring = findRecurringSentences(summaries);
  const embedded = await embedSummaries({
    embedder: deps.embedder,
    items: facets.map((facet, index) => ({
      id: facet.conversation_id,
      text: withoutRecurring(summaries[index] as string, recurring),
    })),
    dir,
    onProgress: (done, total) => deps.progress?.("embedding", done, total),
  });
  deps.phaseDone?.("embedding", performance.now() - started, {
    embedded: embedded.computed,
    embeddings_reused: embedded.reused,
  });

  deps.phaseStart?.("clustering");
  started = performance.now();
  // Choosing k (when not given) and the final k-means are the two long steps: a line for each.
  const clusteringSteps = settings.k === undefined ? 2 : 1;
  deps.progress?.("clustering", 0, clusteringSteps);
  const matrix = embedded.matrix;
  const centering = settings.languageCentering
    ? centerByLanguage(
        matrix,
        facets.map((facet) => facet.language),
        facets.map((facet) => facet.language_confidence),
      )
    : undefined;
  const selection: KSelection | undefined =
    settings.k === undefined
      ? selectK(
          { data: matrix.data.slice(), rows: matrix.rows, dimensions: matrix.dimensions },
          {
            seed: settings.seed,
            range: settings.kRange ?? defaultKRange(matrix.rows),
          },
        )
      : undefined;
  if (selection) deps.progress?.("clustering", 1, clusteringSteps);
  const k = settings.k ?? (selection as KSelection).k;
  const outcome = clusterVectors(matrix, {
    k,
    seed: settings.seed,
    // k-means refines the chosen partition of the sample (k-means or average linkage) on all rows.
    ...(selection ? { initial: selection.centroids } : {}),
    ...(settings.miniBatch === undefined ? {} : { miniBatch: settings.miniBatch }),
  });
  deps.progress?.("clustering", clusteringSteps, clusteringSteps);
  const base = buildBaseClusters(ids, matrix, outcome);
  await writeJsonl(dir, insightsFiles.assignments, base.assignments);
  await writeJson(dir, insightsFiles.clusters, {
    schema: "tracemill.insights.base_clusters/v1",
    k: outcome.k,
    requested_k: k,
    k_rule: settings.k === undefined ? "silhouette" : "--k",
    method: outcome.method,
    iterations: outcome.iterations,
    embedder: `${deps.embedder.provider}:${deps.embedder.model}`,
    dimensions: matrix.dimensions,
    seed: settings.seed,
    language_centering: centering ?? null,
    clusters: base.clusters,
  });
  await writeJson(dir, insightsFiles.clustering, {
    schema: "tracemill.insights.clustering/v1",
    k: outcome.k,
    requested_k: k,
    k_rule: selection ? "silhouette" : "--k",
    criterion: selection
      ? `mean silhouette (cosine distance) on a seeded sample of seeded k-means and, for k ≤ n/10, average-linkage cuts; each k scores its better partition; the smallest k within ${selection.tolerance} of the best wins`
      : null,
    method: selection?.method ?? null,
    range: selection?.range ?? null,
    sample: selection?.sample ?? null,
    curve: selection?.curve ?? [],
    recurring_sentences_dropped: recurring.size,
    language_centering: centering ?? null,
  });
  deps.phaseDone?.("clustering", performance.now() - started, { clusters: outcome.k });

  deps.phaseStart?.("map");
  started = performance.now();
  const map = mapConversations(ids, matrix, outcome.assignments, {
    seed: settings.seed,
    onProgress: (done, total) => deps.progress?.("map", done, total),
  });
  await writeJsonl(dir, insightsFiles.mapPoints, map.points);
  await writeJson(dir, insightsFiles.mapClusters, { method: map.method, clusters: map.clusters });
  deps.phaseDone?.("map", performance.now() - started, { map_points: map.points.length });
  Object.assign(result, { k: outcome.k, assignments: outcome.assignments });
  if (!settings.stages.labeling) return result;

  deps.phaseStart?.("labeling");
  started = performance.now();
  const members = membersByCluster(ids, outcome.assignments, outcome.distances, outcome.k);
  const labels = await labelClusters(
    base.clusters.map((cluster) => ({
      cluster_id: cluster.cluster_id,
      members: members[cluster.cluster_id] ?? [],
      nearest_outside: cluster.nearest_outside,
    })),
    byId,
    {
      ...(deps.client ? { client: deps.client } : {}),
      concurrency: settings.concurrency,
      onWarning: (warning) => pending.push({ stage: "labeling", ...warning }),
      onProgress: (done, total) => deps.progress?.("labeling", done, total),
    },
  );
  await flushWarnings(pending, deps);
  await writeJson(dir, insightsFiles.labels, {
    schema: "tracemill.insights.labeled_clusters/v1",
    clusters: labels,
  });
  deps.phaseDone?.("labeling", performance.now() - started, { labels: labels.length });
  result.labels = labels;

  const baseInputs = labels.map((label) => ({
    cluster_id: label.cluster_id,
    name: label.name,
    description: label.description,
    members: members[label.cluster_id] ?? [],
  }));
  if (settings.stages.hierarchy) {
    deps.phaseStart?.("hierarchy");
    started = performance.now();
    const hierarchy = await buildHierarchy(baseInputs, {
      levels: settings.levels,
      centroids: outcome.centroids,
      facets: byId,
      seed: settings.seed,
      concurrency: settings.concurrency,
      ...(deps.client ? { client: deps.client } : {}),
      embed: async (texts) => matrixFromRows((await deps.embedder.embed(texts)).vectors),
      onWarning: (warning) => pending.push({ stage: "hierarchy", ...warning }),
    });
    await flushWarnings(pending, deps);
    await writeJson(dir, insightsFiles.hierarchy, hierarchy);
    await writeJson(dir, insightsFiles.treeView, buildTreeView(hierarchy));
    deps.phaseDone?.("hierarchy", performance.now() - started, {
      hierarchy_nodes: hierarchy.levels.reduce((sum, level) => sum + level.nodes.length, 0),
    });
    result.hierarchy = hierarchy;
  }

  if (settings.stages.privacy) {
    deps.phaseStart?.("privacy");
    started = performance.now();
    result.privacy = await runPrivacyStage(dir, {
      facets,
      byId,
      labels,
      members,
      assignments: outcome.assignments,
      ...(result.hierarchy ? { hierarchy: result.hierarchy } : {}),
      settings,
      ...(deps.client ? { client: deps.client } : {}),
      conversationSample: deps.conversationSample,
      conversationCount: deps.conversationCount ?? facets.length,
      map,
    });
    deps.phaseDone?.("privacy", performance.now() - started, {
      clusters_kept: result.privacy.kept,
      clusters_hidden: result.privacy.hidden,
    });
  }
  return result;
}

async function flushWarnings(pending: AnalysisWarning[], deps: AnalysisDeps): Promise<void> {
  for (const warning of pending.splice(0)) await deps.warn(warning);
}

/** Member ids per cluster, closest to the centroid first (ties by input order). */
function membersByCluster(
  ids: string[],
  assignments: Int32Array,
  distances: Float32Array,
  k: number,
): string[][] {
  const lists: { index: number; distance: number }[][] = Array.from({ length: k }, () => []);
  assignments.forEach((cluster, index) => {
    lists[cluster]?.push({ index, distance: distances[index] as number });
  });
  return lists.map((list) =>
    list
      .sort((a, b) => a.distance - b.distance || a.index - b.index)
      .map((entry) => ids[entry.index] as string),
  );
}
