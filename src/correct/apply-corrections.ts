import type { Episode, EpisodeStep } from "../sources/robot/episode.js";
import type { Segment } from "./segments.js";
import type { RejectDirection, Strategy, StrategyAnswer } from "./strategies.js";

/**
 * Applies a validated answer to a copy of the episode; the input is never mutated and steps
 * outside the segment are the very same objects. `correct` replaces actions; `weight` and `filter`
 * set the record's 5th element; `reject` gives weight -1 to the segment steps whose change from
 * the previous step moves in the rejected direction by more than `rejectDeadband` (the jerks of
 * an over-correction), so training pushes away from them. Every change is returned with what it
 * was before.
 */
export interface Change {
  index: number;
  field: "action" | "weight" | "include";
  before: number[] | number | boolean | null;
  after: number[] | number | boolean;
  model: string;
  requestHash: string;
  strategy: Strategy;
}

export interface ChangeSource {
  model: string;
  requestHash: string;
}

export const rejectDeadband = 0.05;

export function applyAnswer(
  episode: Episode,
  segment: Segment,
  answer: StrategyAnswer,
  source: ChangeSource,
): { episode: Episode; changes: Change[] } {
  const steps = [...episode.steps];
  const changes: Change[] = [];
  const change = (index: number, field: Change["field"], after: Change["after"]) => {
    const step = steps[index];
    if (step === undefined || index < segment.start || index > segment.end) return;
    const before = field === "action" ? step.action : (step.weightOrInclude ?? null);
    if (sameValue(before, after)) return;
    const next: EpisodeStep = { ...step };
    if (field === "action") next.action = [...(after as number[])];
    else next.weightOrInclude = after as number | boolean;
    steps[index] = next;
    changes.push({
      index,
      field,
      before: Array.isArray(before) ? [...before] : before,
      after: Array.isArray(after) ? [...after] : after,
      model: source.model,
      requestHash: source.requestHash,
      strategy: answer.strategy,
    });
  };
  switch (answer.strategy) {
    case "correct":
      for (const item of answer.value.corrections) change(item.index, "action", item.action);
      break;
    case "weight":
      for (const item of answer.value.weights) change(item.index, "weight", item.weight);
      break;
    case "filter":
      for (const item of answer.value.include) change(item.index, "include", item.include);
      break;
    case "reject": {
      for (let index = segment.start; index <= segment.end; index += 1) {
        const action = episode.steps[index]?.action ?? [];
        const previous = episode.steps[index - 1]?.action ?? action;
        if (movesToward(action, previous, answer.value.direction)) change(index, "weight", -1);
      }
      break;
    }
  }
  changes.sort((a, b) => a.index - b.index);
  return { episode: { ...episode, steps }, changes };
}

function movesToward(action: number[], previous: number[], direction: RejectDirection): boolean {
  const steer = (action[0] ?? 0) - (previous[0] ?? 0);
  const accelerate = (action[1] ?? 0) - (previous[1] ?? 0);
  switch (direction) {
    case "left":
      return steer > rejectDeadband;
    case "right":
      return steer < -rejectDeadband;
    case "accelerate":
      return action.length >= 2 && accelerate > rejectDeadband;
    case "decelerate":
      return action.length >= 2 && accelerate < -rejectDeadband;
    case "none":
      return false;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
  return Object.is(a, b);
}
