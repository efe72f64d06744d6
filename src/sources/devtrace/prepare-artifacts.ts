import type { Redactor } from "../../model/redact.js";
import type { ResolvedConsent } from "./consent.js";
import type { ChunkArtifact } from "./events.js";

/**
 * Inline chunk artifacts before storage: text content is redacted like event text; what the
 * participant did not consent to is dropped (command/test output without `outputs`, snapshots and
 * patches without `code`, rationale without `rationale`). Binary content (snapshots, images) is
 * never run through the text redactor, which would corrupt it; text sent base64-encoded is decoded,
 * redacted and encoded again.
 */
export interface PrepareArtifactsOptions {
  consent: ResolvedConsent;
  redactor: Redactor;
}

export interface PreparedArtifacts {
  artifacts: Record<string, ChunkArtifact>;
  redactions: number;
  /** One line per artifact left out: "stdout_event_002: stdout (no outputs consent)". */
  dropped: string[];
}

const outputTypes = new Set(["stdout", "stderr", "output", "log", "logs", "report", "test_report"]);
const codeTypes = new Set(["workspace_snapshot", "snapshot", "patch", "diff", "final_patch"]);
const rationaleTypes = new Set(["rationale", "notes"]);
/** Types whose content the reference client sends as base64 without saying so. */
const binaryTypes = new Set(["workspace_snapshot", "snapshot"]);

export function prepareArtifacts(
  artifacts: Readonly<Record<string, ChunkArtifact>> | undefined,
  options: PrepareArtifactsOptions,
): PreparedArtifacts {
  const kept: Record<string, ChunkArtifact> = {};
  const dropped: string[] = [];
  let redactions = 0;
  for (const [key, artifact] of Object.entries(artifacts ?? {})) {
    const refusal = consentRefusal(artifact.type, options.consent);
    if (refusal !== undefined) {
      dropped.push(`${key}: ${artifact.type} (${refusal})`);
      continue;
    }
    if (isBinaryArtifact(artifact)) {
      if (!isTextArtifact(artifact.type, artifact.mime_type)) {
        kept[key] = { ...artifact };
        continue;
      }
      // Output sent base64-encoded is still text: it passes the detectors like the rest.
      const text = Buffer.from(artifact.content, "base64").toString("utf8");
      const result = options.redactor.redactText(text);
      redactions += result.findings.reduce((sum, finding) => sum + finding.count, 0);
      kept[key] = { ...artifact, content: Buffer.from(result.text, "utf8").toString("base64") };
      continue;
    }
    const result = options.redactor.redactText(artifact.content);
    redactions += result.findings.reduce((sum, finding) => sum + finding.count, 0);
    kept[key] = { ...artifact, content: result.text };
  }
  return { artifacts: kept, redactions, dropped };
}

/** The stored bytes of an inline artifact: base64 decoded for binary content, else UTF-8. */
export function artifactBytes(artifact: ChunkArtifact): Buffer {
  return isBinaryArtifact(artifact)
    ? Buffer.from(artifact.content, "base64")
    : Buffer.from(artifact.content, "utf8");
}

export function isBinaryArtifact(artifact: ChunkArtifact): boolean {
  if (artifact.encoding !== undefined) return artifact.encoding === "base64";
  return binaryTypes.has(normalizeType(artifact.type));
}

/** Types that are text even when the client labels the body application/octet-stream. */
const textTypes = new Set(["patch", "diff", "final_patch"]);
const textMime = /^(text\/|application\/(json|x-ndjson|xml|x-patch|x-diff|yaml|x-yaml)\b)/i;
const archiveMime = /gzip|zip|tar|compress/i;

export function isTextArtifact(type: string, mimeType: string | undefined): boolean {
  const normalized = type.trim().toLowerCase().replaceAll("-", "_");
  if (normalized.includes("snapshot")) return false;
  if (mimeType !== undefined && textMime.test(mimeType)) return true;
  const category = artifactConsentCategory(type);
  const textByType =
    category === "outputs" || category === "rationale" || textTypes.has(normalized);
  // A client's default application/octet-stream does not make output binary; an archive does.
  return textByType && !(mimeType !== undefined && archiveMime.test(mimeType));
}

/** Which consent category an artifact type belongs to, for the docs and the server. */
export function artifactConsentCategory(
  type: string,
): "outputs" | "code" | "rationale" | undefined {
  const normalized = normalizeType(type);
  if (outputTypes.has(normalized)) return "outputs";
  if (codeTypes.has(normalized)) return "code";
  if (rationaleTypes.has(normalized)) return "rationale";
  return undefined;
}

function consentRefusal(type: string, consent: ResolvedConsent): string | undefined {
  const category = artifactConsentCategory(type);
  if (category === undefined || consent[category]) return undefined;
  return `no ${category} consent`;
}

function normalizeType(type: string): string {
  return type.trim().toLowerCase().replaceAll("-", "_");
}
