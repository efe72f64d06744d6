import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../core/config.js";
import { type InsightsRunReport, loadOrCreateSalt } from "../insights/index.js";
import type { Embedder } from "../model/embedders/types.js";
import type { Redactor } from "../model/redact.js";
import { runConversationsPipeline } from "../pipelines/conversations/index.js";

/** The insights part of `tracemill demo`: every stage, offline, on the committed example corpus. */
const input = fileURLToPath(
  new URL("../../examples/insights/conversations.jsonl", import.meta.url),
);

export async function runInsightsDemo(
  config: Config,
  deps: { embedder: Embedder; redactor: Redactor },
): Promise<InsightsRunReport> {
  const salt = await loadOrCreateSalt(resolve(config.cacheDir, "insights.salt"));
  const report = await runConversationsPipeline(
    {
      salt,
      options: {
        input,
        runsDir: resolve(config.runsDir),
        // 60 conversations in four languages: silhouette over so few still picks k = 2 (measured
        // with the k-means + average-linkage search too: its curve peaks at 2, 0.206), which shows
        // neither topics nor the privacy gate hiding small clusters. The demo fixes k = 5 (the
        // former sqrt(n/2) rule); a real run, and the demo's eval stage, choose k from the data.
        k: 5,
        stages: {
          facets: true,
          clustering: true,
          labeling: true,
          hierarchy: true,
          privacy: true,
          eval: true,
        },
      },
    },
    { config, ...deps },
  );
  return report.detail;
}
