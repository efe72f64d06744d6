import { computeScore, type Grade, gradeSchemaId } from "../core/grade.js";
import { deterministicId } from "../core/hash.js";
import type { Trace } from "../core/trace.js";
import { type RobotComponentKey, robotEpisodeRubric } from "./robot-rubric.js";
import { jumpThreshold, measureRobotEpisode, type RobotEpisodeSignals } from "./robot-signals.js";

/**
 * The offline robot judge: deterministic heuristics over a robot Trace's steps, no model. Every
 * component states the numbers behind it in the observations; the score is computed in code from
 * the components (computeScore). Confidence is moderate with a recorded outcome and low without.
 */
export const offlineRobotJudgeModel = "offline:robot-heuristics";

/** Control steps from which an episode is long enough to learn from. */
export const minimumUsefulSteps = 10;

export interface RobotJudgeOptions {
  /** Clock for createdAt (tests). */
  now?: () => Date;
}

interface Component {
  value: number;
  reason: string;
}

export function judgeRobotEpisodeOffline(trace: Trace, options: RobotJudgeOptions = {}): Grade {
  const signals = measureRobotEpisode(trace);
  const parts = componentsOf(signals);
  const components = Object.fromEntries(
    Object.entries(parts).map(([key, part]) => [key, part.value]),
  ) as Record<RobotComponentKey, number>;
  const rubric = robotEpisodeRubric();
  const score = computeScore(rubric, components);
  const judge = { provider: "offline", model: offlineRobotJudgeModel };
  const observations = Object.entries(parts).map(
    ([key, part]) => `${key} ${part.value}: ${part.reason}`,
  );
  return {
    schema: gradeSchemaId,
    id: deterministicId("grade", { components, judge: judge.model, traceId: trace.id }),
    traceId: trace.id,
    rubric,
    judge,
    components,
    score,
    confidence: signals.success === undefined ? 0.3 : 0.6,
    summary: `Offline robot heuristics (no model): ${signals.actionSteps} control step(s), ${signals.interventionSteps} by a human, ${signals.jumps} jump(s), ${signals.framedSteps} with a frame; score ${score}.`,
    observations,
    reasoning:
      "Deterministic heuristics from the trace's steps: success from the terminal success_rate signal, autonomy from the share of intervention steps, smoothness from the share of sudden jumps between consecutive controls, frame coverage from steps with a frame, length against a minimum.",
    chunkSummaries: [],
    usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
    createdAt: (options.now?.() ?? new Date()).toISOString(),
  };
}

function componentsOf(s: RobotEpisodeSignals): Record<RobotComponentKey, Component> {
  const steps = s.actionSteps;
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  const percent = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 100);
  const transitions = Math.max(0, steps - 1);
  return {
    task_success:
      s.success === undefined
        ? { value: 50, reason: "no success signal recorded; neutral 50" }
        : { value: percent(s.success), reason: `recorded success_rate ${s.success}` },
    autonomy: {
      value: steps === 0 ? 0 : percent(1 - share(s.interventionSteps, steps)),
      reason: `${s.interventionSteps} of ${steps} control step(s) taken over by a human`,
    },
    smoothness: {
      value: steps === 0 ? 0 : percent(1 - share(s.jumps, transitions)),
      reason: `${s.jumps} of ${transitions} step change(s) jump by more than ${jumpThreshold}; mean jerk ${s.meanJerk.toFixed(3)}`,
    },
    frame_coverage: {
      value: percent(share(s.framedSteps, steps)),
      reason: `${s.framedSteps} of ${steps} control step(s) carry a camera frame`,
    },
    length: {
      value: percent(share(steps, minimumUsefulSteps)),
      reason: `${steps} control step(s) over ${s.durationS.toFixed(1)} s (full marks from ${minimumUsefulSteps})`,
    },
  };
}
