import type { ChatMessage } from "../../core/dataset-row.js";
import { provenanceSchema } from "../../core/dataset-row.js";
import { hallucinatedPaths } from "../checks/find-file-paths.js";
import type { NearDuplicateIndex } from "../checks/near-duplicate-index.js";
import { describePiiKinds, type PiiKinds, piiTotal, redactStrings } from "../checks/pii-check.js";
import type {
  Category,
  ExporterName,
  ExportOptions,
  ExportRecord,
  QuarantineReason,
  QuarantineRecord,
} from "../types.js";
import type { ExportContext } from "./exporter.js";

/**
 * The checks every exporter applies to a record, collected (never short-circuited) into one
 * list of findings so a quarantine record names every reason at once.
 */
export interface Finding {
  reason: QuarantineReason;
  error: string;
}

export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((part) => (part.type === "text" ? part.text : ""))
    .filter((text) => text.length > 0)
    .join("\n");
}

/** Text the model is trained to produce (plus the record's plain content): where hallucinations matter. */
export function generatedText(record: ExportRecord): string {
  const assistant = (record.messages ?? [])
    .filter((message) => message.role === "assistant")
    .map(messageText);
  return [record.content, ...assistant].join("\n");
}

/** Everything a row would contain, for duplicate and contamination checks. */
export function fullText(record: ExportRecord): string {
  const messages = (record.messages ?? []).map(messageText);
  return messages.length > 0 ? messages.join("\n") : record.content;
}

export function provenanceFindings(record: ExportRecord): Finding[] {
  if (record.provenance === undefined) {
    return [{ reason: "missing_provenance", error: "record has no provenance" }];
  }
  if (plainlyValidProvenance(record.provenance)) return [];
  const parsed = provenanceSchema.safeParse(record.provenance);
  if (parsed.success) return [];
  const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  return [{ reason: "missing_provenance", error: `invalid provenance (${detail.join("; ")})` }];
}

/**
 * Every record is checked, so the usual case skips zod: a plain object that `provenanceSchema`
 * accepts beyond doubt. Anything else (or anything unusual) goes to the schema, which has the
 * last word and writes the error messages. record-checks.test.ts holds the two to agreement.
 */
function plainlyValidProvenance(provenance: unknown): boolean {
  if (!isPlainRecord(provenance)) return false;
  const { traceId, stepRange, sourceFile, gradeId, sourceFiles } = provenance;
  return (
    sourceFiles === undefined &&
    typeof traceId === "string" &&
    traceId.length > 0 &&
    Array.isArray(stepRange) &&
    stepRange.length === 2 &&
    isStepIndex(stepRange[0]) &&
    isStepIndex(stepRange[1]) &&
    isPlainRecord(sourceFile) &&
    typeof sourceFile.path === "string" &&
    sourceFile.path.length > 0 &&
    typeof sourceFile.sha256 === "string" &&
    sha256Pattern.test(sourceFile.sha256) &&
    sourceFile.line === undefined &&
    (gradeId === undefined || (typeof gradeId === "string" && gradeId.length > 0))
  );
}

