import type { Rubric } from "../core/grade.js";

/**
 * The robot-episode rubric (v1): five components scored 0–100. Success weighs most; the share of
 * steps the policy drove itself, smooth control, camera frames and a usable length follow. A failed
 * episode can reach at most 67, below the default accept score of 70.
 */
export const robotRubricId = "robot-episode";
export const robotRubricVersion = "1";

export const robotComponentKeys = [
  "task_success",
  "autonomy",
  "smoothness",
  "frame_coverage",
  "length",
] as const;
export type RobotComponentKey = (typeof robotComponentKeys)[number];

const dimensions: Record<
  RobotComponentKey,
  { label: string; description: string; weight: number }
> = {
  task_success: {
    label: "Task success",
    description: "The episode's recorded success (its terminal success_rate signal) as 0–100.",
    weight: 3,
  },
  autonomy: {
    label: "Autonomy",
    description: "Share of control steps the policy drove without a human taking over.",
    weight: 2,
  },
  smoothness: {
    label: "Smoothness",
    description: "Share of consecutive control steps without a sudden jump in any control.",
    weight: 2,
  },
  frame_coverage: {
    label: "Frame coverage",
    description: "Share of control steps that carry a camera frame.",
    weight: 1,
  },
  length: {
    label: "Length",
    description: "Enough control steps to learn from (full marks from the minimum length on).",
    weight: 1,
  },
};

export function robotEpisodeRubric(): Rubric {
  return {
    id: robotRubricId,
    version: robotRubricVersion,
    dimensions: robotComponentKeys.map((key) => ({ key, ...dimensions[key], min: 0, max: 100 })),
  };
}
