import { describe, expect, it } from "vitest";
import type { Episode, EpisodeStep } from "../sources/robot/episode.js";
import { createBatchSampler, flattenSequences } from "./batches.js";
import { buildDataset } from "./dataset.js";

function episode(
  session: string,
  number: number,
  length: number,
  mark?: (index: number) => EpisodeStep["weightOrInclude"],
): Episode {
  return {
    session,
    episode: number,
    path: `${session}/trajectory_0_${number}.json`,
    metrics: {},
    extra: {},
    steps: Array.from({ length }, (_, index) => {
      const step: EpisodeStep = {
        index,
        observation: [number + index, 5],
        action: [index / length, 0],
        intervention: false,
      };
      const value = mark?.(index);
      if (value !== undefined) step.weightOrInclude = value;
      return step;
    }),
  };
}
const options = { seed: 42, validationFraction: 0.1, stdFloor: 0.01 };

describe("buildDataset", () => {
  it("splits by episode, deterministically, whatever the input order", () => {
    const episodes = Array.from({ length: 20 }, (_, index) => episode("s1", index, 5));
    const a = buildDataset(episodes, options);
    const b = buildDataset([...episodes].reverse(), options);
    expect(a.split).toEqual(b.split);
    expect(a.split.validation).toHaveLength(2);
    expect(a.split.train).toHaveLength(18);
    expect(a.split.byTime).toBe(false);
    const other = buildDataset(episodes, { ...options, seed: 7 });
    expect(other.split.validation).not.toEqual(a.split.validation);
    // No episode on both sides.
    const validationKeys = new Set(a.validation.map((sequence) => sequence.episodeKey));
    expect(a.train.some((sequence) => validationKeys.has(sequence.episodeKey))).toBe(false);
  });

  it("keeps at least one episode on each side with two episodes", () => {
    const data = buildDataset([episode("s", 1, 4), episode("s", 2, 4)], options);
    expect(data.split.train).toHaveLength(1);
    expect(data.split.validation).toHaveLength(1);
  });

  it("splits a single episode by time and says so", () => {
    const data = buildDataset([episode("s", 1, 20)], options);
    expect(data.split.byTime).toBe(true);
    expect(data.warnings.join()).toMatch(/split by time/);
    expect(data.train[0]?.stepIndices).toEqual(Array.from({ length: 18 }, (_, index) => index));
    expect(data.validation[0]?.stepIndices).toEqual([18, 19]);
  });

  it("holds nothing out with a validation fraction of 0", () => {
    const data = buildDataset([episode("s", 1, 5), episode("s", 2, 5)], {
      ...options,
      validationFraction: 0,
    });
    expect(data.split).toEqual({ train: ["s/1", "s/2"], validation: [], byTime: false });
    expect(data.validation).toHaveLength(0);
  });

  it("drops include=false steps, breaking sequences there, and clips weights", () => {
    const marks = (index: number) =>
      index === 2 ? false : index === 4 ? -3 : index === 5 ? 0.5 : index === 6 ? true : undefined;
    const data = buildDataset([episode("s", 1, 8, marks)], { ...options, validationFraction: 0 });
    expect(data.train.map((sequence) => sequence.stepIndices)).toEqual([
      [0, 1],
      [3, 4, 5, 6, 7],
    ]);
    expect(Array.from(data.train[1]?.weights ?? [])).toEqual([1, -1, 0.5, 1, 1]);
    expect(data.counts).toMatchObject({ samples: 7, dropped: 1, negative: 1 });
  });

  it("z-normalises with training statistics only, with a std floor", () => {
    const episodes = [episode("s", 0, 4), episode("s", 100, 4)];
    const data = buildDataset(episodes, options);
    const trainKey = data.split.train[0];
    const trainStart = trainKey === "s/0" ? 0 : 100;
    expect(data.stats.mean[0]).toBeCloseTo(trainStart + 1.5, 9);
    expect(data.stats.std[0]).toBeCloseTo(Math.sqrt(1.25), 9);
    expect(data.stats.std[1]).toBe(0.01); // constant feature
    const trainObservations = Array.from(data.train[0]?.observations ?? []);
    expect(trainObservations[1]).toBe(0); // (5 - 5) / floor
    expect(
      trainObservations.filter((_, index) => index % 2 === 0).reduce((a, b) => a + b, 0),
    ).toBeCloseTo(0, 5);
  });

  it("names the file when dimensions differ", () => {
    const odd = episode("s", 2, 3);
    odd.steps[1] = { ...(odd.steps[1] as EpisodeStep), observation: [1, 2, 3] };
    expect(() => buildDataset([episode("s", 1, 3), odd], options)).toThrow(
      /s\/trajectory_0_2.json: step 1/,
    );
  });
});

describe("batch sampler", () => {
  it("draws consecutive windows, marks pairs inside windows only, and is a function of the iteration", () => {
    const data = buildDataset([episode("s", 1, 30), episode("s", 2, 3), episode("s", 3, 40)], {
      ...options,
      validationFraction: 0,
      split: { validation: [], byTime: false },
    });
    const flat = flattenSequences(data.train, 2, 2);
    const sample = createBatchSampler(data.train, flat.offsets, {
      batchSize: 64,
      windowLength: 8,
      seed: 1,
    });
    const batch = sample(5);
    expect(batch.rows).toHaveLength(64);
    for (let i = 0; i < 63; i++) {
      if (batch.pairMask[i] === 1) expect(batch.rows[i + 1]).toBe((batch.rows[i] as number) + 1);
    }
    const pairs = batch.pairMask.reduce((sum, value) => sum + value, 0);
    expect(pairs).toBeGreaterThanOrEqual(64 - 64 / 2); // windows of ≥ 2 rows
    expect(sample(5)).toEqual(batch);
    expect(sample(6).rows).not.toEqual(batch.rows);
  });
});
