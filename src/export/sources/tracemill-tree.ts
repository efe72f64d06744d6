import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { z } from "zod";
import { type Grade, gradeSchema } from "../../core/grade.js";
import { deterministicId } from "../../core/hash.js";
import { type Trace, traceSchema } from "../../core/trace.js";
import { type SftMessage, sftFileSchema } from "../../format/sft-message.js";
import { scoresFileSchema, toGrade } from "../../grade/scores-file.js";
import { categorize } from "../categorize.js";
import { findFilePaths } from "../checks/find-file-paths.js";
import {
  type CategoryThresholds,
  defaultExportOptions,
  type ExportRecord,
  type ExportSource,
  type ExportSourceWarning,
} from "../types.js";
import { conversationMessagesOf, singleSourceLine } from "./conversation-messages.js";
import { conversationText, sftToChatMessages } from "./sft-messages.js";
import { sortedEntries, toPosix } from "./walk-files.js";

/**
 * tracemill's own output (`tracemill process` and friends): session folders holding trace.json
 * and a grade (scores.json, or grade.json in tracemill.grade/v1), anywhere under the folder. One
 * record per graded trace; folders are visited in sorted order and one at a time, so memory stays
 * flat however many sessions there are.
 */
type Warn = (warning: ExportSourceWarning) => void;
type JsonRead = { found: boolean; value?: unknown };

export function createTracemillTreeSource(
  thresholds: CategoryThresholds = defaultExportOptions.thresholds,
): ExportSource {
  return {
    name: "tracemill-tree",
    async canRead(folder) {
      for await (const _ of sessionFolders(folder)) return true;
      return false;
    },
    async *read(folder, onWarning) {
      for await (const sessionDir of sessionFolders(folder)) {
        const record = await readSession(folder, sessionDir, thresholds, onWarning);
        if (record) yield record;
      }
    },
    async *inputFiles(folder) {
      for await (const sessionDir of sessionFolders(folder)) {
        const names = new Set((await sortedEntries(sessionDir)).map((entry) => entry.name));
        for (const name of sessionFiles) if (names.has(name)) yield join(sessionDir, name);
      }
    },
  };
}

/** What `readSession` reads from a session folder. */
const sessionFiles = ["trace.json", "scores.json", "grade.json", "verification.json", "sft.json"];

/** verification.json: written where a trace's result must be proven (developer traces). */
const verificationFileSchema = z.object({ required: z.boolean(), passed: z.boolean().optional() });

export const tracemillTreeSource: ExportSource = createTracemillTreeSource();

/** Folders holding a trace.json; a session's own subfolders (frames, crops) are not searched. */
async function* sessionFolders(folder: string): AsyncGenerator<string> {
  const entries = await sortedEntries(folder);
  if (entries.some((entry) => entry.isFile() && entry.name === "trace.json")) {
    yield folder;
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) yield* sessionFolders(join(folder, entry.name));
  }
}

async function readJson(path: string, root: string, onWarning: Warn): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { found: false };
    onWarning({
      code: "unreadable_file",
      message: String(error),
      file: toPosix(relative(root, path)),
    });
    return { found: true };
  }
  try {
    return { found: true, value: JSON.parse(text) };
  } catch (error) {
    const message = `unreadable JSON: ${(error as Error).message}`;
    onWarning({ code: "unreadable_json", message, file: toPosix(relative(root, path)) });
    return { found: true };
  }
}

/** The session's grade: scores.json first (what `--grade` writes), else grade.json. */
async function readGrade(
  root: string,
  sessionDir: string,
  onWarning: Warn,
): Promise<Grade | undefined> {
  const scoresPath = join(sessionDir, "scores.json");
  const scores = await readJson(scoresPath, root, onWarning);
  if (scores.found) {
    const parsed = scoresFileSchema.safeParse(scores.value);
    if (parsed.success) return toGrade(parsed.data);
    if (scores.value !== undefined) invalid(root, scoresPath, parsed.error.message, onWarning);
    return undefined;
  }
  const gradePath = join(sessionDir, "grade.json");
  const grade = await readJson(gradePath, root, onWarning);
  if (!grade.found) {
    const file = toPosix(relative(root, join(sessionDir, "trace.json")));
    onWarning({
      code: "ungraded",
      message: "trace has no scores.json or grade.json: skipped",
      file,
    });
    return undefined;
  }
  const parsed = gradeSchema.safeParse(grade.value);
  if (parsed.success) return parsed.data;
  if (grade.value !== undefined) invalid(root, gradePath, parsed.error.message, onWarning);
  return undefined;
}

function invalid(root: string, path: string, message: string, onWarning: Warn): void {
  onWarning({ code: "invalid_file", message, file: toPosix(relative(root, path)) });
}

