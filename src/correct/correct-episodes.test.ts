import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { sha256File } from "../core/hash.js";
import { type Episode, episodeToFile, readEpisodeFile } from "../sources/robot/episode.js";
import { readLooseEpisodes, readStudy } from "../sources/robot/read-study.js";
import { serializeEpisodeFile } from "../sources/robot/write-episode.js";
import { buildCorrectionRequest } from "./build-request.js";
import { correctEpisodes, correctedEpisodePaths } from "./correct-episodes.js";
import { offlineSmoothingAnswer } from "./offline-smoothing.js";
import { sidecarSchema } from "./sidecar.js";

const study = fileURLToPath(new URL("../../examples/robot/study", import.meta.url));
const samples = fileURLToPath(
  new URL("../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), "tracemill-correct-"));
  temporary.push(path);
  return path;
}

async function exampleEpisodes(): Promise<{ root: string; episodes: Episode[] }> {
  const root = await tempDir();
  await cp(study, join(root, "study"), { recursive: true });
  const { episodes } = await readStudy(join(root, "study"));
  return { root, episodes };
}

/** Lines of the serialised record for each step: the unit the written file changes by. */
function recordLines(text: string): string[] {
  return text.split("\n").slice(1, -2);
}

describe("correctEpisodes offline (offline:smoothing/v1)", () => {
  it("changes actions exactly and only inside the segment, and leaves the inputs alone", async () => {
    const { root, episodes } = await exampleEpisodes();
    const before = JSON.stringify(episodes);
    const inputHashes = await Promise.all(episodes.map((episode) => sha256File(episode.path)));
    const correctedDir = join(root, "corrected");
    const summary = await correctEpisodes(episodes, { correctedDir });
    expect(summary).toMatchObject({ processed: 2, skipped: 0, failed: 0, segments: 2 });
    expect(summary.judge).toEqual({ name: "offline:smoothing/v1", offline: true });
    expect(JSON.stringify(episodes)).toBe(before);
    expect(await Promise.all(episodes.map((episode) => sha256File(episode.path)))).toEqual(
      inputHashes,
    );

    const episode = episodes[0] as Episode;
    const { path, sidecarPath } = correctedEpisodePaths(correctedDir, episode);
    const written = await readFile(path, "utf8");
    const original = serializeEpisodeFile(episodeToFile(episode));
    const writtenLines = recordLines(written);
    const originalLines = recordLines(original);
    expect(writtenLines).toHaveLength(24);
    const answer = offlineSmoothingAnswer(
      episode,
      { start: 10, end: 17, contextStart: 0 },
      "correct",
    );
    if (answer.strategy !== "correct") throw new Error("unexpected strategy");
    writtenLines.forEach((line, index) => {
      if (index < 10 || index > 17) expect(line, `step ${index}`).toBe(originalLines[index]);
      else {
        const record = JSON.parse(line.replace(/,$/, "")) as unknown[];
        expect(record[1]).toEqual(answer.value.corrections[index - 10]?.action);
        expect(record[0]).toEqual(episode.steps[index]?.observation);
        expect(record[3]).toBe(episode.steps[index]?.framePath);
      }
    });
    expect(written.slice(written.lastIndexOf("]"))).toBe(original.slice(original.lastIndexOf("]")));

    const sidecar = sidecarSchema.parse(JSON.parse(await readFile(sidecarPath, "utf8")));
    expect(sidecar.judge).toEqual({ name: "offline:smoothing/v1", offline: true });
    expect(sidecar.segments).toMatchObject([
      { start: 10, end: 17, contextStart: 0, status: "corrected", attempts: 1 },
    ]);
    expect(sidecar.changes.every((change) => change.index >= 10 && change.index <= 17)).toBe(true);
    expect(sidecar.changes[0]).toMatchObject({
      field: "action",
      before: episode.steps[sidecar.changes[0]?.index ?? 0]?.action,
      model: "offline:smoothing/v1",
      strategy: "correct",
      requestHash: sidecar.segments[0]?.requestHash,
    });
    expect(sidecar.source.sha256).toBe(inputHashes[0]?.sha256);
  });

  it("skips already corrected episodes, redoes them with forceRecorrect, and writes the same bytes", async () => {
    const { root, episodes } = await exampleEpisodes();
    const correctedDir = join(root, "corrected");
    await correctEpisodes(episodes, { correctedDir });
    const { path, sidecarPath } = correctedEpisodePaths(correctedDir, episodes[0] as Episode);
    const first = [await readFile(path, "utf8"), await readFile(sidecarPath, "utf8")];
    const again = await correctEpisodes(episodes, { correctedDir });
    expect(again).toMatchObject({ processed: 0, skipped: 2, failed: 0 });
    const forced = await correctEpisodes(episodes, {
      correctedDir,
      forceRecorrect: true,
      numWorkers: 1,
    });
    expect(forced).toMatchObject({ processed: 2, skipped: 0 });
    expect([await readFile(path, "utf8"), await readFile(sidecarPath, "utf8")]).toEqual(first);
    expect((await readdir(join(correctedDir, episodes[0]?.session ?? ""))).sort()).toEqual([
      "trajectory_0_0.corrections.json",
      "trajectory_0_0.json",
      "trajectory_0_1.corrections.json",
      "trajectory_0_1.json",
    ]);
  });

  it("dry run returns the requests and writes nothing", async () => {
    const { root, episodes } = await exampleEpisodes();
    const correctedDir = join(root, "corrected");
    const summary = await correctEpisodes(episodes, { correctedDir, dryRun: true });
    expect(
      summary.requests.map((request) => [
        request.episode,
        request.segment.start,
        request.schemaName,
      ]),
    ).toEqual([
      [0, 10, "robot_correct"],
      [1, 14, "robot_correct"],
    ]);
    expect(summary.requests[0]?.imageSteps).toEqual([0, 3, 6, 9, 12, 15]);
    expect(summary.warnings.map((warning) => warning.message)).toEqual([
      "no frame for steps 4, 7, 10, 13, 16, 19 of the window 4–19; the request has no image",
    ]);
    await expect(readdir(correctedDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("weight, filter and reject write the 5th element inside the window only", async () => {
    const { root, episodes } = await exampleEpisodes();
    for (const strategy of ["weight", "filter", "reject"] as const) {
      const correctedDir = join(root, strategy);
      const summary = await correctEpisodes(episodes, { correctedDir, strategy });
      expect(summary.failed).toBe(0);
      const corrected = await readEpisodeFile(
        correctedEpisodePaths(correctedDir, episodes[0] as Episode).path,
        {
          session: "x",
          episode: 0,
        },
      );
      corrected.steps.forEach((step, index) => {
        expect(step.action).toEqual(episodes[0]?.steps[index]?.action);
        if (index < 10 || index > 17)
          expect(step.weightOrInclude, `${strategy} ${index}`).toBeUndefined();
      });
      const inside = corrected.steps.slice(10, 18).map((step) => step.weightOrInclude);
      if (strategy === "weight") {
        expect(
          inside.every((weight) => typeof weight === "number" && weight >= -1 && weight <= 1),
        ).toBe(true);
        expect(inside[0]).toBeLessThan(inside[4] as number);
      }
      if (strategy === "filter")
        expect(inside.every((flag) => typeof flag === "boolean")).toBe(true);
      if (strategy === "reject")
        expect(inside.filter((weight) => weight === -1).length).toBeGreaterThan(0);
    }
  });

  it("corrects the real sample's takeover 51–73 within bounds and leaves the rest of the file unchanged", async () => {
    const root = await tempDir();
    const { episodes } = await readLooseEpisodes(
      [
        join(samples, "trajectory_ckpt_53_episode_0.json"),
        join(samples, "trajectory_ckpt_0_episode_4.json"),
      ],
      {
        includeFailed: true,
      },
    );
    const summary = await correctEpisodes(episodes, {
      correctedDir: join(root, "out"),
      noImages: true,
    });
    expect(summary).toMatchObject({ processed: 2, segments: 1, failed: 0 });
    const episode = episodes[0] as Episode;
    const written = recordLines(
      await readFile(correctedEpisodePaths(join(root, "out"), episode).path, "utf8"),
    );
    const original = recordLines(serializeEpisodeFile(episodeToFile(episode)));
    let changed = 0;
    written.forEach((line, index) => {
      if (line !== original[index]) {
        changed += 1;
        expect(index).toBeGreaterThanOrEqual(51);
        expect(index).toBeLessThanOrEqual(73);
        const action = (JSON.parse(line.replace(/,$/, "")) as [number[], number[]])[1];
        expect(action.every((value) => value >= -1 && value <= 1)).toBe(true);
      }
    });
    expect(changed).toBeGreaterThan(10);
    expect(summary.corrected_steps).toBe(changed);
    const untouched = recordLines(
      await readFile(correctedEpisodePaths(join(root, "out"), episodes[1] as Episode).path, "utf8"),
    );
    expect(untouched).toEqual(
      recordLines(serializeEpisodeFile(episodeToFile(episodes[1] as Episode))),
    );
  });
});

describe("buildCorrectionRequest", () => {
  it("lists the window's steps, the overlapping transcript and one labelled image grid", async () => {
    const { episodes } = await exampleEpisodes();
    const episode = episodes[0] as Episode;
    const segment = { start: 10, end: 17, contextStart: 5 };
    const { request, warnings } = await buildCorrectionRequest(episode, segment, {
      strategy: "weight",
    });
    expect(warnings).toEqual([]);
    expect(request.schemaName).toBe("robot_weight");
    const parts = request.messages[1]?.content;
    if (!Array.isArray(parts)) throw new Error("expected content parts");
    const text = parts[0]?.type === "text" ? parts[0].text : "";
    expect(text).toContain("5 | policy | [");
    expect(text).toContain("10 | human | [-0.1, 0.5]");
    expect(text).not.toContain("\n4 | ");
    expect(text).not.toContain("\n18 | ");
    // Window 0.5 s–1.8 s: both cues overlap it.
    expect(text).toContain("[0.9–1.4] it's drifting towards the right edge");
    expect(text).toContain("[1.5–2.2] taking over, steering left");
    expect(parts.filter((part) => part.type === "image")).toHaveLength(1);
    expect(request.imageSteps).toEqual([5, 8, 11, 14, 17]);

    const bare = await buildCorrectionRequest(episode, segment, {
      strategy: "weight",
      noImages: true,
      noTranscript: true,
    });
    const bareParts = bare.request.messages[1]?.content;
    expect(Array.isArray(bareParts) && bareParts.some((part) => part.type === "image")).toBe(false);
    expect(JSON.stringify(bare.request.messages)).not.toContain("Transcript");
    expect(bare.request.requestHash).not.toBe(request.requestHash);
    const late = await buildCorrectionRequest(
      episode,
      { start: 23, end: 23, contextStart: 23 },
      { strategy: "weight", noImages: true },
    );
    expect(JSON.stringify(late.request.messages)).toContain("nothing was said");
    const again = await buildCorrectionRequest(episode, segment, { strategy: "weight" });
    expect(again.request.requestHash).toBe(request.requestHash);
  });
});
