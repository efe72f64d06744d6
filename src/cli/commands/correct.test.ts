import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { captureOutput, testProgram } from "../../test-support/capture-output.js";
import { renderCorrectResult, runCorrect } from "./correct.js";
import { registerCorrectCommand } from "./correct-command.js";

const study = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));
const samples = fileURLToPath(
  new URL("../../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), "tracemill-correct-cli-"));
  temporary.push(path);
  return path;
}

describe("tracemill correct", () => {
  it("corrects the example study offline and reports what was left out", async () => {
    const root = await tempDir();
    const correctedDir = join(root, "corrected");
    const config = { ...defaultConfig(), runsDir: join(root, "runs") };
    const result = await runCorrect(
      { baseDir: study, correctedDir, strategy: "weight" },
      { config },
    );
    expect(result.summary).toMatchObject({ processed: 2, skipped: 0, failed: 0, segments: 2 });
    expect(result.read.skipped).toHaveLength(5);
    const text = renderCorrectResult(result, false);
    expect(text).toContain(
      "judge:           offline:smoothing/v1 (offline baseline, no model ran)",
    );
    expect(text).toContain("left out: 010120260930/2: listed in bad_eps");
    expect((await readdir(join(correctedDir, "010120260930"))).length).toBe(4);
    const events = (await readFile(join(root, "runs", result.runId ?? "", "events.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; item?: string });
    expect(
      events
        .filter((event) => event.type === "item-done")
        .map((event) => event.item)
        .sort(),
    ).toEqual(["010120260930/0", "010120260930/1"]);
    const metrics = JSON.parse(
      await readFile(join(root, "runs", result.runId ?? "", "metrics.json"), "utf8"),
    );
    expect(metrics.counts).toMatchObject({ processed: 2, segments: 2, left_out: 5 });
  });

  it("takes loose files with --include-failed; a dry run prints requests without image data and writes nothing", async () => {
    const root = await tempDir();
    const correctedDir = join(root, "corrected");
    const result = await runCorrect(
      {
        episodes: [
          join(samples, "trajectory_ckpt_53_episode_0.json"),
          join(samples, "trajectory_ckpt_0_episode_4.json"),
        ],
        includeFailed: true,
        correctedDir,
        dryRun: true,
        contextSteps: "5",
      },
      { config: { ...defaultConfig(), runsDir: join(root, "runs") } },
    );
    expect(result.runId).toBeUndefined();
    expect(result.summary.requests.map((request) => request.segment)).toEqual([
      { start: 51, end: 73, contextStart: 46 },
    ]);
    const text = renderCorrectResult(result, true);
    expect(text).toContain("dry run: 1 request(s) would be sent; nothing written");
    expect(text).toContain("loose/0 segment 51–73 (context from 46) robot_correct");
    expect(text).toContain("51 | human | [-0.074, 0.965]");
    await expect(readdir(correctedDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses bad flags with a clear message", async () => {
    const config = defaultConfig();
    await expect(runCorrect({ correctedDir: "x" }, { config })).rejects.toThrow(
      /either --base-dir/,
    );
    await expect(
      runCorrect({ baseDir: study, episodes: ["a.json"], correctedDir: "x" }, { config }),
    ).rejects.toThrow(/either --base-dir/);
    await expect(
      runCorrect({ baseDir: study, correctedDir: "x", strategy: "fix" }, { config }),
    ).rejects.toThrow(/--strategy must be correct, weight, filter or reject/);
    await expect(
      runCorrect({ baseDir: study, correctedDir: "x", minSegment: "0" }, { config }),
    ).rejects.toThrow(/--min-segment must be an integer ≥ 1/);
  });

  it("parses its flags through commander (--no-images, --json output)", async () => {
    const root = await tempDir();
    await cp(study, join(root, "study"), { recursive: true });
    const output = captureOutput();
    try {
      await testProgram(registerCorrectCommand).parseAsync(
        [
          "--json",
          "correct",
          "--base-dir",
          join(root, "study"),
          "--corrected-dir",
          join(root, "out"),
          "--no-images",
          "--dry-run",
        ],
        { from: "user" },
      );
    } finally {
      output.restore();
    }
    const result = JSON.parse(output.stdout()) as {
      summary: { requests: { imageSteps: number[] }[] };
    };
    expect(result.summary.requests).toHaveLength(2);
    expect(result.summary.requests.every((request) => request.imageSteps.length === 0)).toBe(true);
  });
});
