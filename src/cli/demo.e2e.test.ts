import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyHashChain } from "../core/hash-chain.js";
import { traceSchema } from "../core/trace.js";
import { allAvailable, requireBwrap, requirePytest } from "../test-support/requirements.js";
import { runCli } from "../test-support/run-cli.js";

// Without a sandbox the demo still runs; it must then say the fixes were not verified.
const sandboxed = allAvailable(await requireBwrap(), await requirePytest());

/**
 * One demo runs every pipeline: 53–59 s on a slow CI machine, several times that on a 2-core machine
 * shared with other work. The kill timer of each CLI run (runCli's default is 60 s) and the test's
 * timeout are therefore generous; a hang still ends the test.
 */
const demoTimeoutMs = 600_000;

describe("tracemill demo", () => {
  it("seals, redacts and embeds the examples offline, and a rerun answers embeddings from the cache", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "tracemill-demo-"));
    const first = await runCli(["--json", "demo"], { cwd, timeoutMs: demoTimeoutMs });
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.embedder).toBe("offline:use-512");
    expect(summary.traces).toHaveLength(3);
    for (const trace of summary.traces) {
      expect(trace.tamperDetectedAt).toBe(trace.steps >> 1);
    }
    expect(summary.redactions).toBeGreaterThanOrEqual(2);

    const sealedFiles = await readdir(join(cwd, "demo-out", "sealed"));
    expect(sealedFiles).toHaveLength(3);
    for (const file of sealedFiles) {
      const trace = traceSchema.parse(
        JSON.parse(await readFile(join(cwd, "demo-out", "sealed", file), "utf8")),
      );
      expect(
        verifyHashChain("tracemill-demo-key", trace.steps, trace.integrity?.links ?? []).ok,
      ).toBe(true);
      expect(JSON.stringify(trace)).not.toMatch(/s3cretpass|dana\.lee@example\.org/);
    }

    const metrics = JSON.parse(await readFile(join(summary.runDir, "metrics.json"), "utf8"));
    expect(metrics.counts).toMatchObject({ traces: 3, embedded: 3 });

    const second = await runCli(["--json", "demo"], { cwd, timeoutMs: demoTimeoutMs });
    const rerun = JSON.parse(second.stdout);
    expect(rerun.neighbours).toEqual(summary.neighbours);
    const rerunMetrics = JSON.parse(await readFile(join(rerun.runDir, "metrics.json"), "utf8"));
    expect(rerunMetrics.counts).toMatchObject({ embeddingsFromCache: 3 });
    expect(rerunMetrics.counts.embedded ?? 0).toBe(0);

    expect(summary.screen.failures).toEqual([]);
    // The example sessions type passwords into secure fields: no demo output holds them in clear.
    const demoFiles = (
      await readdir(join(cwd, "demo-out"), { withFileTypes: true, recursive: true })
    )
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    for (const file of demoFiles) {
      const text = await readFile(file);
      expect(text.includes("correct horse"), file).toBe(false);
      expect(text.includes("tr0ub4dor"), file).toBe(false);
    }
    // Issue 17: the demo's datasets hold no email address (the example types one and names it in
    // its quest; the screen path redacts both before anything is written).
    const exportFiles = demoFiles.filter((file) => /[\\/]exports[^\\/]*[\\/]/.test(file));
    expect(exportFiles.length).toBeGreaterThan(5);
    for (const file of exportFiles) {
      const text = await readFile(file, "utf8");
      expect(text, file).not.toMatch(
        /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/,
      );
    }
    expect(summary.screen.sessions.map((session: { format: string }) => session.format)).toEqual([
      "desktop",
      "web",
    ]);
    for (const session of summary.screen.sessions) {
      expect(session.frames).toBeGreaterThan(0);
      expect(session.judge).toMatch(/^offline:/);
      await readFile(join(summary.screen.outDir, session.sessionId, "scores.json"), "utf8");
    }

    const sftExport = summary.export.exporters.find(
      (exporter: { exporter: string }) => exporter.exporter === "sft",
    );
    expect(sftExport.counts).toMatchObject({ in: 2, out: 2 });
    await readFile(join(summary.export.out, "sft", "receipt.json"), "utf8");
    const pairs = summary.seedExport.find(
      (exporter: { exporter: string }) => exporter.exporter === "preference",
    );
    expect(pairs.counts.out).toBe(3);

    // Developer traces: verified in the sandbox (pass, pass, fail, pass) and judged offline.
    const verdicts = Object.fromEntries(
      summary.devtrace.map((scenario: { name: string; testsPassed: boolean }) => [
        scenario.name,
        scenario.testsPassed,
      ]),
    );
    const devtraceSft = summary.devtraceExport.find(
      (exporter: { exporter: string }) => exporter.exporter === "sft",
    );
    if (sandboxed) {
      expect(verdicts).toEqual({
        "failed-attempt": false,
        "multi-file-fix": true,
        "one-line-fix": true,
        "sample-calculator": true,
      });
      // The three verified fixes become SFT rows; the failed attempt is held back for review.
      expect(devtraceSft.counts).toMatchObject({ in: 4, out: 3 });
    } else {
      expect(Object.values(verdicts)).toEqual([null, null, null, null]);
    }
    for (const scenario of summary.devtrace) {
      expect(scenario.status).toBe("validated");
      expect(scenario.judge).toBe("offline:devtrace-signals/v1");
    }

    // Conversations: every stage offline; clusters recover the synthetic evaluation topics.
    expect(summary.insights.status).toBe("completed");
    expect(summary.insights.conversations).toBe(60);
    expect(summary.insights.clusters).toBeGreaterThan(1);
    // The evaluation set (8 topics in 4 languages). k from k-means silhouette alone over-split it
    // (20 clusters: pure, purity 0.88, but topics split, accuracy 0.5, ARI 0.45). The k search now
    // takes the smallest k within tolerance of the best score and no longer over-splits: 10
    // clusters, accuracy 0.72, ARI 0.66, purity 0.78 (purity at the true k = 8 is 0.84: the
    // English embedder hardly separates these topics across languages, so purity > 0.85 was only
    // reachable by over-splitting; docs/benchmarks.md, issue 16).
    expect(summary.insights.eval.clusters).toBeLessThanOrEqual(2 * summary.insights.eval.topics);
    expect(summary.insights.eval.accuracy).toBeGreaterThan(0.65);
    expect(summary.insights.eval.ari).toBeGreaterThan(0.6);
    expect(summary.insights.eval.purity).toBeGreaterThan(0.75);
    for (const file of ["hierarchy.json", "privacy_audit.json", "conversation.updated.jsonl"]) {
      await readFile(join(summary.insights.dir, file), "utf8");
    }

    // Robot: offline corrections then a policy whose training loss went down.
    expect(summary.robot.corrected.processed).toBeGreaterThan(0);
    expect(summary.robot.lastTrainLoss.total).toBeLessThan(summary.robot.firstTrainLoss.total);
    await readFile(join(summary.robot.checkpoint, "checkpoint.json"), "utf8");

    const runs = await runCli(["--json", "runs", "list"], { cwd });
    const commands = JSON.parse(runs.stdout).runs.map((run: { command: string }) => run.command);
    expect(commands.filter((command: string) => command === "demo")).toHaveLength(2);
    expect(commands.filter((command: string) => command === "process")).toHaveLength(4);
    expect(commands.filter((command: string) => command === "correct-and-train")).toHaveLength(2);
    expect(commands.filter((command: string) => command.startsWith("insights"))).toHaveLength(2);
  }, 1_300_000); // two demos of up to demoTimeoutMs each
});
