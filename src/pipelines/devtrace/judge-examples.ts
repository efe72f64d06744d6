import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { judgeDevtrace } from "../../grade/devtrace-judge.js";
import { readChunkFolder } from "../../sources/devtrace/read-chunks.js";
import { sealDevtrace } from "../../sources/devtrace/seal.js";
import { validateChunkEvents } from "../../sources/devtrace/validate-events.js";
import type { DevtraceRecord } from "../../store/types.js";
import { verifyDevtrace } from "../../verify/verify-devtrace.js";
import { devtraceGrade } from "./export-devtraces.js";
import { readTaskFile, tarFolder } from "./submit-chunk-folder.js";

/**
 * The judge over the committed devtrace examples, as the worker runs it: seal the chunks, verify
 * the workspace in the sandbox, judge offline, grade as export does. Reports each example's
 * overall and grade score with the failed-fix cap and without it (what the judge gave before the
 * cap existed), so the separation between fixed and not fixed can be measured and printed.
 */
export interface JudgedExample {
  name: string;
  testsPassed: boolean | null;
  overall: number;
  overallWithoutCap: number;
  gradeScore: number;
  gradeScoreWithoutCap: number;
}

export async function judgeExamples(examplesDir: string, key: string): Promise<JudgedExample[]> {
  const names = (await readdir(examplesDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const judged: JudgedExample[] = [];
  for (const name of names) {
    const dir = join(examplesDir, name);
    const task = await readTaskFile(join(dir, "task.json"));
    const folder = await readChunkFolder(join(dir, "chunks"));
    const record: DevtraceRecord = {
      ...task,
      trace_id: `example_${name}`,
      consent: { rationale: true, outputs: true, code: true, training: true },
      status: "completed",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
      num_events: 0,
      upload_token_sha256: "0".repeat(64),
      upload_token_expires_at: "2026-01-02T00:00:00.000Z",
      upload_token_revoked: false,
    } as DevtraceRecord;
    const { trace } = sealDevtrace({
      record,
      chunks: folder.chunks.map((chunk) => ({
        chunk_id: chunk.chunk_id,
        chunk_seq: chunk.chunk_seq,
        events: validateChunkEvents(chunk.events).events,
        artifacts: [],
        received_at: record.created_at,
      })),
      artifacts: [],
      key,
    });
    const verification = await verifyDevtrace({
      traceId: record.trace_id,
      snapshot: await tarFolder(join(dir, "workspace")),
      ...(task.known_failing_tests === undefined
        ? {}
        : { knownFailingTests: task.known_failing_tests }),
    });
    const judgement = await judgeDevtrace(trace, { verification });
    const uncapped = { ...judgement, overall: judgement.overall_uncapped ?? judgement.overall };
    delete uncapped.cap;
    judged.push({
      name,
      testsPassed: verification.tests_passed,
      overall: judgement.overall,
      overallWithoutCap: uncapped.overall,
      gradeScore: devtraceGrade(trace, judgement, record.created_at, verification).score,
      gradeScoreWithoutCap: devtraceGrade(trace, uncapped, record.created_at).score,
    });
  }
  return judged;
}

/** Lowest overall among verified fixes minus the highest among failed ones. */
export function separationOf(
  judged: readonly JudgedExample[],
  field: "overall" | "overallWithoutCap",
): number | undefined {
  const fixed = judged.filter((item) => item.testsPassed === true).map((item) => item[field]);
  const failed = judged.filter((item) => item.testsPassed === false).map((item) => item[field]);
  if (fixed.length === 0 || failed.length === 0) return undefined;
  return Math.round((Math.min(...fixed) - Math.max(...failed)) * 100) / 100;
}

export function renderJudgedExamples(judged: readonly JudgedExample[]): string {
  const lines = [
    "| example | tests passed | overall (cap) | overall (no cap, before) | grade score (cap) | grade score (no cap) |",
    "|---|---|---|---|---|---|",
    ...judged.map(
      (item) =>
        `| ${item.name} | ${String(item.testsPassed)} | ${item.overall.toFixed(2)} | ${item.overallWithoutCap.toFixed(2)} | ${item.gradeScore} | ${item.gradeScoreWithoutCap} |`,
    ),
  ];
  lines.push(
    `separation (lowest fixed − highest failed): ${separationOf(judged, "overall")} with the cap, ${separationOf(judged, "overallWithoutCap")} without`,
  );
  return lines.join("\n");
}
