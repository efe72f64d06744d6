import { describe, expect, it } from "vitest";
import { computeScore, gradeSchema } from "../core/grade.js";
import type { Episode } from "../sources/robot/episode.js";
import { episodeToTrace } from "../sources/robot/episode-to-trace.js";
import { judgeRobotEpisodeOffline, offlineRobotJudgeModel } from "./robot-offline-judge.js";

const now = () => new Date("2026-12-06T00:00:00Z");

function episode(
  name: string,
  options: {
    steps: number;
    success?: number;
    intervened: (i: number) => boolean;
    jerky: boolean;
    frames: boolean;
  },
): Episode {
  const steps = Array.from({ length: options.steps }, (_, index) => ({
    index,
    observation: [index / options.steps, 0.5],
    // Smooth: a slow sweep of the steering; jerky: full lock from one side to the other each step.
    action: options.jerky ? [index % 2 === 0 ? 1 : -1, 0.5] : [Math.sin(index / 10) * 0.3, 0.5],
    intervention: options.intervened(index),
  }));
  return {
    session: "s",
    episode: 0,
    path: `${name}.json`,
    steps,
    metrics: options.success === undefined ? {} : { success_rate: options.success },
    extra: {},
    ...(options.frames ? { frameFiles: steps.map((step) => `frames/${step.index}.png`) } : {}),
  };
}

const clean = episode("clean", {
  steps: 40,
  success: 1,
  intervened: () => false,
  jerky: false,
  frames: true,
});
const bad = episode("bad", {
  steps: 40,
  success: 0,
  intervened: (i) => i % 5 !== 0,
  jerky: true,
  frames: false,
});

describe("judgeRobotEpisodeOffline", () => {
  it("ranks a clean successful episode above a jerky, failed, mostly intervened one, with reasons", () => {
    const good = judgeRobotEpisodeOffline(episodeToTrace(clean), { now });
    const poor = judgeRobotEpisodeOffline(episodeToTrace(bad), { now });
    expect(gradeSchema.parse(good)).toEqual(good);
    expect(good.components).toEqual({
      task_success: 100,
      autonomy: 100,
      smoothness: 100,
      frame_coverage: 100,
      length: 100,
    });
    expect(good.score).toBe(100);
    expect(poor.components).toEqual({
      task_success: 0,
      autonomy: 20,
      smoothness: 0,
      frame_coverage: 0,
      length: 100,
    });
    expect(poor.score).toBe(computeScore(poor.rubric, poor.components));
    expect(poor.score).toBeLessThan(20);
    expect(poor.observations).toContain(
      "autonomy 20: 32 of 40 control step(s) taken over by a human",
    );
    expect(poor.observations.find((line) => line.startsWith("smoothness"))).toContain(
      "39 of 39 step change(s) jump",
    );
    expect(good.judge).toEqual({ provider: "offline", model: offlineRobotJudgeModel });
    expect(good.id).not.toBe(poor.id);
  });

  it("reads the steps, not meta: the same steps give the same grade whatever meta says", () => {
    const trace = episodeToTrace(bad);
    const emptied = { ...trace, meta: {} };
    const lying = { ...trace, meta: { metrics: { success_rate: 1 }, interventionSteps: 0 } };
    const grade = judgeRobotEpisodeOffline(trace, { now });
    expect(judgeRobotEpisodeOffline(emptied, { now })).toEqual(grade);
    expect(judgeRobotEpisodeOffline(lying, { now })).toEqual(grade);
  });

  it("scores length and an unknown outcome honestly", () => {
    const short = episode("short", {
      steps: 4,
      intervened: () => false,
      jerky: false,
      frames: false,
    });
    const grade = judgeRobotEpisodeOffline(episodeToTrace(short), { now });
    expect(grade.components.length).toBe(40);
    expect(grade.components.task_success).toBe(50);
    expect(grade.confidence).toBeLessThan(
      judgeRobotEpisodeOffline(episodeToTrace(clean)).confidence,
    );
    const empty = judgeRobotEpisodeOffline(episodeToTrace({ ...short, steps: [] }), { now });
    expect(empty.components).toMatchObject({ autonomy: 0, smoothness: 0, length: 0 });
  });
});
