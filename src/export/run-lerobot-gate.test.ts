import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { sha256File } from "../core/hash.js";
import { judgeRobotEpisodeOffline } from "../grade/robot-offline-judge.js";
import { type Episode, readEpisodeFile } from "../sources/robot/episode.js";
import { episodeToTrace } from "../sources/robot/episode-to-trace.js";
import type { ExportReceipt } from "./receipt.js";
import { runLeRobotExport } from "./run-lerobot-export.js";
import { defaultExportOptions, type QuarantineRecord } from "./types.js";

/** The grade gate of `runLeRobotExport`: every episode is graded and categorized before it is written. */
let workspace: string;
let from: string;
let episodes: Episode[];

function trajectory(options: { jerky: boolean; intervened: (index: number) => boolean }) {
  return Array.from({ length: 30 }, (_, index) => [
    [index / 30, 0.2, -0.1],
    options.jerky ? [index % 2 === 0 ? 1 : -1, 0.4] : [Math.sin(index / 8) * 0.3, 0.4],
    options.intervened(index),
  ]);
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-lerobot-gate-"));
  from = join(workspace, "study");
  await mkdir(from, { recursive: true });
  const files = {
    // Clean and successful: accepted.
    "good.json": {
      trajectory: trajectory({ jerky: false, intervened: () => false }),
      metrics: { success_rate: 1 },
    },
    // Failed, jerky and mostly driven by a human: rejected.
    "bad.json": {
      trajectory: trajectory({ jerky: true, intervened: (index) => index % 4 !== 0 }),
      metrics: { success_rate: 0 },
    },
    // Smooth and autonomous but failed: partially accepted.
    "partial.json": {
      trajectory: trajectory({ jerky: false, intervened: () => false }),
      metrics: { success_rate: 0 },
    },
  };
  episodes = [];
  for (const [index, [name, content]] of Object.entries(files).entries()) {
    await writeFile(join(from, name), JSON.stringify(content));
    episodes.push(await readEpisodeFile(join(from, name), { session: "gate", episode: index }));
  }
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function jsonLines<T>(path: string): Promise<T[]> {
  const text = (await readFile(path, "utf8")).trim();
  return text === "" ? [] : text.split("\n").map((line) => JSON.parse(line) as T);
}

describe("runLeRobotExport grade gate", () => {
  it("keeps the good episode and quarantines the bad and the partial ones with reason, category and grade", async () => {
    const out = join(workspace, "default");
    const summary = await runLeRobotExport({ episodes, from, out, toolVersion: "test" });
    expect(summary.counts).toMatchObject({
      in: 3,
      written: 1,
      quarantined: 2,
      skipped: 0,
      byReason: { category_disallowed: 2 },
    });
    // The export's traces name their files by hash, as the grades' trace ids do.
    const grades = await Promise.all(
      episodes.map(async (episode) => {
        const path = basename(episode.path);
        const files = [{ path, ...(await sha256File(join(from, path))) }];
        return judgeRobotEpisodeOffline(episodeToTrace(episode, { files }));
      }),
    );
    const [good, bad, partial] = grades;
    expect(good?.score).toBeGreaterThanOrEqual(defaultExportOptions.thresholds.acceptScore);
    expect(bad?.score).toBeLessThan(defaultExportOptions.thresholds.partialScore);

    const quarantine = await jsonLines<QuarantineRecord>(join(out, "quarantine/lerobot.jsonl"));
    expect(
      quarantine.map((record) => [record.origin.file, record.reasons, record.category]),
    ).toEqual([
      ["bad.json", ["category_disallowed"], "rejected"],
      ["partial.json", ["category_disallowed"], "partially_accepted"],
    ]);
    expect(quarantine[0]?.grade).toEqual({ id: bad?.id, score: bad?.score });
    expect(quarantine[1]?.grade).toEqual({ id: partial?.id, score: partial?.score });
    expect(quarantine[1]?.errors).toEqual(["partially_accepted needs --include-partial"]);

    const provenance = await jsonLines<{ provenance: { gradeId: string } }>(
      join(out, "lerobot/meta/provenance.jsonl"),
    );
    expect(provenance.map((row) => row.provenance.gradeId)).toEqual([good?.id]);
    const receipt = JSON.parse(
      await readFile(join(out, "lerobot/receipt.json"), "utf8"),
    ) as ExportReceipt;
    expect(receipt.counts).toEqual(summary.counts);
    expect(receipt.validation.passed).toBe(true);
  });

  it("admits the partially accepted episode with includePartial, never the rejected one", async () => {
    const out = join(workspace, "partial");
    const summary = await runLeRobotExport({
      episodes,
      from,
      out,
      toolVersion: "test",
      options: { ...defaultExportOptions, includePartial: true },
    });
    expect(summary.counts).toMatchObject({ in: 3, written: 2, quarantined: 1 });
    const quarantine = await jsonLines<QuarantineRecord>(join(out, "quarantine/lerobot.jsonl"));
    expect(quarantine.map((record) => record.origin.file)).toEqual(["bad.json"]);
  });

  it("uses the judge it is given, and a grade in doubt never reaches the dataset", async () => {
    const out = join(workspace, "doubt");
    const summary = await runLeRobotExport({
      episodes: episodes.slice(0, 1),
      from,
      out,
      toolVersion: "test",
      options: { ...defaultExportOptions, includePartial: true, includeReview: true },
      judge: (trace) => ({ ...judgeRobotEpisodeOffline(trace), confidence: 0.05 }),
    });
    expect(summary.counts).toMatchObject({ in: 1, written: 0, quarantined: 1 });
    const [record] = await jsonLines<QuarantineRecord>(join(out, "quarantine/lerobot.jsonl"));
    expect(record).toMatchObject({
      category: "needs_human_review",
      reasons: ["category_disallowed"],
    });
  });
  it("quarantines an episode whose judge answer was unusable, with the reason; other judge failures stop the export", async () => {
    const out = join(workspace, "unusable");
    const summary = await runLeRobotExport({
      episodes,
      from,
      out,
      toolVersion: "test",
      judge: (trace) => {
        if (trace.steps.some((step) => step.signal?.value === 0))
          throw new TracemillError(
            "model_output_invalid",
            "robot_episode_judge: scores.autonomy too big",
          );
        return judgeRobotEpisodeOffline(trace);
      },
    });
    expect(summary.counts).toMatchObject({ in: 3, written: 1, quarantined: 2 });
    const quarantine = await jsonLines<QuarantineRecord>(join(out, "quarantine/lerobot.jsonl"));
    expect(quarantine.map((record) => [record.origin.file, record.reasons])).toEqual([
      ["bad.json", ["category_disallowed"]],
      ["partial.json", ["category_disallowed"]],
    ]);
    expect(quarantine[0]?.grade).toBeUndefined();
    expect(quarantine[0]?.errors).toEqual([
      "no grade: the judge's answer was unusable: robot_episode_judge: scores.autonomy too big",
    ]);
    await expect(
      runLeRobotExport({
        episodes,
        from,
        out: join(workspace, "no-key"),
        toolVersion: "test",
        judge: () => {
          throw new TracemillError("unauthorized", "the API key was refused");
        },
      }),
    ).rejects.toMatchObject({ code: "unauthorized" });
  });
});
