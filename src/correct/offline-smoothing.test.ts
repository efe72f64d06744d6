import { describe, expect, it } from "vitest";
import type { Episode } from "../sources/robot/episode.js";
import { applyAnswer } from "./apply-corrections.js";
import {
  defaultSmoothingOptions,
  offlineSmoothingAnswer,
  smoothActions,
} from "./offline-smoothing.js";

function episodeFrom(actions: number[][], takeoverFrom: number): Episode {
  return {
    session: "s",
    episode: 0,
    path: "memory.json",
    metrics: {},
    extra: {},
    steps: actions.map((action, index) => ({
      index,
      observation: [index],
      action,
      intervention: index >= takeoverFrom,
    })),
  };
}

describe("offline:smoothing/v1", () => {
  it("starts at the policy's last action, limits each change and stays within bounds", () => {
    const raw = [[0.9], [0.95], [1], [1], [1], [1]];
    const smoothed = smoothActions(raw, [0], defaultSmoothingOptions);
    let previous = 0;
    for (const [value = 0] of smoothed) {
      expect(Math.abs(value - previous)).toBeLessThanOrEqual(
        defaultSmoothingOptions.deltaLimit + 1e-9,
      );
      expect(value).toBeLessThanOrEqual(1);
      previous = value;
    }
    expect(smoothed[0]?.[0]).toBeCloseTo(0.25, 6);
    expect(smoothed.at(-1)?.[0]).toBeGreaterThan(0.9);
  });

  it("flattens a one-step over-steer spike", () => {
    const raw = [[0.3], [0.3], [0.3], [1], [0.3], [0.3], [0.3]];
    const smoothed = smoothActions(raw, [0.3], { ...defaultSmoothingOptions, reactionLagSteps: 0 });
    const peak = Math.max(...smoothed.map((row) => row[0] ?? 0));
    expect(peak).toBeLessThan(0.6);
    expect(smoothed[0]?.[0]).toBeGreaterThanOrEqual(0.3);
  });

  it("corrects only the segment and answers every segment index once", () => {
    const actions = [
      [0, 0.5],
      [0, 0.5],
      [0, 0.5],
      [0.8, 0.5],
      [-0.2, 0.5],
      [0.9, 0.2],
      [1, 0],
      [0, 0.5],
    ];
    const episode = episodeFrom(actions, 3);
    const segment = { start: 3, end: 6, contextStart: 0 };
    const answer = offlineSmoothingAnswer(episode, segment, "correct");
    if (answer.strategy !== "correct") throw new Error("unexpected strategy");
    expect(answer.value.corrections.map((item) => item.index)).toEqual([3, 4, 5, 6]);
    const applied = applyAnswer(episode, segment, answer, {
      model: "offline:smoothing/v1",
      requestHash: "h",
    });
    expect(applied.episode.steps[7]).toBe(episode.steps[7]);
    expect(applied.episode.steps[2]).toBe(episode.steps[2]);
    expect(episode.steps[3]?.action).toEqual([0.8, 0.5]);
    expect(applied.changes.map((change) => change.index)).toEqual([3, 4, 5, 6]);
  });

  it("names the over-steer direction for reject, and none for a calm takeover", () => {
    const jerky = episodeFrom(
      [
        [0, 0.5],
        [0, 0.5],
        [0.9, 0.5],
        [0.1, 0.5],
        [1, 0.5],
        [0.2, 0.5],
      ],
      2,
    );
    const segment = { start: 2, end: 5, contextStart: 0 };
    const reject = offlineSmoothingAnswer(jerky, segment, "reject");
    expect(reject).toMatchObject({ strategy: "reject", value: { direction: "left" } });
    if (reject.strategy !== "reject") throw new Error("unexpected strategy");
    const applied = applyAnswer(jerky, segment, reject, { model: "m", requestHash: "h" });
    // The jumps to the left (steps 2 and 4) are pushed away from; the returns are not.
    expect(applied.changes.map((change) => [change.index, change.after])).toEqual([
      [2, -1],
      [4, -1],
    ]);
    const calm = episodeFrom(
      [
        [0, 0.5],
        [0.01, 0.5],
        [0.02, 0.5],
        [0.02, 0.5],
        [0.03, 0.5],
      ],
      1,
    );
    expect(
      offlineSmoothingAnswer(calm, { start: 1, end: 4, contextStart: 0 }, "reject"),
    ).toMatchObject({
      value: { direction: "none" },
    });
  });

  it("down-weights the first reaction steps and jerky steps; filter keeps the rest", () => {
    const episode = episodeFrom(
      [
        [0, 0.5],
        [0.1, 0.5],
        [0.2, 0.5],
        [0.3, 0.5],
        [0.4, 0.5],
        [0.5, 0.5],
        [0.6, 0.5],
      ],
      1,
    );
    const segment = { start: 1, end: 6, contextStart: 0 };
    const weights = offlineSmoothingAnswer(episode, segment, "weight");
    if (weights.strategy !== "weight") throw new Error("unexpected strategy");
    expect(weights.value.weights.map((item) => item.weight)).toEqual([0.213, 0.5, 0.75, 1, 1, 1]);
    const filter = offlineSmoothingAnswer(episode, segment, "filter");
    if (filter.strategy !== "filter") throw new Error("unexpected strategy");
    expect(filter.value.include.map((item) => item.include)).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
