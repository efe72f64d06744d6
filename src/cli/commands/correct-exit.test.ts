import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { captureOutputInEachTest } from "../../test-support/capture-output.js";
import { main } from "../main.js";
import { type CorrectResult, renderCorrectResult, runCorrect } from "./correct.js";

/** Issue 13: mostly invalid input is not a success, and the summary adds up. */
const study = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));

const output = captureOutputInEachTest();
const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), "tracemill-correct-exit-"));
  temporary.push(path);
  return path;
}

async function metricsOf(runsDir: string, runId: string | undefined) {
  return JSON.parse(await readFile(join(runsDir, runId ?? "", "metrics.json"), "utf8")) as {
    counts: Record<string, number>;
  };
}

describe("tracemill correct on input it cannot use", () => {
  it("exits 65 when no episode could be read, naming how many were left out", async () => {
    const root = await tempDir();
    const broken = join(root, "trajectory_0_0.json");
    await writeFile(broken, "{ not json");
    const code = await main([
      "node",
      "tracemill",
      "--runs-dir",
      join(root, "runs"),
      "correct",
      "--episodes",
      broken,
      "--corrected-dir",
      join(root, "out"),
    ]);
    expect(code).toBe(65);
    expect(output.stderr()).toContain("no episode could be read (1 left out");
    expect(output.stdout()).toContain(
      "episodes:        1 in = 0 written + 0 quarantined + 1 skipped (left_out 1)",
    );
  });

  it("exits 1 when every segment's answer is refused, and counts the re-asks as new requests", async () => {
    const root = await tempDir();
    const script = join(root, "answers.json");
    // Schema-valid but outside every segment: validateAnswer refuses it, so each segment is re-asked.
    await writeFile(
      script,
      JSON.stringify({
        answers: [{ value: { weights: [{ index: 99999, weight: 0.5 }] }, times: 100 }],
      }),
    );
    await writeFile(
      join(root, "tracemill.config.json"),
      JSON.stringify({ cacheDir: join(root, "cache"), model: { scriptPath: script } }),
    );
    const code = await main([
      "node",
      "tracemill",
      "--json",
      "--runs-dir",
      join(root, "runs"),
      "--config",
      join(root, "tracemill.config.json"),
      "correct",
      "--base-dir",
      study,
      "--strategy",
      "weight",
      "--provider",
      "scripted:weights",
      "--max-retries",
      "2",
      "--corrected-dir",
      join(root, "out"),
    ]);
    expect(code).toBe(1);
    const result = JSON.parse(output.stdout()) as {
      runId: string;
      summary: { segments: number; uncorrected_segments: number };
    };
    expect(result.summary.segments).toBe(2);
    expect(result.summary.uncorrected_segments).toBe(2);
    const sidecar = JSON.parse(
      await readFile(join(root, "out", "010120260930", "trajectory_0_0.corrections.json"), "utf8"),
    ) as { segments: { attempts: number; status: string }[] };
    expect(sidecar.segments[0]).toMatchObject({ attempts: 3, status: "uncorrected" });
    expect(renderCorrectResult(result as unknown as CorrectResult, false)).toContain(
      "model requests:  6 needed, 6 sent (0 retries, 4 re-asks), 0 cached, 0 failed",
    );
    const metrics = await metricsOf(join(root, "runs"), result.runId);
    // Three asks per segment, each a request that reached the model; none answered from the cache.
    expect(metrics.counts).toMatchObject({
      requests_needed: 6,
      requests_sent: 6,
      requests_reasked: 4,
      requests_cached: 0,
    });
  });

  it("exits 0 and adds up when episodes were corrected; --no-cache is accepted", async () => {
    const root = await tempDir();
    const code = await main([
      "node",
      "tracemill",
      "--runs-dir",
      join(root, "runs"),
      "correct",
      "--base-dir",
      study,
      "--no-cache",
      "--corrected-dir",
      join(root, "out"),
    ]);
    expect(code).toBe(0);
    expect(output.stdout()).toContain(
      "episodes:        7 in = 2 written + 0 quarantined + 5 skipped (left_out 5)",
    );
  });

  it("records in = written + quarantined + skipped in metrics.json, also on a rerun that skips", async () => {
    const root = await tempDir();
    const config = { ...defaultConfig(), runsDir: join(root, "runs") };
    const flags = { baseDir: study, correctedDir: join(root, "out") };
    await runCorrect(flags, { config });
    const again = await runCorrect(flags, { config });
    const counts = (await metricsOf(config.runsDir, again.runId)).counts;
    expect(counts).toMatchObject({
      in: 7,
      written: 0,
      quarantined: 0,
      skipped: 7,
      "skipped.left_out": 5,
      "skipped.already_corrected": 2,
    });
  });
});
