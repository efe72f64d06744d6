import { z } from "zod";
import { toTracemillError } from "../../core/errors.js";
import type { ModelClient } from "../../model/model-client.js";
import {
  describeFinding,
  type PiiFinding,
  type PiiScanner,
  scanPii,
  strongPiiKinds,
} from "./pii.js";

/**
 * A privacy rating of one text, 1 (identifies someone) to 5 (nothing identifying), after Clio's
 * audit. Model path: `insights_privacy_audit`; an answer that fails (error, invalid JSON, out of
 * range) counts as 1 so a broken auditor can only hide clusters, never show them. Offline
 * (`offline:pii-audit/v1`), from the PII scan:
 *   5  no finding
 *   4  one distinct first name
 *   3  several distinct first names
 *   2  one strong identifier (email, phone, address, id or card number, IBAN, secret, full name)
 *   1  two or more strong identifiers, or a strong identifier together with a name
 */
export type PrivacyRating = 1 | 2 | 3 | 4 | 5;

export interface TextAudit {
  rating: PrivacyRating;
  /** what was found, with the PII itself masked ("email: j******") */
  findings: string[];
  /** "offline:pii-audit/v1" or "provider:model" */
  auditor: string;
}

export const offlineAuditor = "offline:pii-audit/v1";
export const auditSchemaName = "insights_privacy_audit";

export const modelAuditSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  findings: z.array(z.string().max(300)).max(20),
});

const instructions = `You are a privacy auditor. Rate how identifying the text below is, on a 1 to 5 scale:
5 = no identifying information at all; general topics only.
4 = a minor, non-identifying detail (a common first name, a large city) that cannot single anyone out.
3 = some specific details, but not enough to identify a person.
2 = details that could identify a person with some effort (a full name, a workplace, a rare event).
1 = directly identifies someone (contact details, an address, an id number, a full name with context).
Return JSON {"rating": n, "findings": [short descriptions of each identifying item]}.
Describe findings by type ("an email address", "a full name"); never copy the identifying text itself.`;

export interface AuditTextOptions {
  client?: ModelClient;
  scanner?: PiiScanner;
  signal?: AbortSignal;
}

export async function auditText(text: string, options: AuditTextOptions = {}): Promise<TextAudit> {
  const client = options.client;
  if (client === undefined || client.offline) return offlineAudit(text, options.scanner);
  const auditor = `${client.provider}:${client.model}`;
  try {
    const result = await client.generateObject({
      schema: modelAuditSchema,
      schemaName: auditSchemaName,
      messages: [
        { role: "system", content: instructions },
        { role: "user", content: `<text>\n${text}\n</text>` },
      ],
      context: { stage: "insights-privacy-audit" },
      signal: options.signal,
    });
    // A model may quote what it found despite the instructions; mask before anything is stored.
    const findings = result.value.findings.map((finding) =>
      maskFindingText(finding, options.scanner),
    );
    return {
      rating: result.value.rating as PrivacyRating,
      findings,
      auditor: `${result.provider}:${result.model}`,
    };
  } catch (error) {
    const failure = toTracemillError(error);
    return {
      rating: 1,
      findings: [`audit failed (${failure.code}); rated 1 so the text is not shown`],
      auditor,
    };
  }
}

export function offlineAudit(text: string, scanner?: PiiScanner): TextAudit {
  const findings = (scanner === undefined ? scanPii(text) : scanner.scan(text)).findings;
  return {
    rating: ratePiiFindings(findings),
    findings: findings.map(describeFinding),
    auditor: offlineAuditor,
  };
}

export function ratePiiFindings(findings: readonly PiiFinding[]): PrivacyRating {
  if (findings.length === 0) return 5;
  const strong = findings.filter((finding) => strongPiiKinds.has(finding.kind)).length;
  const names = new Set(
    findings
      .filter((finding) => finding.kind === "first_name")
      .map((finding) => finding.value.toLowerCase()),
  ).size;
  if (strong >= 2 || (strong === 1 && names > 0)) return 1;
  if (strong === 1) return 2;
  return names >= 2 ? 3 : 4;
}

function maskFindingText(text: string, scanner?: PiiScanner): string {
  const scan = scanner === undefined ? scanPii(text) : scanner.scan(text);
  let out = "";
  let copied = 0;
  for (const finding of scan.findings) {
    out += `${scan.text.slice(copied, finding.start)}[${describeFinding(finding)}]`;
    copied = finding.end;
  }
  return out + scan.text.slice(copied);
}
