import { stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { type Category, type ChatMessage, categorySchema } from "../../core/dataset-row.js";
import { deterministicId, sha256Hex } from "../../core/hash.js";
import type { ExportRecord, ExportSource, ExportSourceWarning, Provenance } from "../types.js";
import { EvidenceIndex } from "./evidence-index.js";
import { readJsonlObjects } from "./jsonl-lines.js";
import { toPosix, walkFiles } from "./walk-files.js";

/**
 * The seed's layout, so its users can migrate: `evidence/YYYY/MM/DD/*.jsonl` joined by
 * `evidence_run_id` with `scored-runs/YYYY/MM/DD/*.jsonl`, under `data/` or the folder itself.
 * Evidence is indexed by location only; scored runs are streamed in sorted file order, one record
 * each. Records that cannot be proven are still yielded (without provenance, run id or content) so
 * the exporters quarantine them with a reason instead of dropping them silently.
 */
type Warn = (warning: ExportSourceWarning) => void;

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The folder holding evidence/ and scored-runs/: `<folder>/data` for a repository root, else the folder. */
export async function seedDataDir(folder: string): Promise<string | undefined> {
  if (await isDirectory(join(folder, "data", "evidence"))) return join(folder, "data");
  if (await isDirectory(join(folder, "evidence"))) return folder;
  return undefined;
}

export const seedLayoutSource: ExportSource = {
  name: "seed-layout",
  async canRead(folder) {
    return (await seedDataDir(folder)) !== undefined;
  },
  async *read(folder, onWarning) {
    const dataDir = await seedDataDir(folder);
    if (dataDir === undefined) return;
    const evidence = await EvidenceIndex.build(folder, join(dataDir, "evidence"), onWarning);
    const verdicts = await collectVerdicts(folder, join(dataDir, "scored-runs"));
    try {
      for await (const file of walkFiles(join(dataDir, "scored-runs"), ".jsonl")) {
        const shown = toPosix(relative(folder, file));
        for await (const line of readJsonlObjects(file, shown, onWarning)) {
          const origin = { file: shown, line: line.line };
          const record = await toRecord(line.value, origin, evidence, onWarning);
          yield reconcileVerdict(record, text(line.value.evidence_run_id), verdicts, onWarning);
        }
      }
    } finally {
      await evidence.close();
    }
  },
  async *inputFiles(folder) {
    const dataDir = await seedDataDir(folder);
    if (dataDir === undefined) return;
    yield* walkFiles(join(dataDir, "evidence"), ".jsonl");
    yield* walkFiles(join(dataDir, "scored-runs"), ".jsonl");
  },
};

/** Strictest first: a run graded both ways is exported as its strictest verdict. */
const strictness: readonly Category[] = [
  "rejected",
  "needs_human_review",
  "partially_accepted",
  "accepted",
];

/** 52 bits of a run id's sha256: a collision can only make a verdict stricter, never looser. */
function runKey(runId: string): number {
  return Number.parseInt(sha256Hex(runId).slice(0, 13), 16);
}

/**
 * One pass over the scored runs before records are built: the verdicts given to each evidence
 * run, as a bit set per run id digest (a few dozen bytes a run, not its lines).
 */
async function collectVerdicts(folder: string, scoredDir: string): Promise<Map<number, number>> {
  const verdicts = new Map<number, number>();
  // Bad lines are reported by the pass that builds records; this one ignores them.
  const quiet = () => {};
  for await (const file of walkFiles(scoredDir, ".jsonl")) {
    const shown = toPosix(relative(folder, file));
    for await (const line of readJsonlObjects(file, shown, quiet)) {
      const runId = text(line.value.evidence_run_id);
      const verdict = strictness.indexOf(line.value.category as Category);
      if (runId === undefined || verdict === -1) continue;
      const key = runKey(runId);
      verdicts.set(key, (verdicts.get(key) ?? 0) | (1 << verdict));
    }
  }
  return verdicts;
}

/** A run with conflicting verdicts takes its strictest one on every line, and says so. */
function reconcileVerdict(
  record: ExportRecord,
  runId: string | undefined,
  verdicts: ReadonlyMap<number, number>,
  onWarning: Warn,
): ExportRecord {
  if (runId === undefined || record.category === undefined) return record;
  const given = verdicts.get(runKey(runId)) ?? 0;
  // A single bit: one verdict, nothing to reconcile.
  if ((given & (given - 1)) === 0) return record;
  const names = strictness.filter((_, index) => (given & (1 << index)) !== 0);
  const strictest = names[0] as Category;
  onWarning({
    code: "conflicting_verdicts",
    message: `evidence run ${runId} is graded ${names.join(" and ")}: exported as ${strictest}${record.category === strictest ? "" : ` (this line said ${record.category})`}`,
    ...record.origin,
  });
  return { ...record, category: strictest };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

async function toRecord(
  scored: Record<string, unknown>,
  origin: { file: string; line: number },
  evidenceIndex: EvidenceIndex,
  onWarning: Warn,
): Promise<ExportRecord> {
  const evidenceRunId = text(scored.evidence_run_id);
  const evidence = evidenceRunId === undefined ? undefined : await evidenceIndex.get(evidenceRunId);
  if (!evidence) {
    const message =
      evidenceRunId === undefined
        ? "scored run has no evidence_run_id"
        : `no evidence with run_id ${evidenceRunId}`;
    onWarning({ code: "missing_evidence", message, ...origin });
  }
  const fields = evidence?.fields ?? {};
  const category = readCategory(scored.category, origin, onWarning);
  const runId = text(fields.run_id);
  const content = typeof fields.text === "string" ? fields.text : "";
  const sourceFiles = Array.isArray(fields.source_files)
    ? fields.source_files.filter((file): file is string => typeof file === "string")
    : [];
  const provenance = readProvenance(scored.provenance, runId ?? evidenceRunId);
  return {
    recordId: deterministicId("record", {
      evidenceRunId: evidenceRunId ?? null,
      category: scored.category ?? null,
      provenance: scored.provenance ?? null,
    }),
    sourceRunId: runId,
    taskId: text(fields.task_id),
    title: text(fields.title) ?? text(fields.task_id),
    category,
    messages: buildMessages(fields, content),
    content,
    tags: [text(fields.model_role), text(fields.model_name)].filter(
      (tag): tag is string => tag !== undefined,
    ),
    knownFiles: sourceFiles,
    provenance,
    createdAt: createdAt(scored, fields, origin.file),
    origin,
  };
}

function readCategory(
  value: unknown,
  origin: { file: string; line: number },
  onWarning: Warn,
): Category | undefined {
  const parsed = categorySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = `category ${JSON.stringify(value ?? null)} is not one of ${categorySchema.options.join(", ")}`;
  onWarning({ code: "invalid_category", message, ...origin });
  return undefined;
}

/**
 * The seed's evidence holds only the answer. The prompt is the evidence's own `prompt` when it
 * has one, else a prompt naming the task id, so the pair is still a well-formed chat example.
 */
export function buildMessages(
  fields: Record<string, unknown>,
  content: string,
): ChatMessage[] | undefined {
  const taskId = text(fields.task_id);
  const prompt =
    text(fields.prompt) ?? (taskId === undefined ? undefined : `Complete task ${taskId}.`);
  const messages: ChatMessage[] = [];
  if (prompt !== undefined) messages.push({ role: "user", content: prompt });
  if (content.trim() !== "") messages.push({ role: "assistant", content });
  return messages.length > 0 ? messages : undefined;
}

/** Provenance only when it proves something: a source file and a full sha256 of its bytes. */
export function readProvenance(
  value: unknown,
  traceId: string | undefined,
): Provenance | undefined {
  if (traceId === undefined || value === null || typeof value !== "object") return undefined;
  const {
    source_file: sourceFile,
    line_offset: lineOffset,
    sig_hash: sigHash,
  } = value as Record<string, unknown>;
  if (typeof sourceFile !== "string" || sourceFile.trim() === "") return undefined;
  if (typeof sigHash !== "string" || !/^[0-9a-f]{64}$/.test(sigHash)) return undefined;
  const line =
    typeof lineOffset === "number" && Number.isInteger(lineOffset) && lineOffset >= 0
      ? lineOffset
      : 0;
  return { traceId, stepRange: [line, line], sourceFile: { path: sourceFile, sha256: sigHash } };
}

/** A timestamp from the records, else the date of the scored run's YYYY/MM/DD folder. */
function createdAt(
  scored: Record<string, unknown>,
  evidence: Record<string, unknown>,
  file: string,
): string {
  for (const value of [
    scored.timestamp,
    scored.created_at,
    evidence.timestamp,
    evidence.created_at,
  ]) {
    if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return value;
  }
  const date = /(\d{4})\/(\d{2})\/(\d{2})\//.exec(file);
  return date ? `${date[1]}-${date[2]}-${date[3]}` : "";
}
