// Privacy: offline PII detection (shared by facet redaction and the auditor), text audits rated 1–5
// (model `insights_privacy_audit` or `offline:pii-audit/v1`), Clio's cluster gates, sampled audits
// and the privacy_audit.json report.

export {
  buildPrivacyAuditReport,
  type PrivacyAuditClusterEntry,
  type PrivacyAuditReport,
  privacyAuditSchemaId,
} from "./audit.js";
export {
  type AuditSamplesInput,
  type AuditSamplesOptions,
  type AuditSamplesReport,
  auditSamples,
  type SampleAuditSection,
} from "./audit-samples.js";
export {
  type AuditTextOptions,
  auditSchemaName,
  auditText,
  modelAuditSchema,
  offlineAudit,
  offlineAuditor,
  type PrivacyRating,
  ratePiiFindings,
  type TextAudit,
} from "./audit-text.js";
export { firstNames, isFirstName } from "./first-names.js";
export {
  createPiiScanner,
  describeFinding,
  ibanValid,
  luhnValid,
  type PiiFinding,
  type PiiKind,
  type PiiScan,
  type PiiScanner,
  piiKinds,
  redactPii,
  scanPii,
  strongPiiKinds,
} from "./pii.js";
export {
  applyPrivacyGates,
  defaultPrivacyThresholds,
  type GateCluster,
  type GatedCluster,
  type PrivacyGateOptions,
  type PrivacyGateResult,
  type PrivacyGateSummary,
} from "./privacy-gates.js";
