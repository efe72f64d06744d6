import type { AuditSamplesReport } from "./audit-samples.js";
import type { GateCluster, PrivacyGateResult, PrivacyGateSummary } from "./privacy-gates.js";

export { type AuditSamplesReport, auditSamples } from "./audit-samples.js";
export { auditText, type PrivacyRating, type TextAudit } from "./audit-text.js";
export { applyPrivacyGates } from "./privacy-gates.js";

/**
 * What goes in `privacy_audit.json`: the gate thresholds and outcome for every cluster and the
 * sampled audits. A dropped cluster's name and description are left out (they may be the very thing
 * that failed the audit); findings are always masked.
 */
export const privacyAuditSchemaId = "tracemill.insights.privacy_audit/v1";

export interface PrivacyAuditClusterEntry {
  cluster_id: string | number;
  kept: boolean;
  reasons: string[];
  conversation_count: number;
  user_count: number;
  rating: number;
  findings: string[];
  /** present only when the cluster is kept */
  name?: string;
  description?: string;
}

export interface PrivacyAuditReport {
  schema: typeof privacyAuditSchemaId;
  auditor: string;
  gates: PrivacyGateSummary;
  clusters: PrivacyAuditClusterEntry[];
  samples?: AuditSamplesReport;
}

export function buildPrivacyAuditReport<C extends GateCluster>(
  gates: PrivacyGateResult<C>,
  samples?: AuditSamplesReport,
): PrivacyAuditReport {
  return {
    schema: privacyAuditSchemaId,
    auditor: gates.summary.auditor,
    gates: gates.summary,
    clusters: gates.clusters.map((cluster) => ({
      cluster_id: cluster.cluster_id,
      kept: cluster.kept,
      reasons: cluster.reasons,
      conversation_count: cluster.conversation_count,
      user_count: cluster.user_count,
      rating: cluster.audit.rating,
      findings: cluster.audit.findings,
      ...(cluster.kept ? { name: cluster.name, description: cluster.description } : {}),
    })),
    ...(samples === undefined ? {} : { samples }),
  };
}
