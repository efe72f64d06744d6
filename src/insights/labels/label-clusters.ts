import pLimit from "p-limit";
import { toTracemillError } from "../../core/errors.js";
import type { ModelClient } from "../../model/model-client.js";
import { type ClusterLabelAnswer, clusterLabelSchema, type FacetText } from "./label-text.js";
import { offlineLabeler, offlineLabels } from "./offline-labels.js";

/**
 * Names each base cluster from the summaries inside it contrasted with the nearest summaries
 * outside it. With a model client (not offline) one `insights_cluster_label` request per cluster;
 * an answer that breaks the rules (over 10 words, not 1–2 sentences) is re-asked by the door, and a
 * cluster whose request still fails gets the offline label with a warning. Offline: c-TF-IDF.
 */
export interface ClusterToLabel {
  cluster_id: number;
  /** All members, closest to the centroid first. */
  members: string[];
  nearest_outside: string[];
}

export interface ClusterLabel {
  cluster_id: number;
  name: string;
  description: string;
  size: number;
  /** `offline:task-ctfidf/v2` or `provider:model`. */
  labeler: string;
  top_terms: string[];
}

export interface LabelWarning {
  code: string;
  message: string;
  item: string;
}

export interface LabelClustersOptions {
  client?: ModelClient;
  concurrency?: number;
  insideSamples?: number;
  outsideSamples?: number;
  onWarning?: (warning: LabelWarning) => void;
  onProgress?: (done: number, total: number) => void;
}

export async function labelClusters(
  clusters: ClusterToLabel[],
  facets: Map<string, FacetText>,
  options: LabelClustersOptions = {},
): Promise<ClusterLabel[]> {
  const offline = offlineLabels(clusters, facets);
  const offlineLabel = (index: number, cluster: ClusterToLabel): ClusterLabel => ({
    cluster_id: cluster.cluster_id,
    size: cluster.members.length,
    labeler: offlineLabeler,
    ...(offline[index] as (typeof offline)[number]),
  });
  const client = options.client;
  if (!client || client.offline) {
    const labels = clusters.map((cluster, index) => offlineLabel(index, cluster));
    options.onProgress?.(labels.length, labels.length);
    return labels;
  }
  const limit = pLimit(options.concurrency ?? 4);
  let done = 0;
  return Promise.all(
    clusters.map((cluster, index) =>
      limit(async () => {
        let label: ClusterLabel;
        try {
          const result = await client.generateObject<ClusterLabelAnswer>({
            schema: clusterLabelSchema,
            schemaName: "insights_cluster_label",
            messages: labelMessages(cluster, facets, options),
            context: { stage: "labels", cluster: cluster.cluster_id },
          });
          label = {
            cluster_id: cluster.cluster_id,
            size: cluster.members.length,
            name: result.value.name.trim(),
            description: result.value.description.trim(),
            labeler: `${result.provider}:${result.model}`,
            top_terms: offline[index]?.top_terms ?? [],
          };
        } catch (error) {
          const failure = toTracemillError(error);
          options.onWarning?.({
            code: "label_fallback_offline",
            item: `cluster ${cluster.cluster_id}`,
            message: `cluster ${cluster.cluster_id}: the model label failed (${failure.code}: ${failure.message}); used ${offlineLabeler}`,
          });
          label = offlineLabel(index, cluster);
        }
        done += 1;
        options.onProgress?.(done, clusters.length);
        return label;
      }),
    ),
  );
}

function labelMessages(
  cluster: ClusterToLabel,
  facets: Map<string, FacetText>,
  options: LabelClustersOptions,
) {
  const lines = (ids: string[]) =>
    ids
      .map((id) => facets.get(id))
      .filter((facet): facet is FacetText => facet !== undefined)
      .map((facet) => `- ${facet.summary} (task: ${facet.task})`)
      .join("\n");
  const inside = lines(cluster.members.slice(0, options.insideSamples ?? 25));
  const outside = lines(cluster.nearest_outside.slice(0, options.outsideSamples ?? 10));
  return [
    {
      role: "system" as const,
      content:
        "You name groups of conversations for an aggregate report on how people use an assistant. " +
        "Write a name of at most 10 words that says what the users asked for (an imperative phrase such as " +
        '"Debug Python scripts and fix errors") and a description of one or two sentences. Be specific enough ' +
        "to tell this group apart from the contrasting summaries. Never include names, places, contact details, " +
        'account numbers or anything that identifies a person. Answer as JSON {"name": …, "description": …}.',
    },
    {
      role: "user" as const,
      content: `Summaries inside the group:\n${inside}\n\nNearby summaries outside the group (for contrast):\n${outside || "- (none)"}`,
    },
  ];
}
