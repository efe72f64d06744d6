import { describe, expect, it } from "vitest";
import { canonicalJson } from "../core/canonical-json.js";
import { type Action, type Step, type Trace, traceSchema } from "../core/trace.js";
import type { SftMessage } from "../format/sft-message.js";
import { Grader } from "./grader.js";
import { judgeScreenSessionOffline } from "./offline-judge.js";
import { scoresFileSchema, toGrade } from "./scores-file.js";
import { sftToChunks } from "./sft-to-chunks.js";

const task = {
  title: "Configure Docker container resources",
  objectives: [
    "Open Docker Desktop on your machine",
    "Access settings menu within the Docker Desktop",
    "Navigate to Resources section",
    "Adjust memory and CPU settings for containers",
  ],
};

type StepInput = [t: number, action: Action] | [t: number, text: string, signal?: number];

function buildTrace(sessionId: string, durationS: number, inputs: StepInput[]): Trace {
  const steps: Step[] = inputs.map((input, index) => {
    const origin = { file: "input_log.jsonl", line: index + 1 };
    const [t, second, signal] = input;
    if (typeof second !== "string") {
      return second.type === "focus"
        ? { index, t, actor: "environment", kind: "observation", action: second, origin }
        : { index, t, actor: "human", kind: "action", action: second, origin };
    }
    return signal === undefined
      ? { index, t, actor: "assistant", kind: "message", text: second, origin }
      : {
          index,
          t,
          actor: "environment",
          kind: "observation",
          text: second,
          signal: { name: "reward", value: signal },
          origin,
        };
  });
  return traceSchema.parse({
    schema: "tracemill.trace/v1",
    id: `trace_${sessionId}`,
    kind: "screen",
    source: { format: "desktop-session", files: [] },
    task,
    steps,
    media: [],
    meta: { sessionId, durationS, startedAtMs: 1_755_517_860_000 },
  });
}

const click = (x: number, y: number): Action => ({ type: "click", x, y, button: "left" });
const focus = (app: string, title?: string): Action => ({
  type: "focus",
  app,
  ...(title === undefined ? {} : { title }),
});
const key = (...keys: string[]): Action => ({ type: "key", keys });

const good = buildTrace("good", 60, [
  [1, focus("Docker Desktop", "Docker Desktop - Containers")],
  [2, click(100, 40)],
  [4, click(2700, 60)],
  [5, focus("Docker Desktop", "Settings")],
  [7, click(300, 400)],
  [9, focus("Docker Desktop", "Settings - Resources")],
  [11, click(600, 500)],
  [
    13,
    {
      type: "drag",
      path: [
        [600, 700],
        [900, 700],
      ],
      button: "left",
    },
  ],
  [15, focus("Docker Desktop", "Resources - Memory limit 8 GB, CPU limit 4")],
  [17, click(620, 820)],
  [19, { type: "type", text: "8 GB memory for containers" }],
  [21, key("enter")],
  [24, click(2500, 1700)],
  [27, key("cmd", "s")],
  [30, click(2600, 1700)],
  [33, { type: "scroll", dx: 0, dy: -3 }],
  [36, click(700, 300)],
  [39, click(900, 300)],
  [42, click(1100, 300)],
  [45, click(1300, 300)],
  [48, click(1500, 300)],
  [51, click(1700, 300)],
  [54, click(1900, 300)],
  [57, click(2100, 300)],
]);

const poor = buildTrace("poor", 300, [
  [2, focus("Finder")],
  [40, click(500, 500)],
  [41, click(501, 500)],
  [42, click(500, 502)],
  [43, click(500, 500)],
  [110, focus("Finder", "Error: file not found")],
  [112, key("cmd", "z")],
  [113, key("cmd", "z")],
  [120, key("backspace")],
  [121, key("backspace")],
  [122, key("backspace")],
  [123, key("backspace")],
  [200, { type: "type", text: "hello" }],
]);

