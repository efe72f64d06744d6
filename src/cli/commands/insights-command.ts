import type { Command } from "commander";
import type { InsightsRunFlags } from "./insights.js";

export interface InsightsDoctorFlags {
  input?: string;
  provider?: string;
  embedder?: string;
  baseUrl?: string;
  timeout: string;
}

export interface InsightsGradeFlags {
  input: string;
  out: string;
  provider?: string;
  baseUrl?: string;
  apiKey?: string;
  limit?: string;
  cache?: boolean;
  concurrency: string;
  resume?: string;
}

export function registerInsightsCommand(program: Command): void {
  const insights = program
    .command("insights")
    .description("Clio-style, privacy-preserving analysis of conversations (JSONL)");

  insights
    .command("validate-input")
    .description("check a conversations JSONL file against the input contract (streamed)")
    .requiredOption("--input <file>", "conversations JSONL")
    .option("--report-json <file>", "also write the report as JSON here")
    .option("--max-errors <n>", "errors listed in the report", "100")
    .action(
      async (
        flags: { input: string; reportJson?: string; maxErrors: string },
        command: Command,
      ) => {
        const { insightsValidateAction } = await import("./insights.js");
        await insightsValidateAction(flags, command);
      },
    );

  insights
    .command("run")
    .description(
      "facets → embeddings and clusters → labels → hierarchy → privacy gates → evaluation, in a run folder",
    )
    .requiredOption("--input <file>", "conversations JSONL")
    .option("--with-facets", "per-conversation summary, task, language, concerning score")
    .option("--with-clustering", "embed summaries, k-means base clusters, 2-D map (implies facets)")
    .option("--with-labeling", "name each cluster (implies clustering)")
    .option("--with-hierarchy", "group clusters into --levels levels (implies labeling)")
    .option("--with-privacy", "gate clusters on size, users and an audit (implies labeling)")
    .option("--with-eval", "score the pipeline on a synthetic corpus with known topics")
    .option("--all", "every stage")
    .option("--k <n>", "base clusters (default: chosen by silhouette over --k-range)")
    .option("--k-range <a..b>", "range searched for k (default 2..min(200, n/5))")
    .option("--no-language-centering", "do not subtract per-language mean embeddings")
    .option("--keep-raw", "keep a verbatim copy of the input in the run (default: redacted copy)")
    .option("--levels <n>", "hierarchy levels including the base", "3")
    .option("--min-conversations <n>", "privacy gate: conversations per shown cluster", "10")
    .option("--min-users <n>", "privacy gate: distinct users per shown cluster", "5")
    .option("--eval-count <n>", "synthetic conversations for --with-eval", "120")
    .option("--seed <n>", "seed for k-means, UMAP, samples and the synthetic corpus", "42")
    .option(
      "--resume [runId]",
      "continue a run (default: the latest insights run); refused if input or options changed",
    )
    .option("--run-id <id>", "name the run folder")
    .option("--streaming", "read and process the input in chunks instead of all at once")
    .option("--stream-chunk-size <n>", "conversations per chunk with --streaming", "1000")
    .option("--limit <n>", "only the first n valid conversations")
    .option("--fail-on-warning", "exit non-zero when the run recorded any warning")
    .option("--strict", "any per-item failure fails the run")
    .option(
      "--provider <provider:model>",
      "language model for facets, labels, hierarchy and audits (default offline)",
    )
    .option("--embedder <provider:model>", "embedding model (default offline:use-512)")
    .option("--base-url <url>", "OpenAI-compatible endpoint for the model and the embedder")
    .option("--api-key <key>", "API key (default OPENAI_API_KEY)")
    .option("--concurrency <n>", "model requests in flight", "4")
    .option(
      "--embed-workers <n>",
      "offline embedder threads, each with its own model copy (default: min(2, cores))",
    )
    .option(
      "--max-cost <usd>",
      "refuse to start when the estimate is above this; stop spending past it",
    )
    .option("--yes", "do not ask to confirm a paid run")
    .option("--skip-validation", "do not validate the input first")
    .option("--allow-invalid", "run even when most input lines are invalid (else exit 65)")
    .option("--mini-batch", "mini-batch k-means even below 20,000 conversations")
    .option("--no-cache", "always ask the model, never answer from the cache")
    .option("--salt-file <file>", "secret for salted user keys (default <cacheDir>/insights.salt)")
    .action(async (flags: InsightsRunFlags, command: Command) => {
      const { insightsRunAction } = await import("./insights.js");
      await insightsRunAction(flags, command);
    });

  insights
    .command("grade")
    .description(
      "grade each conversation (offline heuristics, or --provider) into <out>/<conversation>/trace.json + grade.json for `tracemill export`",
    )
    .requiredOption("--input <file>", "conversations JSONL")
    .requiredOption("--out <dir>", "folder for one folder per graded conversation")
    .option("--provider <provider:model>", "judge model (default: the configured one, offline)")
    .option("--base-url <url>", "OpenAI-compatible endpoint for the judge")
    .option("--api-key <key>", "API key (default OPENAI_API_KEY)")
    .option("--limit <n>", "only the first n valid conversations")
    .option("--no-cache", "always ask the model, never answer from the cache")
    .option("--concurrency <n>", "conversations graded at once (1: in line order)", "4")
    .option(
      "--resume <runId|latest>",
      "continue a stopped grade run: graded conversations are kept, not asked again; refused if input or options changed",
    )
    .action(async (flags: InsightsGradeFlags, command: Command) => {
      const { insightsGradeAction } = await import("./insights-grade.js");
      await insightsGradeAction(flags, command);
    });

  insights
    .command("doctor")
    .description("check the embedder, the model endpoint, disk space and (with --input) the input")
    .option("--input <file>", "conversations JSONL to check")
    .option("--provider <provider:model>", "language model to check")
    .option("--embedder <provider:model>", "embedding model to check")
    .option("--base-url <url>", "OpenAI-compatible endpoint")
    .option("--timeout <ms>", "how long to wait for an endpoint", "5000")
    .action(async (flags: InsightsDoctorFlags, command: Command) => {
      const { insightsDoctorAction } = await import("./insights.js");
      await insightsDoctorAction(flags, command);
    });

  insights.addHelpText(
    "after",
    "\nExamples:\n  tracemill insights validate-input --input conversations.jsonl\n  tracemill insights run --input conversations.jsonl --all\n  tracemill insights run --input conversations.jsonl --all --provider openai:gpt-4o-mini --max-cost 5\n  tracemill insights run --input conversations.jsonl --all --resume\n  tracemill insights grade --input conversations.jsonl --out graded && tracemill export all --from graded",
  );
}
