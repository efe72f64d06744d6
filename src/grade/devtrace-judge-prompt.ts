import { z } from "zod";
import type { Trace } from "../core/trace.js";
import type { ModelMessage } from "../model/types.js";
import { describeEvent } from "../sources/devtrace/event-text.js";
import { devtraceStepEvents } from "../sources/devtrace/step-events.js";
import type { VerifyResult } from "../verify/types.js";
import { type DevtraceDimension, devtraceDimensions } from "./devtrace-judge-types.js";

/**
 * The model judge's question: the rubric, the events (read from the steps) in compact form (text capped; secrets were
 * redacted at ingest and the model door redacts again) and the sandbox result. The answer holds
 * six half-point scores, a short feedback summary and one observation per dimension; the overall
 * is never asked for, because it is computed in code.
 */
export const devtraceJudgeSchemaName = "devtrace_judge";

const halfScore = z
  .number()
  .min(0)
  .max(5)
  .multipleOf(0.5)
  .describe("0–5, an integer or a half (e.g. 3.5)");

export const devtraceJudgeAnswerSchema = z.object({
  scores: z.object({
    problem_understanding: halfScore,
    causal_linking: halfScore,
    experiment_design: halfScore,
    efficiency: halfScore,
    reproducibility: halfScore,
    safety_hygiene: halfScore,
  }),
  feedback_summary: z.string().max(600).describe("at most 600 characters, for the developer"),
  observations: z.object({
    problem_understanding: z.string().max(500),
    causal_linking: z.string().max(500),
    experiment_design: z.string().max(500),
    efficiency: z.string().max(500),
    reproducibility: z.string().max(500),
    safety_hygiene: z.string().max(500),
  }),
});
export type DevtraceJudgeAnswer = z.infer<typeof devtraceJudgeAnswerSchema>;

export const devtraceRubricText: Record<DevtraceDimension, string> = {
  problem_understanding:
    "Did the developer state what is wrong (plan, hypothesis) and reproduce the failure before changing code?",
  causal_linking:
    "Do observations follow from test or command output, and do edits follow from hypotheses and observations?",
  experiment_design:
    "Were tests run to confirm the failure and after each change; were test selections targeted?",
  efficiency:
    "Was the fix reached without needless iterations, churn, reverted edits or failing commands?",
  reproducibility:
    "Can someone replay the work: commands with working directory and exit codes, structured test runs, a commit?",
  safety_hygiene:
    "No destructive or risky commands (rm -rf /, curl | sh, sudo, force pushes), no secrets in commands or code.",
};

export interface DevtraceJudgePromptOptions {
  verification?: VerifyResult;
  weights: Record<DevtraceDimension, number>;
  /** Characters kept of any one event's text (commands, diffs, notes). */
  maxEventText?: number;
  /** Events listed; the rest are summarised by count. */
  maxEvents?: number;
}

export function buildDevtraceJudgeMessages(
  trace: Trace,
  options: DevtraceJudgePromptOptions,
): ModelMessage[] {
  const events = devtraceStepEvents(trace);
  const maxEvents = options.maxEvents ?? 200;
  const maxText = options.maxEventText ?? 400;
  const listed = events.slice(0, maxEvents).map((event) => describeEvent(event, maxText));
  if (events.length > maxEvents)
    listed.push(`… ${events.length - maxEvents} more event(s) not shown`);
  const rubric = devtraceDimensions
    .map(
      (dimension) =>
        `- ${dimension} (weight ${Math.round(options.weights[dimension] * 100)}%): ${devtraceRubricText[dimension]}`,
    )
    .join("\n");
  const system = [
    "You grade how a developer debugged and fixed a bug, from a recorded trace of their work.",
    "Score each dimension from 0 (absent or harmful) to 5 (exemplary), in whole or half points.",
    rubric,
    "Give one short observation per dimension naming the events (#seq) behind the score, and a feedback summary of at most 600 characters.",
    "Do not compute an overall score. Judge the process, not the developer.",
  ].join("\n");
  const task = trace.task;
  const user = [
    `Task: ${task?.title ?? "(untitled)"}${task?.description === undefined ? "" : `\n${cap(task.description, 1500)}`}`,
    knownFailing(trace),
    `Events (${events.length}):`,
    listed.join("\n"),
    `Sandbox verification: ${describeVerification(options.verification)}`,
  ]
    .filter((part) => part.length > 0)
    .join("\n\n");
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}

function knownFailing(trace: Trace): string {
  const tests = trace.meta.known_failing_tests;
  if (!Array.isArray(tests) || tests.length === 0) return "";
  return `Known failing tests at the start: ${tests.map(String).join(", ")}`;
}

function describeVerification(result: VerifyResult | undefined): string {
  if (result === undefined) return "not run";
  if (result.tests_passed === null) return `could not run (${result.reason ?? "no workspace"})`;
  const failing =
    result.failing_tests.length > 0
      ? `; failing: ${cap(result.failing_tests.join(", "), 400)}`
      : "";
  return `${result.tests_passed ? "tests pass" : "tests FAIL"} (${result.framework ?? "unknown framework"}: ${result.num_passed} passed, ${result.num_failed} failed, ${result.num_errors} errors${failing})`;
}

function cap(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}
