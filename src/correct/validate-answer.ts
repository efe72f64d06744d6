import type { Segment } from "./segments.js";
import { answerSchemaFor, type Strategy, type StrategyAnswer } from "./strategies.js";

/**
 * Checks an answer against the episode beyond its schema: every segment index answered exactly
 * once and nothing outside the segment, action vectors of the episode's dimension, values within
 * bounds. The problem text is what the model is shown when it is asked again, so it names the
 * offending indices.
 */
export interface AnswerLimits {
  segment: Segment;
  dimension: number;
  bounds: [number, number];
}

export type AnswerCheck = { ok: true; answer: StrategyAnswer } | { ok: false; problem: string };

export function validateAnswer(
  strategy: Strategy,
  value: unknown,
  limits: AnswerLimits,
): AnswerCheck {
  const parsed = answerSchemaFor(strategy).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `answer does not match the schema at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    };
  }
  const answer = { strategy, value: parsed.data } as StrategyAnswer;
  switch (answer.strategy) {
    case "correct": {
      const coverage = checkCoverage(
        answer.value.corrections.map((item) => item.index),
        limits.segment,
      );
      if (coverage !== undefined) return { ok: false, problem: coverage };
      const [low, high] = limits.bounds;
      for (const item of answer.value.corrections) {
        if (item.action.length !== limits.dimension)
          return {
            ok: false,
            problem: `index ${item.index}: action has ${item.action.length} values, the episode's actions have ${limits.dimension}`,
          };
        const outside = item.action.find(
          (number) => !Number.isFinite(number) || number < low || number > high,
        );
        if (outside !== undefined)
          return {
            ok: false,
            problem: `index ${item.index}: value ${outside} is outside the action bounds [${low}, ${high}]`,
          };
      }
      return { ok: true, answer };
    }
    case "weight": {
      const coverage = checkCoverage(
        answer.value.weights.map((item) => item.index),
        limits.segment,
      );
      return coverage === undefined ? { ok: true, answer } : { ok: false, problem: coverage };
    }
    case "filter": {
      const coverage = checkCoverage(
        answer.value.include.map((item) => item.index),
        limits.segment,
      );
      return coverage === undefined ? { ok: true, answer } : { ok: false, problem: coverage };
    }
    case "reject": {
      const direction = answer.value.direction;
      if ((direction === "accelerate" || direction === "decelerate") && limits.dimension < 2)
        return {
          ok: false,
          problem: `direction "${direction}" needs an acceleration (second) action value; the episode's actions have ${limits.dimension}`,
        };
      return { ok: true, answer };
    }
  }
}

function checkCoverage(indices: number[], segment: Segment): string | undefined {
  const outside = indices.filter((index) => index < segment.start || index > segment.end);
  if (outside.length > 0)
    return `indices ${list(outside)} are outside the segment ${segment.start}–${segment.end}; answer only for steps ${segment.start} to ${segment.end}`;
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const index of indices) {
    if (seen.has(index)) repeated.add(index);
    seen.add(index);
  }
  if (repeated.size > 0)
    return `indices ${list([...repeated])} are answered more than once; answer each step exactly once`;
  const missing: number[] = [];
  for (let index = segment.start; index <= segment.end; index += 1)
    if (!seen.has(index)) missing.push(index);
  if (missing.length > 0)
    return `indices ${list(missing)} are missing; answer every step from ${segment.start} to ${segment.end} exactly once`;
  return undefined;
}

function list(indices: number[]): string {
  const shown = indices.slice(0, 12).join(", ");
  return indices.length > 12 ? `${shown} … (${indices.length} in all)` : shown;
}
