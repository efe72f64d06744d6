import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TracemillError } from "../../core/errors.js";
import { pathExists, writeJsonAtomic } from "../../core/files.js";
import type { Trace } from "../../core/trace.js";
import { traceSchema } from "../../core/trace.js";
import { renderResultsHtml } from "../../format/render-results-html.js";
import { renderSftHtml } from "../../format/render-sft-html.js";
import { sessionMetrics } from "../../format/session-metrics.js";
import { type SftMessage, sftFileSchema } from "../../format/sft-message.js";
import { traceToResults } from "../../format/trace-to-results.js";
import { traceToSft } from "../../format/trace-to-sft.js";
import type { Grader } from "../../grade/grader.js";
import type { SessionEvaluation } from "../../grade/scores-file.js";
import { sftToChunks } from "../../grade/sft-to-chunks.js";
import type { ModelClient } from "../../model/model-client.js";
import type { Redactor } from "../../model/redact.js";
import { addRedactionCounts, type RedactionCounts } from "../../privacy/redact-trace.js";
import type { DesktopReadOptions } from "../../sources/desktop/index.js";
import { readerNamed } from "../../sources/readers.js";
import type { SourceWarning } from "../../sources/types.js";
import type { ProcessOptions } from "./options.js";
import { redactSessionTrace, redactSftMessages } from "./redact-session.js";
import { extractSessionFrames } from "./session-frames.js";

/**
 * One screen session end to end: read → frames (one ffmpeg pass) → trace.json, results.json,
 * sft.json (+ computer-use variants), HTML previews, metrics.json → scores.json when graded.
 * Outputs go to `<out>/<id>/`, the layout the seed's users already know.
 */
export interface SessionTools {
  ffmpegPath?: string;
  ffprobePath?: string;
  grader?: Grader;
  /** The model door for --augment (web sessions). */
  augmentClient?: ModelClient;
  /** Applied to the session's text before any file is written. */
  redactor: Redactor;
}

export interface SessionOutcome {
  sessionId: string;
  outDir: string;
  regraded: boolean;
  steps: number;
  frames: number;
  messages: number;
  evaluation?: SessionEvaluation;
  warnings: SourceWarning[];
  /** Input events the recorder logged twice (desktop), counted once. */
  duplicateEvents?: number;
  /** Secrets and personal data replaced by markers before anything was written. */
  redactions: RedactionCounts;
}

export async function processScreenSession(
  id: string,
  options: ProcessOptions,
  tools: SessionTools,
): Promise<SessionOutcome> {
  const outDir = join(options.out, id);
  if (options.grade && !options.force && (await pathExists(join(outDir, "sft.json")))) {
    return gradeExisting(id, outDir, tools);
  }
  const read = await readSession(id, options);
  const warnings = [...read.warnings];
  const redacted = redactSessionTrace(read.trace, tools.redactor);
  await mkdir(outDir, { recursive: true });
  const framed = await extractSessionFrames(redacted.trace, outDir, {
    ...tools,
    crop: options.crop,
  });
  warnings.push(...framed.warnings);
  const trace = checkedTrace(id, framed.trace);
  // Each frame is read once and shared by sft.json, the computer-use formats and the previews.
  const frameReads = new Map<string, Promise<Buffer>>();
  const readImage = (path: string): Promise<Buffer> => {
    let read = frameReads.get(path);
    if (read === undefined) {
      read = readFile(join(outDir, path));
      frameReads.set(path, read);
    }
    return read;
  };
  const onWarning = (warning: SourceWarning) => warnings.push(warning);
  const sft = await traceToSft(trace, { readImage, onWarning });
  const results = traceToResults(trace);
  const images = await loadImages(trace, readImage);

  await writeJsonAtomic(join(outDir, "trace.json"), trace);
  await writeJsonAtomic(join(outDir, "results.json"), results);
  await writeJsonAtomic(join(outDir, "sft.json"), sft);
  // The computer-use formats and augmentation load only for a run that asks for them.
  if (options.actionFormat === "anthropic") {
    const { toAnthropicComputerUse } = await import("../../format/to-anthropic-computer-use.js");
    await writeJsonAtomic(
      join(outDir, "sft.anthropic.json"),
      await toAnthropicComputerUse(trace, { readImage, onWarning }),
    );
  }
  if (options.actionFormat === "openai") {
    const { toOpenAIComputerUse } = await import("../../format/to-openai-computer-use.js");
    await writeJsonAtomic(
      join(outDir, "sft.openai.json"),
      await toOpenAIComputerUse(trace, { readImage, onWarning }),
    );
  }
  await writeFile(join(outDir, "results.html"), renderResultsHtml(trace, results, images));
  await writeFile(
    join(outDir, "sft.html"),
    renderSftHtml(sft, { title: trace.task?.title, sessionId: id }),
  );
  if (options.augment && options.format === "web" && tools.augmentClient) {
    const { augmentSession } = await import("./augment-session.js");
    const augmented = await augmentSession(trace, outDir, tools.augmentClient);
    warnings.push(...augmented.warnings);
    if (augmented.items.length > 0)
      await writeJsonAtomic(join(outDir, "augment.json"), augmented.items);
  }
  const evaluation =
    options.grade && tools.grader
      ? await grade(tools.grader, id, sft, trace, options.chunkSize)
      : undefined;
  if (evaluation) await writeJsonAtomic(join(outDir, "scores.json"), evaluation);
  await writeJsonAtomic(
    join(outDir, "metrics.json"),
    sessionMetrics(trace, sft, {
      warnings: warnings.length,
      ...(typeof trace.meta.duplicateEvents === "number"
        ? { duplicateEvents: trace.meta.duplicateEvents }
        : {}),
      redactions: redacted.counts,
    }),
  );
  return {
    sessionId: id,
    outDir,
    regraded: false,
    steps: trace.steps.length,
    frames: trace.steps.filter((step) => step.frame).length,
    messages: sft.length,
    evaluation,
    warnings,
    ...(typeof trace.meta.duplicateEvents === "number"
      ? { duplicateEvents: trace.meta.duplicateEvents }
      : {}),
    redactions: redacted.counts,
  };
}

