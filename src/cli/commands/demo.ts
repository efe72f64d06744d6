import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { exitStatuses, TracemillError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../core/files.js";
import {
  demoChainKeyId,
  listExampleTraces,
  runFoundationDemo,
} from "../../demo/foundation-demo.js";
import { runInsightsDemo } from "../../demo/insights-demo.js";
import { renderPipelinesDemo, runPipelinesDemo } from "../../demo/pipelines-demo.js";
import { defaultExportOptions, renderExportSummary } from "../../export/index.js";
import { type InsightsRunReport, renderInsightsReport } from "../../insights/index.js";
import { createDiskCache } from "../../model/cache.js";
import { createEmbedder } from "../../model/embedders/index.js";
import { createRedactor } from "../../model/redact.js";
import { runExportPipeline } from "../../pipelines/export/index.js";
import { runScreenDemo, type ScreenDemoResult } from "../../pipelines/screen/index.js";
import { openRun } from "../../runs/index.js";
import { toolVersion } from "../../version.js";
import { configFor, emit, globalOptions, notice } from "../output.js";
import { createProgress } from "../progress.js";

const examplesDirectory = fileURLToPath(new URL("../../../examples/traces/", import.meta.url));
/** A published, demo-only key: real deployments pass their own secret to the hash chain. */
const demoChainKey = "tracemill-demo-key";

/** `demo` (loaded when the command runs; the options live in demo-command.ts). */
export async function demoAction(
  options: { out: string; resume?: string },
  command: Command,
): Promise<void> {
  const config = await configFor(command);
  const files = await listExampleTraces(examplesDirectory);
  if (files.length === 0)
    throw new TracemillError("not_found", `no example traces in ${examplesDirectory}`);
  const redactor = createRedactor(config.redaction);
  const run = await openRun({
    runsDir: resolve(config.runsDir),
    command: "demo",
    inputs: files,
    config: { redaction: config.redaction, embedder: config.embedder.provider },
    toolVersion,
    resume: options.resume,
    redactor,
    logConsole:
      globalOptions(command).quiet || globalOptions(command).json
        ? undefined
        : { stream: process.stderr, level: config.logLevel },
  });
  const progress = createProgress({
    label: "embed",
    total: files.length,
    quiet: globalOptions(command).quiet,
  });
  const out = resolve(options.out);
  let result: Awaited<ReturnType<typeof runFoundationDemo>>;
  let insights: InsightsRunReport;
  try {
    notice(
      command,
      `demo: run ${run.id}; loading the offline embedding model (${config.embedder.provider})…`,
    );
    const cache = config.embedder.cache
      ? createDiskCache(join(config.cacheDir, "embeddings"))
      : undefined;
    const embedder = await createEmbedder(config.embedder, { cache, redactor });
    let embedded = 0;
    result = await runFoundationDemo(files, run, {
      chainKey: demoChainKey,
      redactor,
      embedder,
      config,
      onProgress: (_stage, done, total) => {
        progress.setTotal(total);
        progress.tick(done - embedded);
        embedded = done;
      },
    });
    progress.stop();
    notice(
      command,
      "demo: conversations → facets, clusters, labels, hierarchy, privacy gates, evaluation",
    );
    insights = await runInsightsDemo(config, { embedder, redactor });
    await mkdir(join(out, "sealed"), { recursive: true });
    for (const trace of result.sealed) {
      await writeJsonAtomic(join(out, "sealed", `${trace.id}.trace.json`), trace);
    }
    await run.finish("completed");
  } catch (error) {
    await run.finish("failed");
    throw error;
  }
  const foundation = result;
  const screen = await runScreenDemo(out, config, (line) => notice(command, line));
  const { detail: exported } = await runExportPipeline(
    {
      exporters: ["sft", "rag", "preference"],
      from: screen.outDir,
      out: join(out, "exports"),
      format: "native",
      dryRun: false,
      evalSets: [],
      options: { ...defaultExportOptions, includePartial: true },
    },
    { config, redactor },
  );
  const pipelines = await runPipelinesDemo({
    out,
    config,
    redactor,
    hmacKey: demoChainKey,
    notice: (line) => notice(command, line),
  });
  const summary = {
    screen,
    seedExport: pipelines.seedExport.exporters.map(({ exporter, counts }) => ({
      exporter,
      counts,
    })),
    devtrace: pipelines.devtrace,
    devtraceExport: pipelines.devtraceExport.exporters.map(({ exporter, counts }) => ({
      exporter,
      counts,
    })),
    insights: {
      runId: insights.runId,
      dir: insights.dir,
      status: insights.status,
      conversations: insights.conversations,
      clusters: insights.clusters,
      clustersKept: insights.clustersKept,
      hierarchyLevels: insights.hierarchyLevels,
      eval: insights.eval,
    },
    robot: {
      runId: pipelines.robot.runId,
      corrected: pipelines.robot.correction,
      trainedOn: pipelines.robot.trainedOn,
      firstTrainLoss: pipelines.robot.training?.firstTrain,
      lastTrainLoss: pipelines.robot.training?.lastTrain,
      checkpoint: pipelines.robot.training?.lastCheckpoint,
    },
    export: {
      out: join(out, "exports"),
      exporters: exported.exporters.map(({ exporter, counts }) => ({ exporter, counts })),
    },
    runId: run.id,
    runDir: run.dir,
    out,
    chainKeyId: demoChainKeyId,
    ...foundation,
    sealed: undefined,
  };
  const viewCommand = `npx tracemill view --runs-dir ${relative(process.cwd(), resolve(config.runsDir)) || "."} --data ${relative(process.cwd(), out) || "."} --hmac-key ${demoChainKey}`;
  await writeJsonAtomic(join(out, "summary.json"), { ...summary, viewCommand });
  // `unverified` (no sandbox on this machine) is reported, not a failed demo.
  const devtraceFailed = pipelines.devtrace.some(
    (scenario) => scenario.status !== "validated" && scenario.status !== "unverified",
  );
  if (screen.failures.length > 0 || devtraceFailed) process.exitCode = exitStatuses.someFailed;
  emit(
    command,
    () =>
      `${renderDemo(summary, foundation)}\n${renderScreenDemo(screen)}\n\nDatasets from the graded sessions (tracemill export all --include-partial):\n${renderExportSummary(exported)}\n\n${renderPipelinesDemo(pipelines, out)}\n\nConversation insights (examples/insights, run ${insights.runId}):\n${renderInsightsReport(insights)}\n\nSee it all in the browser (runs, sessions, insights, datasets, devtraces, robot):\n  ${viewCommand}`,
    { ...summary, viewCommand },
  );
}

function renderDemo(
  summary: { runDir: string; out: string },
  result: Awaited<ReturnType<typeof runFoundationDemo>>,
): string {
  const lines = ["Traces validated and sealed with the keyed hash chain:"];
  for (const trace of result.traces) {
    lines.push(
      `  ${trace.kind.padEnd(8)} ${trace.id}  ${trace.steps} steps  head ${trace.head.slice(0, 12)}…  tamper at step ${trace.steps >> 1} → detected at link ${trace.tamperDetectedAt}`,
    );
  }
  lines.push(`Secrets and personal data redacted from step texts: ${result.redactions}`);
  lines.push(`Nearest neighbours by task (embedder ${result.embedder}, offline):`);
  for (const neighbour of result.neighbours) {
    lines.push(
      `  ${neighbour.traceId} → ${neighbour.nearest} (cosine ${neighbour.similarity.toFixed(3)})`,
    );
  }
  lines.push("", "Where to look:");
  lines.push(
    `  ${relative(process.cwd(), join(summary.out, "sealed")) || "."}/   sealed traces (integrity.links)`,
  );
  lines.push(`  ${relative(process.cwd(), join(summary.out, "summary.json"))}`);
  lines.push(
    `  ${relative(process.cwd(), summary.runDir)}/   run folder: manifest, events, metrics, per-stage outputs`,
  );
  return lines.join("\n");
}

function renderScreenDemo(screen: ScreenDemoResult): string {
  const lines = ["", "Screen sessions (generated examples, offline judge):"];
  for (const session of screen.sessions) {
    lines.push(
      `  ${session.format.padEnd(8)} ${session.sessionId}  ${session.steps} steps, ${session.frames} frames, score ${session.score ?? "-"} (${session.judge ?? "not graded"})`,
    );
  }
  for (const failure of screen.failures) lines.push(`  FAILED ${failure}`);
  lines.push(
    `  ${relative(process.cwd(), screen.outDir)}/<session>/   trace.json, sft.json, results.html, sft.html, scores.json`,
  );
  return lines.join("\n");
}
