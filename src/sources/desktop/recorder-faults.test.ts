import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceSchema } from "../../core/trace.js";
import { traceToResults, traceToSft } from "../../format/index.js";
import { eventOverlays } from "../../format/render-results-html.js";
import { readDesktopSession } from "./index.js";

// Logs shaped like the macOS desktop recorder's real faults (issue 14), one session per fault.
const start = Date.parse("2025-03-01T09:00:00Z");
type Line = { event: string; data?: unknown; time: number } | string;
const at = (ms: number, event: string, data: unknown = {}): Line => ({
  event,
  data,
  time: start + ms,
});

/** Every event written twice, identical, the second 0 or 1 ms later (the faulty recorder). */
const twice = (lines: Line[]): Line[] =>
  lines.flatMap((line, index) =>
    typeof line === "string" || line.event === "mousemove"
      ? [line]
      : [line, { ...line, time: line.time + (index % 2) }],
  );
const typed = (ms: number, text: string): Line[] =>
  [...text].flatMap((char, index) => [
    at(ms + index * 120, "keydown", { key: `Key${char.toUpperCase()}`, actual_char: char }),
    at(ms + index * 120 + 50, "keyup", { key: `Key${char.toUpperCase()}` }),
  ]);
const click = (ms: number, x: number, y: number): Line[] => [
  at(ms - 100, "mousemove", { x, y }),
  at(ms, "mousedown", { button: "Left" }),
  at(ms + 80, "mouseup", { button: "Left" }),
];

let data: string;
let counter = 0;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "tracemill-recorder-faults-"));
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

async function session(lines: Line[], meta: object = {}) {
  const id = `f${++counter}`;
  await mkdir(join(data, id));
  const text = lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line)));
  await writeFile(join(data, id, "input_log.jsonl"), `${text.join("\n")}\n`);
  await writeFile(join(data, id, "meta.json"), JSON.stringify({ platform: "macos", ...meta }));
  const result = await readDesktopSession(data, id);
  expect(traceSchema.safeParse(result.trace).success).toBe(true);
  return { ...result, actions: result.trace.steps.map((step) => step.action) };
}

describe("duplicated events", () => {
  it("collapses events logged twice: single clicks, the exact typed text, one warning with the count", async () => {
    const lines = twice([...click(0, 100, 100), ...typed(1000, "hello"), ...click(3000, 300, 120)]);
    const { actions, warnings, trace } = await session(lines);
    expect(actions).toEqual([
      { type: "click", x: 100, y: 100, button: "left" },
      { type: "type", text: "hello" },
      { type: "click", x: 300, y: 120, button: "left" },
    ]);
    const duplicate = warnings.filter((warning) => warning.code === "duplicate_events");
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0]?.message).toMatch(/^14 input events/);
    expect(trace.meta.duplicateEvents).toBe(14);
    expect(warnings.filter((warning) => warning.code === "press_without_release")).toEqual([]);
  });

  it("keeps real repeats: a double click and a key's auto-repeat 30 ms apart", async () => {
    const lines: Line[] = [
      ...click(0, 50, 50),
      ...click(200, 50, 50).slice(1),
      at(1000, "keydown", { key: "KeyA", actual_char: "a" }),
      at(1030, "keydown", { key: "KeyA", actual_char: "a" }),
      at(1060, "keyup", { key: "KeyA" }),
    ];
    const { actions, trace } = await session(lines);
    expect(actions).toEqual([
      { type: "double_click", x: 50, y: 50, button: "left" },
      { type: "type", text: "aa" },
    ]);
    expect(trace.meta.duplicateEvents).toBe(0);
  });
});

describe("lost modifier releases", () => {
  it("a Cmd+Tab whose keyup MetaLeft was lost does not leak into typing 10 s later", async () => {
    const lines: Line[] = [
      at(0, "keydown", { key: "MetaLeft" }),
      at(100, "keydown", { key: "Tab" }),
      at(150, "keyup", { key: "Tab" }),
      ...typed(10_000, "hello"),
    ];
    const { actions, warnings } = await session(lines);
    expect(actions).toEqual([
      { type: "key", keys: ["cmd", "tab"] },
      { type: "type", text: "hello" },
    ]);
    expect(warnings.filter((warning) => warning.code === "modifier_release_lost")).toHaveLength(1);
  });

  it("releases held modifiers at a focus change and when the modifier goes down again", async () => {
    const lines: Line[] = [
      at(0, "keydown", { key: "ControlLeft" }),
      at(100, "keydown", { key: "KeyC", actual_char: "c" }),
      at(150, "keyup", { key: "KeyC" }),
      at(400, "axtree_interaction", {
        focused_app: { name: "Notes", bundle_id: "com.apple.Notes", pid: 7 },
      }),
      ...typed(600, "ok"),
      at(1000, "keydown", { key: "MetaLeft" }),
      at(1100, "keydown", { key: "KeyS" }),
      at(1150, "keyup", { key: "KeyS" }),
      at(1400, "keydown", { key: "MetaLeft" }),
      at(1500, "keydown", { key: "KeyV" }),
      at(1550, "keyup", { key: "KeyV" }),
      at(1600, "keyup", { key: "MetaLeft" }),
    ];
    const { actions, warnings } = await session(lines);
    expect(actions).toEqual([
      { type: "key", keys: ["ctrl", "c"] },
      { type: "focus", app: "Notes" },
      { type: "type", text: "ok" },
      { type: "key", keys: ["cmd", "s"] },
      { type: "key", keys: ["cmd", "v"] },
    ]);
    const lost = warnings.filter((warning) => warning.code === "modifier_release_lost");
    expect(lost).toHaveLength(1);
    expect(lost[0]?.message).toMatch(/^2 modifier/);
  });
});

