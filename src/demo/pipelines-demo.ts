import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeJsonAtomic } from "../core/files.js";
import {
  defaultExportOptions,
  type ExportSummary,
  renderExportSummary,
  runExport,
} from "../export/index.js";
import type { Redactor } from "../model/redact.js";
import { type DevtraceDemoScenario, runDevtraceDemo } from "../pipelines/devtrace/index.js";
import { renderCorrectAndTrain } from "../train/render-training.js";
import { type CorrectAndTrainResult, correctAndTrain } from "../train/train-pipeline.js";

/**
 * The later pipelines' part of `tracemill demo`, each offline on its committed example: the
 * seed-layout export (preference pairs from several graded attempts per task), developer traces
 * through a real loopback server and sandbox, and robot episodes corrected then trained on.
 */
const examples = (folder: string) =>
  fileURLToPath(new URL(`../../examples/${folder}/`, import.meta.url));

export interface PipelinesDemoOptions {
  out: string;
  runsDir: string;
  toolVersion: string;
  redactor: Redactor;
  /** The demo's published chain key. */
  hmacKey: string;
  notice: (line: string) => void;
}

export interface PipelinesDemoResult {
  seedExport: ExportSummary;
  devtrace: DevtraceDemoScenario[];
  devtraceExport: ExportSummary;
  robot: CorrectAndTrainResult;
}

export async function runPipelinesDemo(
  options: PipelinesDemoOptions,
): Promise<PipelinesDemoResult> {
  const seedExport = await runExport({
    exporters: ["sft", "rag", "preference"],
    from: examples("export"),
    out: join(options.out, "exports-seed"),
    format: "native",
    dryRun: false,
    evalSets: [],
    options: { ...defaultExportOptions, includePartial: true },
    toolVersion: options.toolVersion,
    redactor: options.redactor,
  });

  options.notice("demo: developer traces → loopback server, sandboxed tests, offline judge");
  const workDir = await mkdtemp(join(tmpdir(), "tracemill-demo-devtrace-"));
  let devtrace: DevtraceDemoScenario[];
  try {
    devtrace = await runDevtraceDemo({
      examplesDir: examples("devtrace"),
      workDir,
      hmacKey: options.hmacKey,
      exportTo: join(options.out, "devtraces"),
      redactor: options.redactor,
      onProgress: options.notice,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  await writeJsonAtomic(join(options.out, "devtrace.json"), devtrace);
  const devtraceExport = await runExport({
    exporters: ["sft", "rag", "preference"],
    from: join(options.out, "devtraces"),
    out: join(options.out, "exports-devtrace"),
    format: "native",
    dryRun: false,
    evalSets: [],
    options: defaultExportOptions,
    toolVersion: options.toolVersion,
    redactor: options.redactor,
  });

  options.notice("demo: robot episodes → offline corrections → behaviour cloning");
  const robot = await correctAndTrain({
    input: { baseDir: join(examples("robot"), "study") },
    correctedDir: join(options.out, "robot", "corrected"),
    correction: { strategy: "correct" },
    out: join(options.out, "robot", "bc"),
    train: { iterations: 100, hiddenDim: 64, batchSize: 64, checkpointFreq: 50 },
    runsDir: options.runsDir,
    toolVersion: options.toolVersion,
    redactor: options.redactor,
    fresh: true,
    lerobot: { dir: join(options.out, "robot", "lerobot") },
  });
  return { seedExport, devtrace, devtraceExport, robot };
}

export function renderPipelinesDemo(result: PipelinesDemoResult, out: string): string {
  const devtraceLines = result.devtrace.map(
    (scenario) =>
      `  ${scenario.name.padEnd(18)} ${scenario.status.padEnd(10)} tests ${
        scenario.testsPassed === null ? "not run" : scenario.testsPassed ? "pass" : "fail"
      }  judge ${scenario.judge ?? "-"} overall ${scenario.overall ?? "-"}/5`,
  );
  return [
    `Datasets from the seed's evidence/scored-runs layout (examples/export → ${join(out, "exports-seed")}):`,
    renderExportSummary(result.seedExport),
    "",
    `Developer traces (examples/devtrace, ${join(out, "devtrace.json")}):`,
    ...devtraceLines,
    `Datasets from the validated developer traces (${join(out, "devtraces")} → ${join(out, "exports-devtrace")}):`,
    renderExportSummary(result.devtraceExport),
    "",
    `Robot episodes (examples/robot/study → ${join(out, "robot")}):`,
    renderCorrectAndTrain(result.robot),
  ].join("\n");
}
