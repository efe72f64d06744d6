import pLimit from "p-limit";
import type { ModelClient } from "../../model/model-client.js";
import type { FacetRecord } from "../facets/facet-record.js";
import { auditText, type TextAudit } from "./audit-text.js";

/**
 * Clio's gates: a cluster is shown only when it holds at least `minConversations` conversations from
 * at least `minUsers` distinct users (counted by the facets' salted user keys) and its name and
 * description pass the audit (rating ≥ `minRating`). `conversation_ids` must list every member; the
 * gate counts distinct ids, not the `size` field. Every cluster is audited, kept or not, so the report
 * can say all the reasons at once.
 */
export interface GateCluster {
  cluster_id: string | number;
  name: string;
  description: string;
  size: number;
  conversation_ids: readonly string[];
}

export type GatedCluster<C extends GateCluster = GateCluster> = C & {
  kept: boolean;
  /** "too_few_conversations: 9 < 10", "too_few_users: 4 < 5", "privacy_rating: 2 < 3", … */
  reasons: string[];
  audit: TextAudit;
  conversation_count: number;
  user_count: number;
};

export interface PrivacyGateOptions {
  minConversations?: number;
  minUsers?: number;
  minRating?: number;
  client?: ModelClient;
  /** parallel audits through the model (default 4) */
  concurrency?: number;
}

export interface PrivacyGateSummary {
  clusters: number;
  kept: number;
  dropped: number;
  thresholds: { min_conversations: number; min_users: number; min_rating: number };
  /** how many clusters each reason dropped (a cluster can have several) */
  reasons: Record<string, number>;
  conversations_in_kept_clusters: number;
  conversations_in_dropped_clusters: number;
  auditor: string;
}

export interface PrivacyGateResult<C extends GateCluster = GateCluster> {
  clusters: GatedCluster<C>[];
  summary: PrivacyGateSummary;
}

export const defaultPrivacyThresholds = {
  minConversations: 10,
  minUsers: 5,
  minRating: 3,
} as const;

export async function applyPrivacyGates<C extends GateCluster>(
  clusters: readonly C[],
  facetsByConversation: ReadonlyMap<string, Pick<FacetRecord, "user_key">>,
  options: PrivacyGateOptions = {},
): Promise<PrivacyGateResult<C>> {
  const minConversations = options.minConversations ?? defaultPrivacyThresholds.minConversations;
  const minUsers = options.minUsers ?? defaultPrivacyThresholds.minUsers;
  const minRating = options.minRating ?? defaultPrivacyThresholds.minRating;
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));

  const gated = await Promise.all(
    clusters.map((cluster) =>
      limit(async (): Promise<GatedCluster<C>> => {
        const ids = new Set(cluster.conversation_ids);
        const users = new Set<string>();
        let missing = 0;
        for (const id of ids) {
          const facets = facetsByConversation.get(id);
          if (facets === undefined) missing += 1;
          else users.add(facets.user_key);
        }
        const audit = await auditText(`${cluster.name}\n${cluster.description}`, {
          client: options.client,
        });
        const reasons: string[] = [];
        if (ids.size < minConversations) {
          reasons.push(`too_few_conversations: ${ids.size} < ${minConversations}`);
        }
        if (users.size < minUsers) {
          const note = missing > 0 ? ` (${missing} conversations without facets not counted)` : "";
          reasons.push(`too_few_users: ${users.size} < ${minUsers}${note}`);
        }
        if (audit.rating < minRating) {
          reasons.push(`privacy_rating: ${audit.rating} < ${minRating}`);
        }
        return {
          ...cluster,
          kept: reasons.length === 0,
          reasons,
          audit,
          conversation_count: ids.size,
          user_count: users.size,
        };
      }),
    ),
  );

  const reasonCounts: Record<string, number> = {};
  let keptConversations = 0;
  let droppedConversations = 0;
  for (const cluster of gated) {
    if (cluster.kept) keptConversations += cluster.conversation_count;
    else droppedConversations += cluster.conversation_count;
    for (const reason of cluster.reasons) {
      const code = reason.split(":")[0] ?? reason;
      reasonCounts[code] = (reasonCounts[code] ?? 0) + 1;
    }
  }
  const kept = gated.filter((cluster) => cluster.kept).length;
  return {
    clusters: gated,
    summary: {
      clusters: gated.length,
      kept,
      dropped: gated.length - kept,
      thresholds: {
        min_conversations: minConversations,
        min_users: minUsers,
        min_rating: minRating,
      },
      reasons: reasonCounts,
      conversations_in_kept_clusters: keptConversations,
      conversations_in_dropped_clusters: droppedConversations,
      auditor: gated[0]?.audit.auditor ?? auditorName(options.client),
    },
  };
}

function auditorName(client: ModelClient | undefined): string {
  return client === undefined || client.offline
    ? "offline:pii-audit/v1"
    : `${client.provider}:${client.model}`;
}
