import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import {
  makeWorkspace,
  testSalt,
  writeCorpus,
} from "../../insights/run/__fixtures__/insights-test-support.js";
import type { Embedder } from "../../model/embedders/types.js";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import { runConversationsPipeline } from "./index.js";

/** Facets only: no clustering, so nothing may ask the embedder. */
const unusedEmbedder: Embedder = {
  provider: "test",
  model: "unused",
  dimensions: 3,
  offline: true,
  embed: () => Promise.reject(new Error("the facets stage does not embed")),
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe("runConversationsPipeline (the conversations pipeline, one shape)", () => {
  it("facets every conversation offline and counts conversations in = written", async () => {
    const workspace = await makeWorkspace("conversations-pipeline");
    cleanups.push(workspace.cleanup);
    const { path } = await writeCorpus(workspace.dir, 12, 7);
    const config = { ...defaultConfig(), runsDir: join(workspace.dir, "runs") };
    const phases = new Set<string>();
    const report = await runConversationsPipeline(
      {
        options: { input: path, runsDir: config.runsDir, stages: { facets: true } },
        salt: testSalt,
      },
      {
        config,
        embedder: unusedEmbedder,
        redactor: createRedactor(config.redaction),
        onProgress: (phase) => phases.add(phase),
      },
    );
    expect(report).toMatchObject({
      kind: "conversations",
      status: "completed",
      counts: { in: 12, written: 12, quarantined: 0, skipped: 0 },
      outputs: [report.detail.dir],
    });
    expect(report.runId).toBe(report.detail.runId);
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(phases.has("facets")).toBe(true);
  });

  it("refuses to start without an embedder", async () => {
    const config = defaultConfig();
    await expect(
      runConversationsPipeline(
        { options: { input: "x.jsonl", runsDir: "runs" }, salt: testSalt },
        { config, redactor: createRedactor(config.redaction) },
      ),
    ).rejects.toThrow(/needs an embedder/);
  });
});