async function readSession(
  root: string,
  sessionDir: string,
  thresholds: CategoryThresholds,
  onWarning: Warn,
): Promise<ExportRecord | undefined> {
  const tracePath = join(sessionDir, "trace.json");
  const traceJson = await readJson(tracePath, root, onWarning);
  if (traceJson.value === undefined) return undefined;
  const trace = traceSchema.safeParse(traceJson.value);
  if (!trace.success) {
    invalid(root, tracePath, trace.error.message, onWarning);
    return undefined;
  }
  const grade = await readGrade(root, sessionDir, onWarning);
  if (!grade) return undefined;
  const verificationPath = join(sessionDir, "verification.json");
  const verificationJson = await readJson(verificationPath, root, onWarning);
  let verification: ExportRecord["verification"];
  if (verificationJson.value !== undefined) {
    const parsed = verificationFileSchema.safeParse(verificationJson.value);
    if (parsed.success) verification = parsed.data;
    // An unreadable verification of a trace that needs one is a failed one, not a missing one.
    else {
      invalid(root, verificationPath, parsed.error.message, onWarning);
      verification = { required: true, passed: false };
    }
  } else if (verificationJson.found) {
    verification = { required: true, passed: false };
  }
  const sftPath = join(sessionDir, "sft.json");
  const sftJson = await readJson(sftPath, root, onWarning);
  let sft: SftMessage[] | undefined;
  if (sftJson.value !== undefined) {
    const parsed = sftFileSchema.safeParse(sftJson.value);
    if (parsed.success) sft = parsed.data;
    else invalid(root, sftPath, parsed.error.message, onWarning);
  }
  return toRecord(trace.data, grade, sft, {
    verification,
    thresholds,
    sessionDir,
    traceFile: toPosix(relative(root, tracePath)),
  });
}

function toRecord(
  trace: Trace,
  grade: Grade,
  sft: SftMessage[] | undefined,
  context: {
    verification: ExportRecord["verification"];
    thresholds: CategoryThresholds;
    sessionDir: string;
    traceFile: string;
  },
): ExportRecord {
  const sessionId = trace.meta.sessionId;
  const firstStep = trace.steps[0];
  const lastStep = trace.steps[trace.steps.length - 1];
  const sourceFile = trace.source.files[0];
  // A conversation is one JSONL record: its row names the line, and its steps are the chat.
  const conversation = trace.kind === "conversation";
  const line = conversation ? singleSourceLine(trace) : undefined;
  const gradeSummary = {
    id: grade.id,
    score: grade.score,
    confidence: grade.confidence,
    judge: grade.judge.model.startsWith(`${grade.judge.provider}:`)
      ? grade.judge.model
      : `${grade.judge.provider}:${grade.judge.model}`,
  };
  const tags = [trace.kind, trace.source.format, trace.environment?.app].filter(
    (tag): tag is string => typeof tag === "string" && tag !== "",
  );
  return {
    recordId: deterministicId("record", { traceId: trace.id, gradeId: grade.id }),
    sourceRunId: typeof sessionId === "string" && sessionId !== "" ? sessionId : trace.id,
    taskId: trace.task?.id ?? slug(trace.task?.title),
    title: trace.task?.title,
    category: categorize(gradeSummary, context.verification, context.thresholds),
    ...(context.verification === undefined ? {} : { verification: context.verification }),
    grade: gradeSummary,
    messages:
      sft !== undefined
        ? sftToChatMessages(sft)
        : conversation
          ? conversationMessagesOf(trace)
          : undefined,
    content: conversationText(trace, sft),
    tags: [...new Set(tags)],
    knownFiles: knownFilesOf(trace),
    // Without a source file there is nothing to prove the record against: the exporter quarantines it.
    provenance:
      sourceFile === undefined
        ? undefined
        : {
            traceId: trace.id,
            stepRange: [firstStep?.index ?? 0, lastStep?.index ?? 0],
            sourceFile: {
              path: sourceFile.path,
              sha256: sourceFile.sha256,
              ...(line === undefined ? {} : { line }),
            },
            gradeId: grade.id,
            // A developer trace's chunks are all its source: its rows name every one.
            ...(trace.kind === "devtrace" && trace.source.files.length > 1
              ? {
                  sourceFiles: trace.source.files.map((file) => ({
                    path: file.path,
                    sha256: file.sha256,
                  })),
                }
              : {}),
          },
    createdAt: grade.createdAt,
    origin: { file: context.traceFile },
    baseDir: context.sessionDir,
  };
}

/**
 * Files the trace itself names: its source files and media, the files its edit actions changed,
 * and paths in its commands, test runs and commits. Content that names these names what was
 * really there; any other path is one the hallucination check should question.
 */
function knownFilesOf(trace: Trace): string[] {
  const known = new Set([...trace.source.files, ...trace.media].map((file) => file.path));
  for (const step of trace.steps) {
    const action = step.action;
    if (action === undefined) continue;
    if (action.type === "edit") known.add(action.path);
    const texts =
      action.type === "command"
        ? [action.command]
        : action.type === "test"
          ? (action.failedTests ?? [])
          : action.type === "commit"
            ? [action.message]
            : [];
    for (const text of texts) for (const path of findFilePaths(text)) known.add(path);
  }
  return [...known];
}

/** A stable task id from a title: lower case, runs of other characters as one dash. */
export function slug(title: string | undefined): string | undefined {
  const value = (title ?? "")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return value === "" ? undefined : value;
}
