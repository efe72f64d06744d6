import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clusteringMetrics, perTopicMetrics } from "./metrics.js";
import { writeEvalReport } from "./report.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe("writeEvalReport", () => {
  it("writes eval/phase6_metrics.json and eval/report.md into the run folder", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracemill-eval-report-"));
    const truth = ["cooking", "cooking", "tax", "tax", "tax"];
    const predicted = [0, 0, 1, 1, 0];
    const files = await writeEvalReport(dir, {
      metrics: clusteringMetrics(truth, predicted),
      perTopic: perTopicMetrics(truth, predicted),
      config: { count: 5, seed: 1, generator: "offline:synthetic/v1" },
    });
    expect(files.metricsPath).toBe(join(dir, "eval", "phase6_metrics.json"));
    const json = JSON.parse(await readFile(files.metricsPath, "utf8"));
    expect(json.schema).toBe("tracemill.insights.eval_metrics/v1");
    expect(json.metrics.accuracy).toBe(0.8);
    expect(json.per_topic).toHaveLength(2);
    const markdown = await readFile(files.reportPath, "utf8");
    expect(markdown).toContain("| accuracy | 0.800 |");
    expect(markdown).toContain("| tax | 3 | 1 | 0.667 | 1.000 | 1 (0.667) |");
    expect(markdown).toContain('- generator: "offline:synthetic/v1"');
  });
});
