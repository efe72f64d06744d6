import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readLooseEpisodes, readStudy } from "../../sources/robot/read-study.js";
import { traceToEpisode } from "../../sources/robot/trace-to-episode.js";
import { readRobotInput } from "./read-robot-input.js";

const study = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));
const samples = fileURLToPath(
  new URL("../../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);

/**
 * The robot pipeline reads through the reader (files → Traces → episodes rebuilt from the steps):
 * what correction gets must be exactly what the episode readers give, so corrections do not change.
 */
describe("readRobotInput", () => {
  it("rebuilds a study's episodes from the reader's Traces, equal to the episodes read directly", async () => {
    for (const includeFailed of [false, true]) {
      const read = await readRobotInput({ study, includeFailed });
      const direct = await readStudy(study, { includeFailed });
      expect(read.episodes).toStrictEqual(direct.episodes);
      expect(read.skipped).toStrictEqual(direct.skipped);
      expect(read.warnings).toStrictEqual(direct.warnings);
      expect(read.traces.map((trace) => trace.kind)).toEqual(direct.episodes.map(() => "robot"));
      // The Traces hold the study-relative paths; the episodes the absolute ones.
      const [first] = read.traces;
      if (first === undefined) throw new Error("no trace read");
      expect(traceToEpisode(first).path).toMatch(/^trajectory_data_/);
    }
  });

  it("rebuilds loose episode files the same way", async () => {
    const files = (await readdir(samples))
      .filter((name) => name.endsWith(".json"))
      .map((name) => join(samples, name));
    const read = await readRobotInput({
      episodes: [...files, "nowhere.json"],
      includeFailed: true,
    });
    const direct = await readLooseEpisodes([...files, "nowhere.json"], { includeFailed: true });
    expect(read.episodes.length).toBeGreaterThan(1);
    expect(read.episodes).toStrictEqual(direct.episodes);
    expect(read.skipped).toStrictEqual(direct.skipped);
    expect(read.skipped.length).toBeGreaterThan(0);
  });
});
