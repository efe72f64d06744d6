import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { canonicalJson } from "../../core/canonical-json.js";
import {
  computeScore,
  type Grade,
  gradeSchema,
  gradeSchemaId,
  type Rubric,
} from "../../core/grade.js";
import { deterministicId } from "../../core/hash.js";
import type { Trace } from "../../core/trace.js";
import type { SftMessage } from "../../format/sft-message.js";
import { type DevtraceJudgement, devtraceDimensions } from "../../grade/devtrace-judge-types.js";
import { createRedactor, type Redactor } from "../../model/redact.js";
import { rationaleText } from "../../sources/devtrace/event-text.js";
import { devtraceEventsOf } from "../../sources/devtrace/final-patch.js";
import type { DevtraceStore } from "../../store/types.js";
import type { VerifyResult } from "../../verify/types.js";

/**
 * Validated developer traces out of the catalog into the folder layout `tracemill export` reads:
 * `<out>/<trace_id>/trace.json` (the sealed Trace), `grade.json` (the judge's six dimensions as a
 * tracemill.grade/v1, score computed in code), `verification.json` (a required verification: the
 * sandbox result), `sft.json` (the task, the developer's notes, commands, edits and test results
 * as chat messages) and `chunks/<chunk_id>.json` (each chunk's stored events as canonical JSON,
 * whose sha256 is the trace's source-file hash, so provenance can be checked byte for byte).
 */
export interface ExportDevtracesResult {
  exported: string[];
  /** Validated traces without a sealed trace or a judge: named, not exported. */
  skipped: { traceId: string; reason: string }[];
}

/** Confidence recorded for each judge kind: the offline signal judge is a heuristic. */
const offlineConfidence = 0.6;
const modelConfidence = 0.8;

export function devtraceRubric(judgement: DevtraceJudgement): Rubric {
  return {
    id: "devtrace-process",
    version: judgement.rubric_version,
    dimensions: devtraceDimensions.map((key) => ({
      key,
      weight: judgement.weights[key],
      min: 0,
      max: 5,
    })),
  };
}

export function devtraceGrade(
  trace: Trace,
  judgement: DevtraceJudgement,
  createdAt: string,
): Grade {
  const rubric = devtraceRubric(judgement);
  const components = { ...judgement.scores };
  const [provider, ...model] = judgement.judge.split(":");
  return gradeSchema.parse({
    schema: gradeSchemaId,
    id: deterministicId("grade", { traceId: trace.id, judge: judgement.judge, scores: components }),
    traceId: trace.id,
    rubric,
    judge: {
      provider: provider ?? "offline",
      model: model.join(":") || judgement.judge,
      ...(judgement.seed === undefined ? {} : { seed: judgement.seed }),
      ...(judgement.fingerprint === undefined ? {} : { fingerprint: judgement.fingerprint }),
    },
    components,
    score: computeScore(rubric, components),
    confidence: judgement.offline ? offlineConfidence : modelConfidence,
    summary: judgement.feedback_summary,
    observations: judgement.observations,
    reasoning: "",
    chunkSummaries: [],
    usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
    createdAt,
  });
}

/** The trace as chat: the task from the user, the developer's work as the assistant, results as the user. */
export function devtraceSft(trace: Trace): SftMessage[] {
  const events = devtraceEventsOf(trace);
  const start = events[0]?.ts_client_s ?? 0;
  const task = [trace.task?.title, trace.task?.description].filter(Boolean).join("\n\n");
  const messages: SftMessage[] = [
    { role: "user", content: task, timestamp: Math.round(start * 1000) },
  ];
  for (const event of events) {
    const timestamp = Math.round(event.ts_client_s * 1000);
    const say = (role: "user" | "assistant", content: string) => {
      if (content.trim().length > 0) messages.push({ role, content, timestamp });
    };
    switch (event.type) {
      case "rationale_note":
        say("assistant", rationaleText(event));
        break;
      case "cmd_run":
        say("assistant", `\`\`\`bash\n${event.cmd}\n\`\`\``);
        say("user", `exit code ${event.exit_code}`);
        break;
      case "file_edit":
        say("assistant", `\`\`\`diff\n${event.diff_unified}\n\`\`\``);
        break;
      case "test_run":
        say(
          "user",
          `${event.framework}: ${event.num_passed} passed, ${event.num_failed} failed${
            event.failed_tests?.length ? ` (${event.failed_tests.join(", ")})` : ""
          }`,
        );
        break;
      case "commit":
        say("assistant", `\`\`\`bash\ngit commit -m ${JSON.stringify(event.message)}\n\`\`\``);
        break;
    }
  }
  return messages;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, path);
}

export async function exportDevtraces(
  store: DevtraceStore,
  out: string,
  options: { onTrace?: (traceId: string) => void; redactor?: Redactor } = {},
): Promise<ExportDevtracesResult> {
  const result: ExportDevtracesResult = { exported: [], skipped: [] };
  // The derived files pass the detectors again (a trace ingested before a detector existed);
  // the sealed events and chunks stay the bytes that provenance and `devtrace verify` check.
  const redactor = options.redactor ?? createRedactor();
  const pageSize = 100;
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.listTraces({ status: "validated", limit: pageSize, offset });
    for (const record of page) {
      const traceId = record.trace_id;
      const [trace, qa] = await Promise.all([store.getSealedTrace(traceId), store.getQa(traceId)]);
      if (trace === undefined || qa.judge === undefined) {
        result.skipped.push({
          traceId,
          reason: trace === undefined ? "no sealed trace" : "no judge result",
        });
        continue;
      }
      const dir = join(out, traceId);
      await mkdir(join(dir, "chunks"), { recursive: true });
      for (const chunk of await store.listChunks(traceId)) {
        await writeFile(join(dir, "chunks", `${chunk.chunk_id}.json`), canonicalJson(chunk.events));
      }
      // The trace's source files point at the chunk files written beside it. The task comes from
      // the create request, outside the redacted events and the seal: it passes the detectors here.
      const exported: Trace = {
        ...trace,
        ...(trace.task === undefined ? {} : { task: redactor.redactValue(trace.task) }),
        source: {
          ...trace.source,
          files: trace.source.files.map((file) => ({
            ...file,
            path: file.path.startsWith("chunk:") ? `chunks/${file.path.slice(6)}.json` : file.path,
          })),
        },
      };
      const createdAt = record.completed_at ?? record.updated_at;
      const grade = devtraceGrade(exported, qa.judge, createdAt);
      await writeJson(join(dir, "grade.json"), redactor.redactValue(grade));
      await writeJson(join(dir, "verification.json"), verificationOf(qa.validation));
      await writeJson(join(dir, "sft.json"), redactor.redactValue(devtraceSft(exported)));
      await writeJson(join(dir, "trace.json"), exported);
      result.exported.push(traceId);
      options.onTrace?.(traceId);
    }
    if (page.length < pageSize) break;
  }
  return result;
}

/** Verification is required for developer traces: a fix that was not shown to pass is unproven. */
function verificationOf(validation: VerifyResult | undefined): { required: true; passed: boolean } {
  return { required: true, passed: validation?.tests_passed === true };
}