/** A trace that fails its schema came from input the readers let through: name where, not a zod dump. */
function checkedTrace(id: string, candidate: Trace): Trace {
  const checked = traceSchema.safeParse(candidate);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  const path = issue?.path ?? [];
  let where = candidate.source.files.map((file) => file.path).join(", ");
  if (path[0] === "steps" && typeof path[1] === "number") {
    const origin = candidate.steps[path[1]]?.origin;
    if (origin !== undefined)
      where = origin.line === undefined ? origin.file : `${origin.file}:${origin.line}`;
  }
  throw new TracemillError(
    "input_invalid",
    `session ${id}: ${where}: ${path.join(".") || "trace"} ${issue?.message ?? "is invalid"}`,
  );
}

/** One session through the registry's reader for the format: its Trace and warnings. */
async function readSession(
  id: string,
  options: ProcessOptions,
): Promise<{ trace: Trace; warnings: SourceWarning[] }> {
  const readOptions: DesktopReadOptions = {
    sessions: [id],
    ...(options.keyboardLayout ? { keyboardLayout: options.keyboardLayout } : {}),
  };
  const { traces, warnings } = await readerNamed(options.format).read(options.data, readOptions);
  const [trace] = traces;
  if (trace === undefined)
    throw new TracemillError("not_found", `session ${id}: not found in ${options.data}`);
  return { trace, warnings };
}

async function gradeExisting(
  id: string,
  outDir: string,
  tools: SessionTools,
): Promise<SessionOutcome> {
  // Outputs of an earlier run (perhaps from before redaction) are redacted before grading.
  const stored = sftFileSchema.parse(JSON.parse(await readFile(join(outDir, "sft.json"), "utf8")));
  const { messages: sft, counts } = redactSftMessages(stored, tools.redactor);
  const storedTrace = (await pathExists(join(outDir, "trace.json")))
    ? traceSchema.parse(JSON.parse(await readFile(join(outDir, "trace.json"), "utf8")))
    : undefined;
  const redactedTrace =
    storedTrace === undefined ? undefined : redactSessionTrace(storedTrace, tools.redactor);
  const trace = redactedTrace?.trace;
  if (redactedTrace !== undefined) addRedactionCounts(counts, redactedTrace.counts);
  const evaluation = tools.grader
    ? await grade(tools.grader, id, sft, trace, undefined)
    : undefined;
  if (evaluation) await writeJsonAtomic(join(outDir, "scores.json"), evaluation);
  return {
    sessionId: id,
    outDir,
    regraded: true,
    steps: trace?.steps.length ?? 0,
    frames: trace?.steps.filter((step) => step.frame).length ?? 0,
    messages: sft.length,
    evaluation,
    warnings: [],
    redactions: counts,
  };
}

function grade(
  grader: Grader,
  id: string,
  sft: SftMessage[],
  trace: Trace | undefined,
  chunkSize: number | undefined,
) {
  const startedAtMs =
    typeof trace?.meta.startedAtMs === "number" ? trace.meta.startedAtMs : undefined;
  return grader.evaluateSession(sftToChunks(sft, chunkSize), {
    sessionId: id,
    traceId: trace?.id,
    task: trace?.task,
    startedAtMs,
    trace,
  });
}

async function loadImages(
  trace: Trace,
  readImage: (path: string) => Promise<Buffer>,
): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  for (const step of trace.steps) {
    if (!step.frame || images.has(step.frame.path)) continue;
    images.set(step.frame.path, (await readImage(step.frame.path)).toString("base64"));
  }
  return images;
}

export const sessionOutputFiles = [
  "trace.json",
  "results.json",
  "sft.json",
  "results.html",
  "sft.html",
  "metrics.json",
] as const;
