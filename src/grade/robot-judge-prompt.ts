import { z } from "zod";
import type { Step, Trace } from "../core/trace.js";
import type { ModelMessage } from "../model/types.js";
import { minimumUsefulSteps } from "./robot-offline-judge.js";
import { type RobotComponentKey, robotEpisodeRubric } from "./robot-rubric.js";
import { jumpThreshold, type RobotEpisodeSignals } from "./robot-signals.js";

/**
 * The model judge's question for one robot episode, built from its steps only (never `meta`):
 * the transcript notes (the task as spoken), a compact table of the control actions (downsampled
 * to at most `maxRows`), the intervention share, the recorded success and what the offline
 * signals measured, as evidence. The answer holds the rubric's five 0–100 component scores with
 * one reason each, a summary, a short reasoning and a confidence; the total is computed in code.
 */
export const robotJudgeSchemaName = "robot_episode_judge";

const component = (description: string) =>
  z.number().min(0).max(100).describe(`0-100: ${description}`);
const line = (maxChars: number, description: string) =>
  z
    .string()
    .describe(`${description}; at most ${maxChars} characters`)
    .refine((text) => text.trim() !== "", { message: "must not be empty" })
    .refine((text) => text.length <= maxChars, {
      message: `must be at most ${maxChars} characters`,
    });

const rubricText = Object.fromEntries(
  robotEpisodeRubric().dimensions.map((dimension) => [dimension.key, dimension.description]),
) as Record<RobotComponentKey, string>;

export const robotJudgeAnswerSchema = z
  .object({
    scores: z
      .object({
        task_success: component(rubricText.task_success),
        autonomy: component(rubricText.autonomy),
        smoothness: component(rubricText.smoothness),
        frame_coverage: component(rubricText.frame_coverage),
        length: component(rubricText.length),
      })
      .strict(),
    reasons: z
      .object({
        task_success: line(300, "the evidence behind the task success score"),
        autonomy: line(300, "the evidence behind the autonomy score"),
        smoothness: line(300, "the evidence (rows, times) behind the smoothness score"),
        frame_coverage: line(300, "the evidence behind the frame coverage score"),
        length: line(300, "the evidence behind the length score"),
      })
      .strict(),
    summary: line(600, "two or three sentences on whether this episode is fit to learn from"),
    reasoning: line(800, "a short justification of the five scores, no step-by-step thinking"),
    confidence: z.number().min(0).max(1).describe("how sure the judge is, 0 to 1"),
  })
  .strict();
export type RobotJudgeAnswer = z.infer<typeof robotJudgeAnswerSchema>;

export interface RobotJudgePromptOptions {
  /** Control rows shown at most; the actions are sampled evenly (first and last always in). */
  maxRows?: number;
  /** Characters kept of any one transcript note. */
  maxNoteText?: number;
  /** Notes listed; the rest are counted. */
  maxNotes?: number;
}

export function buildRobotJudgeMessages(
  trace: Trace,
  signals: RobotEpisodeSignals,
  options: RobotJudgePromptOptions = {},
): ModelMessage[] {
  const maxRows = Math.max(2, options.maxRows ?? 40);
  const maxText = options.maxNoteText ?? 500;
  const maxNotes = options.maxNotes ?? 40;
  const notes = trace.steps.filter((step) => step.kind === "note" && step.text !== undefined);
  const noteLines = notes
    .slice(0, maxNotes)
    .map((step) => `t=${step.t.toFixed(1)}s: ${cap(step.text ?? "", maxText)}`);
  if (notes.length > maxNotes) noteLines.push(`… ${notes.length - maxNotes} more note(s)`);
  const controls = trace.steps.filter(
    (step) => step.kind === "action" && step.action?.type === "control",
  );
  const rows = sampleEvenly(controls, maxRows).map(controlRow);
  const total = robotEpisodeRubric().dimensions.reduce((sum, d) => sum + d.weight, 0);
  const rubric = robotEpisodeRubric()
    .dimensions.map(
      (d) => `- ${d.key} (weight ${Math.round((d.weight / total) * 100)}%): ${d.description}`,
    )
    .join("\n");
  const share = (part: number, whole: number) =>
    whole === 0 ? "n/a" : `${Math.round((part / whole) * 100)}%`;
  const system = [
    "You grade a recorded robot episode (a policy driving a robot, with a human able to take over), to decide whether it is fit to train a policy on.",
    "Score each component from 0 (absent or harmful) to 100 (exemplary).",
    rubric,
    `The controls are in [-1, 1]; a change of more than ${jumpThreshold} between consecutive steps is a jump. Full length marks from ${minimumUsefulSteps} control steps.`,
    "Give one short reason per component naming the evidence (rows, times, measurements), a summary, a short reasoning and your confidence.",
    "Do not compute an overall score.",
  ].join("\n");
  const measured = [
    `control steps: ${signals.actionSteps} over ${signals.durationS.toFixed(1)} s`,
    `taken over by a human: ${signals.interventionSteps} (${share(signals.interventionSteps, signals.actionSteps)})`,
    `jumps (> ${jumpThreshold}): ${signals.jumps} of ${Math.max(0, signals.actionSteps - 1)} step change(s)`,
    `mean jerk per step: ${signals.meanJerk.toFixed(3)}`,
    `with a camera frame: ${signals.framedSteps} (${share(signals.framedSteps, signals.actionSteps)})`,
    `recorded success_rate: ${signals.success === undefined ? "none recorded" : String(signals.success)}`,
  ];
  const user = [
    `Transcript notes (the task as spoken, ${notes.length}):`,
    noteLines.length === 0 ? "(none)" : noteLines.join("\n"),
    `Control actions (${rows.length} of ${controls.length} row(s) shown; columns: #step, t (s), values, who drove):`,
    rows.length === 0 ? "(none)" : rows.join("\n"),
    `Measured from the steps:\n${measured.map((item) => `- ${item}`).join("\n")}`,
  ].join("\n\n");
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}

/** At most `limit` items, evenly spaced, the first and the last always included. */
export function sampleEvenly<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  const picked: T[] = [];
  for (let slot = 0; slot < limit; slot += 1)
    picked.push(items[Math.round((slot * (items.length - 1)) / (limit - 1))] as T);
  return picked;
}

function controlRow(step: Step): string {
  const values = step.action?.type === "control" ? step.action.values : [];
  const shown = values.map((value) => (Math.round(value * 100) / 100).toString()).join(", ");
  return `#${step.index} ${step.t.toFixed(2)} [${shown}] ${step.intervention === true ? "human" : "agent"}`;
}

function cap(text: string, length: number): string {
  return text.length <= length
    ? text
    : `${text.slice(0, length)}… (${text.length - length} more characters)`;
}
