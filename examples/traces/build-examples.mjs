// Builds the native Trace examples used by `tracemill demo` and the tests. Deterministic:
// rerunning it rewrites identical bytes. Facts (task wording, the calculator fix, the driving
// episode's shape) follow the public samples in test/fixtures/samples (MIT / Apache-2.0).
import { writeFileSync } from "node:fs";

const origin = (file, line) => ({ file, line });

const devtrace = {
  schema: "tracemill.trace/v1",
  id: "trace_example_calculator_fix",
  kind: "devtrace",
  source: { format: "tracemill", files: [] },
  task: {
    id: "calc-multiply",
    title: "Fix the calculator multiply bug",
    description: "test_multiply fails: multiply returns the sum of its arguments.",
  },
  actor: { id: "participant-7", role: "developer" },
  environment: { platform: "linux", app: "python" },
  steps: [
    {
      index: 0,
      t: 0,
      actor: "human",
      kind: "note",
      text: "Plan: run the tests to see which one fails. Hypothesis: test_multiply fails.",
      origin: origin("chunk_01.json", 1),
    },
    {
      index: 1,
      t: 5,
      actor: "human",
      kind: "action",
      action: {
        type: "command",
        command: "pytest test_calculator.py::test_multiply -v",
        cwd: "/workspace",
        exitCode: 1,
      },
      origin: origin("chunk_01.json", 2),
    },
    {
      index: 2,
      t: 10,
      actor: "environment",
      kind: "observation",
      action: {
        type: "test",
        framework: "pytest",
        passed: 0,
        failed: 1,
        failedTests: ["test_multiply"],
      },
      origin: origin("chunk_01.json", 3),
    },
    {
      index: 3,
      t: 20,
      actor: "human",
      kind: "note",
      text: "Observation: multiply(3, 4) returned 7, so it adds instead of multiplying. (Ran with DATABASE_URL=postgres://calc:s3cretpass@db.internal:5432/calc; questions to dana.lee@example.org.)",
      origin: origin("chunk_02.json", 1),
    },
    {
      index: 4,
      t: 30,
      actor: "human",
      kind: "action",
      action: {
        type: "edit",
        path: "calculator.py",
        language: "python",
        diff: "@@ -5,2 +5,2 @@\n def multiply(a, b):\n-    return a + b\n+    return a * b\n",
      },
      origin: origin("chunk_02.json", 2),
    },
    {
      index: 5,
      t: 40,
      actor: "human",
      kind: "action",
      action: { type: "command", command: "pytest -q", cwd: "/workspace", exitCode: 0 },
      origin: origin("chunk_03.json", 1),
    },
    {
      index: 6,
      t: 45,
      actor: "environment",
      kind: "observation",
      action: { type: "test", framework: "pytest", passed: 4, failed: 0 },
      origin: origin("chunk_03.json", 2),
    },
    {
      index: 7,
      t: 50,
      actor: "human",
      kind: "action",
      action: { type: "commit", sha: "9f3c2a1", message: "Fix multiply: use * instead of +" },
      origin: origin("chunk_03.json", 3),
    },
  ],
  media: [],
  meta: {},
};

const screen = {
  schema: "tracemill.trace/v1",
  id: "trace_example_docker_resources",
  kind: "screen",
  source: { format: "tracemill", files: [] },
  task: {
    title: "Configure Docker container resources",
    objectives: [
      "Open Docker Desktop",
      "Access the settings menu",
      "Navigate to Resources",
      "Adjust memory and CPU settings",
    ],
  },
  environment: { platform: "macos", app: "Docker Desktop", screen: { width: 2880, height: 1800 } },
  steps: [
    {
      index: 0,
      t: 0,
      actor: "user",
      kind: "message",
      text: "Configure Docker container resources: open Docker Desktop, go to Settings > Resources, adjust memory and CPU.",
      origin: origin("meta.json"),
    },
    {
      index: 1,
      t: 3.2,
      actor: "human",
      kind: "action",
      action: { type: "key", keys: ["cmd", "space"] },
      origin: origin("input_log.jsonl", 120),
    },
    {
      index: 2,
      t: 4.9,
      actor: "human",
      kind: "action",
      action: { type: "type", text: "docker" },
      origin: origin("input_log.jsonl", 131),
    },
    {
      index: 3,
      t: 6.1,
      actor: "human",
      kind: "action",
      action: { type: "key", keys: ["return"] },
      origin: origin("input_log.jsonl", 144),
    },
    {
      index: 4,
      t: 14.5,
      actor: "human",
      kind: "action",
      action: { type: "click", x: 2710, y: 96, button: "left" },
      origin: origin("input_log.jsonl", 812),
    },
    {
      index: 5,
      t: 19.8,
      actor: "human",
      kind: "action",
      action: { type: "click", x: 402, y: 538, button: "left" },
      origin: origin("input_log.jsonl", 1290),
    },
    {
      index: 6,
      t: 27.3,
      actor: "human",
      kind: "action",
      action: {
        type: "drag",
        path: [
          [1210, 702],
          [1330, 702],
          [1465, 703],
        ],
        button: "left",
      },
      origin: origin("input_log.jsonl", 2011),
    },
    {
      index: 7,
      t: 35.0,
      actor: "human",
      kind: "action",
      action: { type: "scroll", x: 1400, y: 900, dx: 0, dy: -3 },
      origin: origin("input_log.jsonl", 2466),
    },
    {
      index: 8,
      t: 44.6,
      actor: "human",
      kind: "action",
      action: { type: "click", x: 2504, y: 1686, button: "left" },
      origin: origin("input_log.jsonl", 3390),
    },
  ],
  media: [],
  meta: {},
};

// A short driving episode: [steering, acceleration] at 10 steps/s, a human takeover at steps 6-11.
const steering = [
  0.02, 0.03, 0.05, 0.1, 0.22, 0.41, -0.65, -0.58, -0.31, -0.12, -0.04, 0.0, 0.01, 0.0,
];
const robot = {
  schema: "tracemill.trace/v1",
  id: "trace_example_driving_takeover",
  kind: "robot",
  source: { format: "tracemill", files: [] },
  task: { title: "Keep the lane on a curved road" },
  steps: steering.map((value, index) => ({
    index,
    t: index / 10,
    actor: index >= 6 && index <= 11 ? "human" : "agent",
    kind: "action",
    action: { type: "control", values: [value, index >= 6 && index <= 11 ? 0.1 : 0.4] },
    intervention: index >= 6 && index <= 11,
    origin: { file: "trajectory_0_1.json", offset: index },
  })),
  media: [],
  meta: {},
};

for (const [name, trace] of [
  ["calculator-fix", devtrace],
  ["docker-resources", screen],
  ["driving-takeover", robot],
]) {
  writeFileSync(
    new URL(`./${name}.trace.json`, import.meta.url),
    `${JSON.stringify(trace, null, 2)}\n`,
  );
}
