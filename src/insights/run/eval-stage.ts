import { join } from "node:path";
import type { ModelClient } from "../../model/model-client.js";
import type { Run } from "../../runs/run-session.js";
import { clusteringMetrics, perTopicMetrics } from "../eval/metrics.js";
import { writeEvalReport } from "../eval/report.js";
import { generateSyntheticCorpus } from "../eval/synthetic.js";
import { type AnalysisDeps, type AnalysisSettings, analyseFacets } from "./analyse.js";
import { insightsFiles, writeJsonl } from "./artifacts.js";
import { runFacetsStage } from "./facets-stage.js";

/**
 * Evaluation: a synthetic corpus on known topics and languages (offline generator, seeded) goes
 * through the same facets and analysis stages in `<run>/eval/`, and the base clusters are scored
 * against the planted topics (accuracy after Hungarian matching, ARI, NMI, purity). k is chosen
 * from the data as in the run (silhouette), never the run's `--k`, so the figure measures the
 * pipeline as it would run on data of that size.
 */
export interface EvalStageOptions {
  run: Run;
  count: number;
  seed: number;
  salt: string | Uint8Array;
  client?: ModelClient;
  settings: AnalysisSettings;
  deps: Omit<AnalysisDeps, "conversationSample">;
  warn: (warning: { stage: string; item?: string; code: string; message: string }) => Promise<void>;
}

export interface EvalStageResult {
  accuracy: number;
  ari: number;
  nmi: number;
  purity: number;
  clusters: number;
  topics: number;
}

export async function runEvalStage(options: EvalStageOptions): Promise<EvalStageResult> {
  const dir = join(options.run.dir, insightsFiles.evalDir);
  const corpus = await generateSyntheticCorpus({ count: options.count, seed: options.seed });
  await writeJsonl(options.run.dir, insightsFiles.evalInput, corpus.conversations);
  await writeJsonl(options.run.dir, insightsFiles.evalTruth, corpus.truth);
  const facetsResult = await runFacetsStage({
    run: options.run,
    stageName: "eval-facets",
    outDir: dir,
    conversations: corpus.conversations,
    salt: options.salt,
    ...(options.client ? { client: options.client } : {}),
    concurrency: options.settings.concurrency,
    chunkSize: Number.POSITIVE_INFINITY,
    strict: false,
    storeConversations: false,
    sampleSize: options.settings.auditSampleSize,
    seed: options.seed,
    warn: options.warn,
  });
  const { k: _ignored, ...settings } = options.settings;
  const analysis = await analyseFacets(
    dir,
    facetsResult.facets,
    { ...settings, stages: { ...settings.stages, clustering: true } },
    {
      ...options.deps,
      // Phases of the evaluation are reported as eval-<phase>, apart from the run's own.
      phaseStart: (phase) => options.deps.phaseStart?.(`eval-${phase}`),
      phaseDone: (phase, durationMs, counts) =>
        options.deps.phaseDone?.(
          `eval-${phase}`,
          durationMs,
          Object.fromEntries(Object.entries(counts).map(([key, value]) => [`eval_${key}`, value])),
        ),
      progress: (phase, done, total) => options.deps.progress?.(`eval-${phase}`, done, total),
      conversationSample: corpus.conversations
        .slice(0, options.settings.auditSampleSize)
        .map((conversation) => ({
          conversation_id: conversation.conversation_id,
          messages: conversation.messages,
        })),
    },
  );
  const topicOf = new Map(corpus.truth.map((entry) => [entry.conversation_id, entry.topic]));
  const truth = analysis.ids.map((id) => topicOf.get(id) ?? "unknown");
  const predicted = analysis.assignments ? Array.from(analysis.assignments) : truth.map(() => 0);
  const metrics = clusteringMetrics(truth, predicted);
  const perTopic = perTopicMetrics(truth, predicted);
  await writeEvalReport(options.run.dir, {
    metrics,
    perTopic,
    config: {
      count: options.count,
      seed: options.seed,
      generator: corpus.generator,
      conversations_with_facets: facetsResult.facets.length,
      k: analysis.k ?? null,
      k_rule: "silhouette",
      embedder: `${options.deps.embedder.provider}:${options.deps.embedder.model}`,
      facets:
        options.client && !options.client.offline
          ? `${options.client.provider}:${options.client.model}`
          : "offline:facets/v1",
    },
  });
  return {
    accuracy: metrics.accuracy,
    ari: metrics.ari,
    nmi: metrics.nmi,
    purity: metrics.purity,
    clusters: metrics.clusters,
    topics: metrics.classes,
  };
}
