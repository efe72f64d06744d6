import { describe, expect, it } from "vitest";
import { renderEstimate } from "./preflight.js";
import { renderInsightsReport } from "./render-report.js";
import type { InsightsRunReport } from "./run-insights.js";

const preflight = {
  conversations: 150,
  provider: "openai:gpt-4o-mini",
  offline: false,
  calls: { facets: 150, labels: 9, hierarchy: 0, privacy: 0, eval: 0 },
  total_calls: 159,
  input_tokens: 120_000,
  output_tokens: 60_000,
  cost_usd: 0.054,
  estimated_seconds: 80,
  assumptions: [],
};

describe("rendering", () => {
  it("prints the preflight estimate with calls per stage, tokens, cost and time", () => {
    const text = renderEstimate(preflight);
    expect(text).toContain("150 conversations, provider openai:gpt-4o-mini");
    expect(text).toContain("model calls: 159 (facets 150, labels 9)");
    expect(text).toContain("cost ~$0.0540");
    expect(renderEstimate({ ...preflight, offline: true, provider: "offline" })).toContain(
      "offline algorithms, no language model",
    );
  });

  it("summarises a run: counts, clusters, privacy, eval, phase times and where to look", () => {
    const report: InsightsRunReport = {
      runId: "insights-1",
      dir: "/runs/insights-1",
      status: "completed",
      stages: {
        facets: true,
        clustering: true,
        labeling: true,
        hierarchy: true,
        privacy: true,
        eval: true,
      },
      preflight,
      conversations: 150,
      facets: 149,
      facetsResumed: 40,
      facetsFailed: 1,
      clusters: 9,
      clustersKept: 10,
      clustersHidden: 7,
      hierarchyLevels: [9, 5, 3],
      eval: { accuracy: 0.79, ari: 0.65, nmi: 0.77, purity: 0.79, clusters: 8, topics: 8 },
      warnings: 1,
      tokens: { input: 10, output: 5 },
      costUsd: 0.001,
      durationsMs: { facets: 1500, embedding: 4000 },
    };
    const text = renderInsightsReport(report);
    expect(text).toContain("facets 149 (40 from an earlier attempt), 1 failed");
    expect(text).toContain("hierarchy levels 9 → 5 → 3");
    expect(text).toContain("privacy: 10 clusters shown, 7 hidden");
    expect(text).toContain("eval: accuracy 0.790, ARI 0.650");
    expect(text).toContain("time: facets 1.5s, embedding 4.0s");
    expect(text).toContain("→ /runs/insights-1");
  });
});
