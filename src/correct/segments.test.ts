import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readEpisodeFile } from "../sources/robot/episode.js";
import { findSegments, segmentIndices } from "./segments.js";

const samples = fileURLToPath(
  new URL("../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);

const episodeOf = (flags: boolean[]) => ({
  steps: flags.map((intervention, index) => ({
    index,
    observation: [],
    action: [0, 0],
    intervention,
  })),
});

describe("findSegments", () => {
  it("finds the one takeover 51–73 with context from 41 in the real sample", async () => {
    const episode = await readEpisodeFile(`${samples}/trajectory_ckpt_53_episode_0.json`, {
      session: "loose",
      episode: 0,
    });
    expect(findSegments(episode)).toEqual([{ start: 51, end: 73, contextStart: 41 }]);
  });

  it("finds nothing in the real sample without interventions", async () => {
    const episode = await readEpisodeFile(`${samples}/trajectory_ckpt_0_episode_4.json`, {
      session: "loose",
      episode: 4,
    });
    expect(findSegments(episode)).toEqual([]);
  });

  it("drops runs shorter than minSegment and clamps context at the start", () => {
    const flags = [true, true, true, false, true, true, false, false, true, true, true, true];
    expect(findSegments(episodeOf(flags), { contextSteps: 2 })).toEqual([
      { start: 0, end: 2, contextStart: 0 },
      { start: 8, end: 11, contextStart: 6 },
    ]);
    expect(findSegments(episodeOf(flags), { minSegment: 2, contextSteps: 0 })).toEqual([
      { start: 0, end: 2, contextStart: 0 },
      { start: 4, end: 5, contextStart: 4 },
      { start: 8, end: 11, contextStart: 8 },
    ]);
    expect(segmentIndices({ start: 8, end: 11, contextStart: 6 })).toEqual([8, 9, 10, 11]);
  });
});