const sha256Pattern = /^[0-9a-f]{64}$/;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isStepIndex(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Checks that depend only on the record itself: provenance, content, paths, contamination. An
 * exporter that already ran `provenanceFindings` passes its result instead of validating twice.
 */
export function contentFindings(
  record: ExportRecord,
  context: ExportContext,
  provenance: readonly Finding[] = provenanceFindings(record),
): Finding[] {
  const findings = [...provenance];
  if (record.content.trim().length === 0) {
    findings.push({ reason: "empty_content", error: "record content is empty" });
  }
  if (record.knownFiles !== undefined) {
    const invented = hallucinatedPaths(generatedText(record), record.knownFiles);
    if (invented.length > 0) {
      findings.push({
        reason: "hallucinated_file_path",
        error: `mentions files that are not in the trace: ${invented.join(", ")}`,
      });
    }
  }
  // Content and conversation usually repeat each other: take the worse of the two, not the sum.
  const evalIndex = context.evalIndex;
  const overlap =
    evalIndex === undefined
      ? 0
      : Math.max(evalIndex.contaminated(record.content), evalIndex.contaminated(fullText(record)));
  if (overlap > 0) {
    findings.push({
      reason: "eval_contamination",
      error: `shares ${overlap} ${evalIndex?.ngram}-gram(s) with an evaluation set`,
    });
  }
  if (context.redactor !== undefined) findings.push(...piiFindings(record, context));
  return findings;
}

/** The parts of a record that rows carry: what the privacy detectors read. */
export function rowBoundText(record: ExportRecord) {
  return {
    title: record.title,
    taskId: record.taskId,
    content: record.content,
    tags: record.tags,
    messages: record.messages,
  };
}

function piiFindings(record: ExportRecord, context: ExportContext): Finding[] {
  if (context.redactor === undefined) return [];
  const { kinds } = redactStrings(rowBoundText(record), context.redactor);
  return piiTotal(kinds) === 0 ? [] : [piiFinding(kinds)];
}

/** Names the kinds found and how many of each; never the values. */
/**
 * The grade gate of a training dataset (SFT, LeRobot): accepted passes, partially accepted only
 * with `includePartial`, rejected and needs_human_review never (whatever the flags, with the
 * dataset's own reason), and a record without a category never.
 */
export function trainingCategoryFindings(
  category: Category | undefined,
  options: Pick<ExportOptions, "includePartial">,
  refusal: { reason: QuarantineReason; dataset: string; missing: string },
): Finding[] {
  switch (category) {
    case "accepted":
      return [];
    case "partially_accepted":
      return options.includePartial
        ? []
        : [{ reason: "category_disallowed", error: "partially_accepted needs --include-partial" }];
    case "rejected":
    case "needs_human_review":
      return [{ reason: refusal.reason, error: `${category} never reaches ${refusal.dataset}` }];
    default:
      return [{ reason: "category_disallowed", error: refusal.missing }];
  }
}

export function piiFinding(kinds: PiiKinds): Finding {
  return {
    reason: "pii_detected",
    error: `holds secrets or personal data: ${describePiiKinds(kinds)} (export with --pii redact to write it redacted)`,
  };
}

/** Seen-id tracking: a record id is claimed on first sight, whatever happens to the record. */
export interface SeenIds {
  has(id: string): boolean;
  add(id: string): unknown;
}

export function duplicateIdFinding(seen: SeenIds, id: string, label: string): Finding[] {
  if (seen.has(id)) return [{ reason: "duplicate_id", error: `duplicate ${label} ${id}` }];
  seen.add(id);
  return [];
}

export function nearDuplicateFinding(index: NearDuplicateIndex, text: string): Finding[] {
  const earlier = index.find(text);
  return earlier === undefined ? [] : [nearDuplicateOf(earlier)];
}

/** The finding for a near copy of the earlier row `earlierId`, however the match was found. */
export function nearDuplicateOf(earlierId: string | undefined): Finding {
  return { reason: "near_duplicate", error: `near duplicate of earlier row ${earlierId}` };
}

export function quarantineOf(
  exporter: ExporterName,
  record: ExportRecord,
  findings: readonly Finding[],
): QuarantineRecord {
  const reasons: QuarantineReason[] = [];
  for (const finding of findings)
    if (!reasons.includes(finding.reason)) reasons.push(finding.reason);
  return {
    exporter,
    recordId: record.recordId,
    reasons,
    errors: findings.map((finding) => finding.error),
    ...(record.category === undefined ? {} : { category: record.category }),
    ...(record.provenance === undefined ? {} : { provenance: record.provenance }),
    origin: record.origin,
  };
}

/** A zod failure on a built row, as findings. */
export function schemaFindings(
  issues: readonly { path: PropertyKey[]; message: string }[],
): Finding[] {
  return [
    {
      reason: "schema_violation",
      error: `row fails its schema: ${issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`).join("; ")}`,
    },
  ];
}