describe("judgeScreenSessionOffline", () => {
  it("is deterministic: same input, same evaluation bytes except createdAt", () => {
    const first = judgeScreenSessionOffline(good, undefined, {
      createdAt: "2025-01-01T00:00:00.000Z",
    });
    const second = judgeScreenSessionOffline(structuredClone(good));
    const { createdAt: _a, ...firstRest } = first;
    const { createdAt: _b, ...secondRest } = second;
    expect(canonicalJson(firstRest)).toBe(canonicalJson(secondRest));
    expect(toGrade(first).id).toBe(toGrade(second).id);
  });

  it("says it is offline and never poses as a model", () => {
    const evaluation = scoresFileSchema.parse(judgeScreenSessionOffline(good));
    expect(evaluation.offline).toBe(true);
    expect(evaluation.judge).toEqual({
      provider: "offline",
      model: "offline:screen-heuristics-v1",
      seed: 42,
    });
    expect(evaluation.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      requests: 0,
      cachedRequests: 0,
      costUsd: 0,
    });
    expect(evaluation.summary).toContain("no model");
    expect(evaluation.confidence).toBeLessThanOrEqual(0.6);
  });

  it("scores a purposeful session above a struggling one, component by component", () => {
    const high = judgeScreenSessionOffline(good);
    const low = judgeScreenSessionOffline(poor);
    expect(high.score).toBeGreaterThan(low.score + 30);
    expect(high.outcomeAchievement).toBeGreaterThan(low.outcomeAchievement);
    expect(high.processQuality).toBeGreaterThan(low.processQuality);
    expect(high.efficiency).toBeGreaterThan(low.efficiency);
    expect(high.score).toBe(
      Math.round(high.outcomeAchievement * 0.5 + high.processQuality * 0.3 + high.efficiency * 0.2),
    );
  });

  it("explains each component with its numbers in 2-6 lines", () => {
    const { observations } = judgeScreenSessionOffline(poor);
    expect(observations.length).toBeGreaterThanOrEqual(2);
    expect(observations.length).toBeLessThanOrEqual(6);
    expect(observations.every((line) => line.length <= 300)).toBe(true);
    const text = observations.join("\n");
    expect(text).toContain("3 repeated identical action(s) of 11");
    expect(text).toContain("2 undo key(s)");
    expect(text).toContain("1 backspace burst(s)");
    expect(text).toContain("1 error-like message(s)");
    expect(text).toMatch(/pause\(s\) of 30 s or more/);
    expect(text).toMatch(/Efficiency \d+\/100: 2\.2 actions per minute over 300 s/);
    expect(text).toContain("No evidence found for:");
    const goodText = judgeScreenSessionOffline(good).observations.join("\n");
    expect(goodText).toContain("4 of 4 objective(s) covered");
  });

  it("finds the evidence of a shortcut objective in its hotkey (Save with cmd+s)", () => {
    const saved = traceSchema.parse({
      ...buildTrace("saved", 20, [
        [1, click(10, 10)],
        [3, key("cmd", "s")],
      ]),
      task: { title: "Save the file", objectives: ["Save with cmd+s"] },
    });
    const text = judgeScreenSessionOffline(saved).observations.join("\n");
    expect(text).not.toContain("No evidence found");
    expect(text).toContain("1 of 1 objective(s) covered");
    const unsaved = traceSchema.parse({
      ...buildTrace("unsaved", 20, [
        [1, click(10, 10)],
        [3, key("enter")],
      ]),
      task: { title: "Save the file", objectives: ["Save with cmd+s"] },
    });
    expect(judgeScreenSessionOffline(unsaved).observations.join("\n")).toContain(
      'No evidence found for: "Save with cmd+s"',
    );
  });

  it("uses rewards as an outcome signal when present", () => {
    const rewarded = buildTrace("web", 60, [
      [1, click(10, 10)],
      [5, "The judge rewarded you 1.00 for this", 1],
      [10, click(20, 20)],
      [15, "The judge rewarded you 1.00 for this", 1],
    ]);
    const unrewarded = buildTrace("web", 60, [
      [1, click(10, 10)],
      [5, "The judge rewarded you 0.00 for this", 0],
      [10, click(20, 20)],
      [15, "The judge rewarded you 0.00 for this", 0],
    ]);
    const high = judgeScreenSessionOffline(rewarded);
    const low = judgeScreenSessionOffline(unrewarded);
    expect(high.outcomeAchievement).toBeGreaterThan(low.outcomeAchievement);
    expect(high.observations[0]).toContain("2 of 2 reward(s) positive");
  });

  it("gives a session with no action a near-zero score", () => {
    const idle = buildTrace("idle", 120, [[3, focus("Finder")]]);
    const evaluation = judgeScreenSessionOffline(idle);
    expect(evaluation.score).toBeLessThan(10);
    expect(evaluation.observations[0]).toContain("no action was recorded");
  });
});

describe("Grader offline", () => {
  const sft: SftMessage[] = [
    {
      role: "user",
      content: `${task.title}\n${task.objectives.map((line) => `- ${line}`).join("\n")}`,
      timestamp: 0,
    },
    { role: "assistant", content: "```python\nclick(10, 10)\n```", timestamp: 2000 },
    {
      role: "assistant",
      content:
        '```python\ntype("Docker Desktop settings: Resources, memory and CPU for containers")\n```',
      timestamp: 6000,
    },
    { role: "assistant", content: '```python\nhotkey("cmd+s")\n```', timestamp: 9000 },
    { role: "assistant", content: "```python\nclick(40, 40)\n```", timestamp: 12000 },
  ];

  it("runs the offline judge on the trace when no model is configured", async () => {
    const grader = new Grader({ now: () => new Date("2025-08-18T12:00:00.000Z") });
    const evaluation = await grader.evaluateSession([], { sessionId: "good", trace: good });
    const direct = judgeScreenSessionOffline(good, [], { createdAt: "2025-08-18T12:00:00.000Z" });
    expect(evaluation).toEqual(direct);
  });

  it("rebuilds a trace from the SFT messages when none is given, and describes each chunk", async () => {
    const grader = new Grader({ weights: "outcome=1" });
    const evaluation = await grader.evaluateSession(sftToChunks(sft, 2), { sessionId: "sft-only" });
    expect(evaluation.offline).toBe(true);
    expect(evaluation.sessionId).toBe("sft-only");
    expect(evaluation.score).toBe(evaluation.outcomeAchievement);
    expect(evaluation.observations[0]).toContain("4 of 4 objective(s) covered");
    expect(evaluation.chunkSummaries).toHaveLength(3);
    expect(evaluation.chunkSummaries[0]).toContain("click(10, 10)");
    const withoutTyping = await grader.evaluateSession(
      [sft.filter((message) => !String(message.content).includes("type("))],
      {
        sessionId: "sft-only",
      },
    );
    expect(withoutTyping.outcomeAchievement).toBeLessThan(evaluation.outcomeAchievement);
  });
});
