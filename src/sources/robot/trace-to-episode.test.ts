import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../core/canonical-json.js";
import { traceSchema } from "../../core/trace.js";
import { type Episode, type EpisodeStep, episodeToFile, readEpisodeFile } from "./episode.js";
import { episodeToTrace } from "./episode-to-trace.js";
import { readStudy } from "./read-study.js";
import { traceToEpisode } from "./trace-to-episode.js";

const study = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));
const samples = fileURLToPath(
  new URL("../../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);

function roundTrip(episode: Episode, hz?: number): Episode {
  const trace = traceSchema.parse(episodeToTrace(episode, hz === undefined ? {} : { hz }));
  const rebuilt = traceToEpisode(trace);
  // A stored trace (JSON) rebuilds the same file bytes too (JSON itself writes -0 as 0).
  const stored = traceToEpisode(traceSchema.parse(JSON.parse(JSON.stringify(trace))));
  expect(canonicalJson(episodeToFile(stored))).toBe(canonicalJson(episodeToFile(episode)));
  return rebuilt;
}

// A `__proto__` key does not survive zod's record parsing (any parse, the reader's included).
const key = fc.string().filter((name) => name !== "__proto__");
const number = fc.double({ noNaN: true, noDefaultInfinity: true });

const episodeArbitrary = fc
  .record({
    widths: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 })),
    records: fc.integer({ min: 0, max: 30 }),
    seed: fc.array(
      fc.record({
        values: fc.array(number, { minLength: 9, maxLength: 9 }),
        intervention: fc.boolean(),
        framePath: fc.option(fc.string(), { nil: undefined }),
        weight: fc.option(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean()), {
          nil: undefined,
        }),
        frame: fc.option(fc.constantFrom("f.png", "frames/a.jpg"), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    metrics: fc.dictionary(key, fc.oneof(number, fc.string(), fc.boolean()), {
      noNullPrototype: true,
    }),
    extra: fc.dictionary(
      key.filter((name) => name !== "trajectory" && name !== "metrics"),
      fc.oneof(number, fc.string(), fc.array(fc.integer())),
      { noNullPrototype: true },
    ),
    transcript: fc.option(
      fc.array(
        fc.record({
          index: fc.integer({ min: 1, max: 99 }),
          start_s: fc.double({ min: 0, max: 10, noNaN: true }),
          length: fc.double({ min: 0, max: 3, noNaN: true }),
          text: fc.string(),
        }),
        { maxLength: 4 },
      ),
      { nil: undefined },
    ),
    transcriptPath: fc.option(fc.constant("audio/trajectory_0_1.srt"), { nil: undefined }),
    hz: fc.constantFrom(5, 10, 20, 30),
  })
  .map((plan) => {
    const [observationWidth, actionWidth] = plan.widths;
    const steps = Array.from({ length: plan.records }, (_, index): EpisodeStep => {
      const pick = plan.seed[index % plan.seed.length] as (typeof plan.seed)[number];
      const step: EpisodeStep = {
        index,
        observation: pick.values.slice(0, observationWidth).map((value) => value + index),
        action: pick.values.slice(3, 3 + actionWidth),
        intervention: pick.intervention,
      };
      if (pick.framePath !== undefined) step.framePath = pick.framePath;
      if (pick.weight !== undefined) step.weightOrInclude = pick.weight;
      return step;
    });
    const episode: Episode = {
      session: "s1",
      episode: plan.records % 7,
      path: "trajectory_data_s1/trajectory_0_1.json",
      steps,
      metrics: plan.metrics,
      extra: plan.extra,
    };
    const frames = steps.map((_, index) => plan.seed[index % plan.seed.length]?.frame);
    if (frames.some((frame) => frame !== undefined)) episode.frameFiles = frames;
    if (plan.transcript !== undefined)
      episode.transcript = plan.transcript.map(({ index, start_s, length, text }) => ({
        index,
        start_s,
        end_s: start_s + length,
        text,
      }));
    if (plan.transcriptPath !== undefined) episode.transcriptPath = plan.transcriptPath;
    return { episode, hz: plan.hz };
  });

describe("traceToEpisode", () => {
  it("rebuilds every episode of the example study exactly from its Trace", async () => {
    const { episodes } = await readStudy(study, { includeFailed: true });
    expect(episodes.length).toBeGreaterThan(2);
    expect(episodes.some((episode) => episode.transcript !== undefined)).toBe(true);
    expect(episodes.some((episode) => episode.frameFiles !== undefined)).toBe(true);
    for (const episode of episodes) expect(roundTrip(episode)).toStrictEqual(episode);
  });

  it("rebuilds the real recorded samples exactly", async () => {
    for (const name of (await readdir(samples)).filter((file) => file.endsWith(".json")).sort()) {
      const episode = await readEpisodeFile(join(samples, name), { session: "loose", episode: 0 });
      expect(roundTrip(episode)).toStrictEqual(episode);
    }
  });

  it("rebuilds randomised episodes exactly (states, actions, weights, frames, transcripts)", () => {
    fc.assert(
      fc.property(episodeArbitrary, ({ episode, hz }) => {
        expect(roundTrip(episode, hz)).toStrictEqual(episode);
      }),
      { numRuns: 200, seed: 18 },
    );
  });

  it("refuses a trace that is not a robot episode, naming what is missing", async () => {
    const { episodes } = await readStudy(study);
    const trace = episodeToTrace(episodes[0] as Episode);
    expect(() => traceToEpisode({ ...trace, meta: {} })).toThrow(/not a robot episode \(meta\./);
    const stateless = {
      ...trace,
      steps: trace.steps.map(({ state: _state, ...step }) => step),
    };
    expect(() => traceToEpisode(stateless)).toThrow(/with its state/);
  });
});
