import type { Rubric } from "../core/grade.js";
import { type ComponentKey, componentKeys, defaultWeights, type Weights } from "./parse-weights.js";

/** What the judge is told each component means; callers may reword them (updateEvaluationCriteria). */
export const defaultComponentDescriptions: Record<ComponentKey, string> = {
  outcomeAchievement:
    "Did the person achieve the task's objectives? Judge from the final screens, what was typed and which apps and windows were reached.",
  processQuality:
    "Was the way of working sound: purposeful steps, few repeated or undone actions, errors noticed and handled, no aimless wandering?",
  efficiency:
    "Was the task done without wasted time or actions: a reasonable number of actions for the duration, little idle time?",
};

export interface EvaluationCriteria {
  weights: Weights;
  descriptions: Record<ComponentKey, string>;
  /** Extra instructions for the judge (a project's own standards); empty when none. */
  guidance: string;
}

export const screenRubricId = "screen-session";
export const screenRubricVersion = "1";

/** The screen-session rubric (v1): three components scored 0–100, weights 50/30/20 by default. */
export function screenSessionRubric(weights: Weights = defaultWeights): Rubric {
  const labels: Record<ComponentKey, string> = {
    outcomeAchievement: "Outcome achievement",
    processQuality: "Process quality",
    efficiency: "Efficiency",
  };
  return {
    id: screenRubricId,
    version: screenRubricVersion,
    dimensions: componentKeys.map((key) => ({
      key,
      label: labels[key],
      description: defaultComponentDescriptions[key],
      // Stored as percentages so the default rubric reads 50/30/20, as the seed documented it.
      weight: Math.round(weights[key] * 1e6) / 1e4,
      min: 0,
      max: 100,
    })),
  };
}

export function defaultEvaluationCriteria(): EvaluationCriteria {
  return {
    weights: { ...defaultWeights },
    descriptions: { ...defaultComponentDescriptions },
    guidance: "",
  };
}
