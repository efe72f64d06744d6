import { z } from "zod";

/**
 * Options of `runInsights` (the CLI flags of `tracemill insights run`), validated once. Stages pull
 * in what they need: clustering needs facets, labelling needs clustering, the hierarchy and the
 * privacy gates need labels. Evaluation runs on its own synthetic corpus and needs nothing else.
 */
export const insightsStageNames = [
  "facets",
  "clustering",
  "labeling",
  "hierarchy",
  "privacy",
  "eval",
] as const;
export type InsightsStageName = (typeof insightsStageNames)[number];

const count = z.number().int().positive();

export const insightsRunOptionsSchema = z
  .object({
    input: z.string().min(1),
    runsDir: z.string().min(1).default("runs"),
    stages: z
      .object({
        facets: z.boolean().default(false),
        clustering: z.boolean().default(false),
        labeling: z.boolean().default(false),
        hierarchy: z.boolean().default(false),
        privacy: z.boolean().default(false),
        eval: z.boolean().default(false),
      })
      .prefault({}),
    k: count.max(10_000).optional(),
    /** Range searched for k when `k` is not given (default 2 … min(200, ⌊n / 5⌋)). */
    kRange: z.tuple([count, count]).optional(),
    levels: count.max(6).default(3),
    minConversations: count.default(10),
    minUsers: count.default(5),
    minRating: z.number().int().min(1).max(5).default(3),
    evalCount: count.max(100_000).default(120),
    auditSampleSize: z.number().int().nonnegative().default(50),
    seed: z.number().int().default(42),
    miniBatch: z.boolean().optional(),
    languageCentering: z.boolean().default(true),
    /** Keep the verbatim input copy in the run folder (default: the stored copy is redacted). */
    keepRaw: z.boolean().default(false),
    resume: z.string().min(1).optional(),
    runId: z.string().min(1).optional(),
    streaming: z.boolean().default(false),
    streamChunkSize: count.default(1000),
    limit: count.optional(),
    failOnWarning: z.boolean().default(false),
    strict: z.boolean().default(false),
    concurrency: count.max(256).default(4),
    maxCostUsd: z.number().nonnegative().optional(),
    skipValidation: z.boolean().default(false),
    /** Run even when most input lines are invalid (by default that is an error, exit 65). */
    allowInvalid: z.boolean().default(false),
  })
  .strict();

export type InsightsRunOptions = z.infer<typeof insightsRunOptionsSchema>;
export type InsightsRunOptionsInput = z.input<typeof insightsRunOptionsSchema>;

/** The stages that will run once dependencies are pulled in. */
export function effectiveStages(
  stages: InsightsRunOptions["stages"],
): InsightsRunOptions["stages"] {
  const privacy = stages.privacy;
  const hierarchy = stages.hierarchy;
  const labeling = stages.labeling || hierarchy || privacy;
  const clustering = stages.clustering || labeling;
  const facets = stages.facets || clustering;
  return { facets, clustering, labeling, hierarchy, privacy, eval: stages.eval };
}

/** What the run's fingerprint covers: everything that changes the outputs, nothing that only changes how they are computed. */
export function fingerprintedOptions(
  options: InsightsRunOptions,
  models: { provider: string; embedder: string },
) {
  return {
    stages: effectiveStages(options.stages),
    k: options.k ?? null,
    kRange: options.kRange ?? null,
    levels: options.levels,
    minConversations: options.minConversations,
    minUsers: options.minUsers,
    minRating: options.minRating,
    evalCount: options.evalCount,
    auditSampleSize: options.auditSampleSize,
    seed: options.seed,
    miniBatch: options.miniBatch ?? null,
    languageCentering: options.languageCentering,
    keepRaw: options.keepRaw,
    limit: options.limit ?? null,
    provider: models.provider,
    embedder: models.embedder,
  };
}
