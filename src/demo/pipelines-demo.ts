import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../core/config.js";
import { writeJsonAtomic } from "../core/files.js";
import { defaultExportOptions, type ExportSummary, renderExportSummary } from "../export/index.js";
import type { Redactor } from "../model/redact.js";
import { type DevtraceDemoScenario, runDevtraceDemo } from "../pipelines/devtrace/index.js";
import { type ExportPipelineInput, runExportPipeline } from "../pipelines/export/index.js";
import { correctAndTrainRobot } from "../pipelines/robot/index.js";
import type { PipelineDeps } from "../pipelines/types.js";
import { renderCorrectAndTrain } from "../train/render-training.js";
import type { CorrectAndTrainResult } from "../train/train-pipeline.js";

/**
 * The later pipelines' part of `tracemill demo`, each offline on its committed example: the
 * seed-layout export (preference pairs from several graded attempts per task), developer traces
 * through a real loopback server and sandbox, and robot episodes corrected then trained on.
 */
const examples = (folder: string) =>
  fileURLToPath(new URL(`../../examples/${folder}/`, import.meta.url));

export interface PipelinesDemoOptions {
  out: string;
  /** The demo's configuration (runs folder); its model is never asked: the demo is offline. */
  config: Config;
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
  // Offline whatever model is configured: corrections run the smoothing baseline.
  const deps: PipelineDeps = {
    config: { ...options.config, model: { ...options.config.model, provider: "offline:default" } },
    redactor: options.redactor,
  };
  const seedExport = await exportNative(
    examples("export"),
    join(options.out, "exports-seed"),
    { ...defaultExportOptions, includePartial: true },
    deps,
  );

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
  const devtraceExport = await exportNative(
    join(options.out, "devtraces"),
    join(options.out, "exports-devtrace"),
    defaultExportOptions,
    deps,
  );

  options.notice("demo: robot episodes → offline corrections → behaviour cloning");
  const { detail: robot } = await correctAndTrainRobot(
    {
      input: { baseDir: join(examples("robot"), "study") },
      correctedDir: join(options.out, "robot", "corrected"),
      correction: { strategy: "correct" },
      out: join(options.out, "robot", "bc"),
      train: { iterations: 100, hiddenDim: 64, batchSize: 64, checkpointFreq: 50 },
      fresh: true,
      lerobot: { dir: join(options.out, "robot", "lerobot") },
    },
    deps,
  );
  return { seedExport, devtrace, devtraceExport, robot };
}

/** SFT, RAG and preference rows in the native format, from a folder `export` reads. */
async function exportNative(
  from: string,
  out: string,
  options: ExportPipelineInput["options"],
  deps: PipelineDeps,
): Promise<ExportSummary> {
  const report = await runExportPipeline(
    {
      exporters: ["sft", "rag", "preference"],
      from,
      out,
      format: "native",
      dryRun: false,
      evalSets: [],
      options,
    },
    deps,
  );
  return report.detail;
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