const loginTree = {
  bbox: [0, 0, 800, 600],
  role: "AXWindow",
  title: "Sign in",
  children: [
    { bbox: [100, 100, 400, 130], role: "AXTextField", description: "Email", children: [] },
    {
      bbox: [100, 150, 400, 180],
      role: "AXSecureTextField",
      description: "Password",
      value: "••••",
      children: [],
    },
    {
      bbox: { x: 100, y: 200, width: 80, height: 30 },
      role: "AXButton",
      title: "Save",
      children: [],
    },
  ],
};

describe("axtree_interaction", () => {
  it("gives focus steps from focused_app.name and click targets from the tree", async () => {
    const lines: Line[] = [
      at(0, "axtree_interaction", {
        focused_app: { name: "Word", bundle_id: "com.microsoft.Word", pid: 42 },
        tree: [loginTree],
      }),
      ...click(500, 120, 210),
      ...click(1500, 700, 500),
      at(2000, "axtree_interaction", { focused_app: { name: "Word", pid: 42 }, tree: [loginTree] }),
    ];
    const { trace } = await session(lines);
    const steps = trace.steps.map(({ action, target }) => ({ action, target }));
    expect(steps).toEqual([
      { action: { type: "focus", app: "Word" }, target: undefined },
      {
        action: { type: "click", x: 120, y: 210, button: "left" },
        target: { role: "AXButton", label: "Save" },
      },
      {
        action: { type: "click", x: 700, y: 500, button: "left" },
        target: { role: "AXWindow", label: "Sign in" },
      },
    ]);
    const sft = await traceToSft(trace, { readImage: async () => Buffer.alloc(0) });
    const texts = sft.map((message) => message.content);
    expect(texts).toContain("Focused: Word");
    expect(texts).toContain('```python\nclick(120, 210)  # "Save" button\n```');
  });

  it("masks what is typed into an AXSecureTextField, found by a click or by the focused element", async () => {
    const lines: Line[] = [
      at(0, "axtree_interaction", { focused_app: { name: "Example" }, tree: [loginTree] }),
      ...click(200, 150, 115),
      ...typed(400, "ada"),
      ...click(1200, 150, 165),
      ...typed(1400, "secret"),
      at(2500, "keydown", { key: "Tab" }),
      at(2550, "keyup", { key: "Tab" }),
      at(2600, "axtree_interaction", {
        focused_app: { name: "Example" },
        tree: [loginTree],
        focused_element: { role: "AXSecureTextField", bbox: [100, 150, 400, 180] },
      }),
      ...typed(2800, "hunter"),
      ...click(4000, 120, 210),
    ];
    const { trace } = await session(lines);
    const text = JSON.stringify(trace);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("hunter");
    expect(text).not.toContain("••••");
    expect(
      trace.steps.flatMap((step) => (step.action?.type === "type" ? [step.action.text] : [])),
    ).toEqual(["ada", "<password>", "<password>"]);
  });
});

describe("scroll direction", () => {
  it.each([
    ["macos", { delta: 3 }, "scroll(3)"],
    ["macos", { delta: -2 }, "scroll(-2)"],
    ["macos", { delta_x: 4, delta_y: 0 }, "hscroll(-4)"],
    ["windows", { delta: 1 }, "scroll(1)"],
    ["windows", { delta_x: 2, delta_y: 0 }, "hscroll(2)"],
    ["linux", { delta: -1 }, "scroll(-1)"],
  ])("%s: raw wheel %j is %s (positive scroll = up)", async (platform, delta, code) => {
    const { trace } = await session(
      [at(0, "mousemove", { x: 5, y: 5 }), at(10, "mousewheel", delta)],
      {
        platform,
      },
    );
    const sft = await traceToSft(trace, { readImage: async () => Buffer.alloc(0) });
    expect(sft.map((message) => message.content)).toContain(`\`\`\`python\n${code}\n\`\`\``);
  });
});

describe("second monitor", () => {
  it("keeps clicks outside the recorded display, flagged outsideRecording, with no marker in results", async () => {
    const lines = [...click(0, 100, 100), ...click(1000, -300, 50), ...click(2000, 700, 50)];
    const { trace, warnings } = await session(lines, {
      primary_monitor: { width: 1280, height: 800 },
      scale_factor: 2,
    });
    expect(
      trace.steps.map((step) => [
        step.action?.type,
        step.action && "x" in step.action ? step.action.x : undefined,
        step.outsideRecording,
      ]),
    ).toEqual([
      ["click", 200, undefined],
      ["click", -600, true],
      ["click", 1400, true],
    ]);
    expect(warnings.filter((warning) => warning.code === "outside_recording")).toHaveLength(1);
    const results = traceToResults(trace);
    const identity = (x: number, y: number): [number, number] => [x, y];
    expect(results.map((event) => eventOverlays(event, identity).length)).toEqual([1, 0, 0]);
  });
});

describe("keyboard_layout", () => {
  it("uses meta.keyboard_layout over the locale when an event has no actual_char, and trusts actual_char", async () => {
    const lines: Line[] = [
      at(0, "keydown", { key: "KeyQ" }),
      at(40, "keyup", { key: "KeyQ" }),
      at(100, "keydown", { key: "KeyW", actual_char: "z" }),
      at(140, "keyup", { key: "KeyW" }),
    ];
    const { actions } = await session(lines, { keyboard_layout: "us-qwerty", locale: "fr-FR" });
    expect(actions).toEqual([{ type: "type", text: "qz" }]);
    const azerty = await session(lines, { keyboard_layout: "fr-azerty", locale: "en-US" });
    expect(azerty.actions).toEqual([{ type: "type", text: "az" }]);
  });
});
