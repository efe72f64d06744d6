import type { ModelClient } from "../../model/model-client.js";
import type { ConversationMap } from "../cluster/map.js";
import type { FacetRecord } from "../facets/facet-record.js";
import { baseNodeId, type Hierarchy } from "../hierarchy/hierarchy-types.js";
import type { StoredConversation } from "../input/conversation.js";
import type { ClusterLabel } from "../labels/label-clusters.js";
import { buildPrivacyAuditReport } from "../privacy/audit.js";
import { auditSamples } from "../privacy/audit-samples.js";
import { gateMap, gateTreeView } from "../privacy/gate-side-files.js";
import { applyPrivacyGates } from "../privacy/privacy-gates.js";
import { insightsFiles, writeJson, writeJsonl } from "./artifacts.js";

/**
 * The privacy stage: every base cluster and every hierarchy node goes through the gates (enough
 * conversations, enough distinct users, name and description audited ≥ minRating); seeded samples
 * of raw conversations, summaries and cluster texts are audited for the report. Writes
 * privacy_audit.json, labeled_clusters_privacy_filtered.json (kept clusters only) and
 * conversation.updated.jsonl (each conversation's facets, clusters per level and whether its base
 * cluster is shown, with the reasons when not).
 */
export interface PrivacyStageInput {
  facets: FacetRecord[];
  byId: Map<string, FacetRecord>;
  labels: ClusterLabel[];
  members: string[][];
  assignments: Int32Array;
  hierarchy?: Hierarchy;
  settings: {
    minConversations: number;
    minUsers: number;
    minRating: number;
    auditSampleSize: number;
    concurrency: number;
    seed: number;
  };
  client?: ModelClient;
  conversationSample: StoredConversation[];
  /** How many conversations the sample was drawn from (the audit reports it as the population). */
  conversationCount: number;
  /** The map written by the clustering stage; rewritten here so hidden clusters leave it. */
  map?: ConversationMap;
}

export interface PrivacyOutcome {
  kept: number;
  hidden: number;
}

export async function runPrivacyStage(
  dir: string,
  input: PrivacyStageInput,
): Promise<PrivacyOutcome> {
  const { settings } = input;
  const upper = (input.hierarchy?.levels ?? []).slice(1).flatMap((level) => level.nodes);
  const candidates = [
    ...input.labels.map((label) => ({
      cluster_id: label.cluster_id as string | number,
      level: 0,
      name: label.name,
      description: label.description,
      size: label.size,
      conversation_ids: input.members[label.cluster_id] ?? [],
    })),
    ...upper.map((node) => ({
      cluster_id: node.id as string | number,
      level: node.level,
      name: node.name,
      description: node.description,
      size: node.conversation_count,
      conversation_ids: node.cluster_ids.flatMap((clusterId) => input.members[clusterId] ?? []),
    })),
  ];
  const client = input.client && !input.client.offline ? input.client : undefined;
  const gates = await applyPrivacyGates(candidates, input.byId, {
    minConversations: settings.minConversations,
    minUsers: settings.minUsers,
    minRating: settings.minRating,
    concurrency: settings.concurrency,
    ...(client ? { client } : {}),
  });
  const gateOf = new Map(gates.clusters.map((cluster) => [String(cluster.cluster_id), cluster]));
  const samples = await auditSamples(
    {
      conversations: input.conversationSample,
      conversationPopulation: input.conversationCount,
      summaries: input.facets.map((facet) => ({
        conversation_id: facet.conversation_id,
        summary: facet.summary,
      })),
      // Every cluster text was audited by the gates already; the sample reuses those audits.
      clusterTexts: candidates.map((candidate) => {
        const audit = gateOf.get(String(candidate.cluster_id))?.audit;
        return {
          cluster_id: candidate.cluster_id,
          name: candidate.name,
          description: candidate.description,
          ...(audit ? { audit } : {}),
        };
      }),
    },
    {
      sampleSize: settings.auditSampleSize,
      seed: settings.seed,
      concurrency: settings.concurrency,
      ...(client ? { client } : {}),
    },
  );
  await writeJson(dir, insightsFiles.privacyAudit, buildPrivacyAuditReport(gates, samples));
  const kept = gates.clusters.filter((cluster) => cluster.kept);
  await writeJson(dir, insightsFiles.privacyFiltered, {
    schema: "tracemill.insights.privacy_filtered/v1",
    thresholds: gates.summary.thresholds,
    hidden: gates.clusters.length - kept.length,
    clusters: kept.map((cluster) => ({
      cluster_id: cluster.cluster_id,
      level: cluster.level,
      name: cluster.name,
      description: cluster.description,
      conversation_count: cluster.conversation_count,
      user_count: cluster.user_count,
      rating: cluster.audit.rating,
    })),
  });
  const shownNodes = new Set(
    gates.clusters
      .filter((cluster) => cluster.kept)
      .map((cluster) =>
        cluster.level === 0 ? baseNodeId(cluster.cluster_id as number) : String(cluster.cluster_id),
      ),
  );
  if (input.hierarchy) {
    await writeJson(dir, insightsFiles.treeView, gateTreeView(input.hierarchy, shownNodes));
  }
  if (input.map) {
    const shownBase = new Set(
      gates.clusters
        .filter((cluster) => cluster.kept && cluster.level === 0)
        .map((cluster) => cluster.cluster_id as number),
    );
    const gated = gateMap(input.map.points, input.map.clusters, shownBase);
    await writeJsonl(dir, insightsFiles.mapPoints, gated.points);
    await writeJson(dir, insightsFiles.mapClusters, {
      method: input.map.method,
      hidden_clusters: "left out (privacy gates); their points have cluster_id -1",
      clusters: gated.clusters,
    });
  }
  const baseGate = new Map(
    gates.clusters
      .filter((cluster) => cluster.level === 0)
      .map((cluster) => [cluster.cluster_id, cluster]),
  );
  const parentOf = new Map<string, string | null>();
  for (const level of input.hierarchy?.levels ?? []) {
    for (const node of level.nodes) parentOf.set(node.id, node.parent);
  }
  await writeJsonl(
    dir,
    insightsFiles.conversationUpdated,
    input.facets.map((facet, index) => {
      const clusterId = input.assignments[index] as number;
      const gate = baseGate.get(clusterId);
      const levels: (string | number)[] = [clusterId];
      for (let node = parentOf.get(`l0-${clusterId}`); node; node = parentOf.get(node)) {
        levels.push(node);
      }
      return {
        conversation_id: facet.conversation_id,
        facets: facet,
        cluster_ids: levels,
        kept: gate?.kept ?? false,
        reasons: gate?.reasons ?? ["not_gated"],
      };
    }),
  );
  return { kept: kept.length, hidden: gates.clusters.length - kept.length };
}
