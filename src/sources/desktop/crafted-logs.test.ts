import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceSchema } from "../../core/trace.js";
import { type DesktopSessionOptions, desktopSessionReader, readDesktopSession } from "./index.js";

const start = Date.parse("2025-01-01T10:00:00Z");
type Line = { event: string; data?: unknown; time: number } | string;
const at = (ms: number, event: string, data: unknown = {}): Line => ({
  event,
  data,
  time: start + ms,
});
const down = (ms: number, key: string, extra: object = {}) => at(ms, "keydown", { key, ...extra });
const up = (ms: number, key: string) => at(ms, "keyup", { key });
const press = (ms: number, key: string, extra: object = {}) => [
  down(ms, key, extra),
  up(ms + 40, key),
];

let data: string;
let counter = 0;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "tracemill-desktop-crafted-"));
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

async function session(lines: Line[], meta: object = {}, options: DesktopSessionOptions = {}) {
  const id = `s${++counter}`;
  await mkdir(join(data, id));
  const text = lines
    .map((line) => (typeof line === "string" ? line : JSON.stringify(line)))
    .join("\n");
  await writeFile(join(data, id, "input_log.jsonl"), `${text}\n`);
  await writeFile(join(data, id, "meta.json"), JSON.stringify({ platform: "macos", ...meta }));
  const result = await readDesktopSession(data, id, options);
  expect(traceSchema.safeParse(result.trace).success).toBe(true);
  return { ...result, actions: result.trace.steps.map((step) => step.action) };
}

describe("desktop keys", () => {
  it("maps rdev physical positions with the AZERTY layout from the locale", async () => {
    const lines = [
      ...press(0, "KeyQ"),
      ...press(100, "KeyW"),
      ...press(200, "SemiColon"),
      ...press(300, "Num2"),
    ];
    lines.push(down(400, "ShiftLeft"), ...press(450, "Num1"), up(500, "ShiftLeft"));
    const { actions } = await session(lines, { locale: "fr-FR" });
    expect(actions).toEqual([{ type: "type", text: "azmé1" }]);
  });

  it("uses QWERTZ for de-* and the option over the locale", async () => {
    const keys = [...press(0, "KeyY"), ...press(100, "KeyZ"), ...press(200, "Minus")];
    expect((await session(keys, { locale: "de-DE" })).actions).toEqual([
      { type: "type", text: "zyß" },
    ]);
    const forced = await session(keys, { locale: "de-DE" }, { keyboardLayout: "us" });
    expect(forced.actions).toEqual([{ type: "type", text: "yz-" }]);
  });

  it("prefers actual_char when the recorder wrote it", async () => {
    const lines = [
      ...press(0, "KeyA", { actual_char: "à" }),
      ...press(100, "Unknown(42)", { actual_char: "ñ" }),
    ];
    expect((await session(lines)).actions).toEqual([{ type: "type", text: "àñ" }]);
  });

  it("makes one cmd+c per key press, not per press and release", async () => {
    const lines = [
      down(0, "MetaLeft"),
      ...press(100, "KeyC"),
      ...press(600, "KeyC"),
      up(800, "MetaLeft"),
    ];
    const { actions } = await session(lines);
    expect(actions).toEqual([
      { type: "key", keys: ["cmd", "c"] },
      { type: "key", keys: ["cmd", "c"] },
    ]);
    const windows = await session(
      [down(0, "MetaLeft"), ...press(100, "KeyE"), up(200, "MetaLeft")],
      {
        platform: "windows",
      },
    );
    expect(windows.actions).toEqual([{ type: "key", keys: ["super", "e"] }]);
  });

  it("splits typing at a gap of more than 1 s and at special keys", async () => {
    const lines = [
      ...press(0, "KeyH"),
      ...press(300, "KeyI"),
      ...press(1500, "KeyO"),
      ...press(1700, "Return"),
    ];
    lines.push(...press(1800, "Space"), ...press(1900, "UpArrow"));
    const { actions } = await session(lines, { locale: "en-US" });
    expect(actions).toEqual([
      { type: "type", text: "hi" },
      { type: "type", text: "o" },
      { type: "key", keys: ["enter"] },
      { type: "type", text: " " },
      { type: "key", keys: ["up"] },
    ]);
  });
});

describe("desktop log lines", () => {
  it("warns for a bad JSON line with its line number and goes on", async () => {
    const lines: Line[] = [
      at(0, "mousemove", { x: 10, y: 20 }),
      '{"event":"mousedown",',
      at(100, "mousedown", { button: "Left" }),
    ];
    lines.push(
      at(150, "mouseup", { button: "Left" }),
      at(200, "ffmpeg_stderr", { output: "frame=1" }),
    );
    const { actions, warnings } = await session(lines, { scale_factor: 1 });
    expect(actions).toEqual([{ type: "click", x: 10, y: 20, button: "left" }]);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        code: "bad_json",
        line: 2,
        file: expect.stringMatching(/input_log\.jsonl$/),
      }),
    );
  });

  it("turns axtree_interaction into focus observations and warns for unknown shapes", async () => {
    const lines = [at(0, "axtree_interaction", { app: "Safari", title: "Docs" })];
    lines.push(
      at(100, "axtree_interaction", { application: "Finder" }),
      at(200, "axtree_interaction", { x: 1 }),
    );
    const { trace, warnings } = await session(lines);
    expect(trace.steps.map((step) => [step.actor, step.kind, step.action])).toEqual([
      ["environment", "observation", { type: "focus", app: "Safari", title: "Docs" }],
      ["environment", "observation", { type: "focus", app: "Finder" }],
    ]);
    expect(warnings).toContainEqual(
      expect.objectContaining({ code: "unknown_focus_shape", line: 3 }),
    );
  });

  it("drags with a path of 8 physical points, and falls back to the first event as t = 0", async () => {
    const lines: Line[] = [
      at(0, "mousemove", { x: 0, y: 0 }),
      at(10, "mousedown", { button: "Left" }),
    ];
    for (let index = 1; index <= 7; index++)
      lines.push(at(10 + index * 20, "mousemove", { x: index * 10, y: 0 }));
    lines.push(at(200, "mouseup", { button: "Left" }));
    const later = new Date(start + 5000).toISOString();
    const { trace, warnings } = await session(lines, {
      timestamp: later,
      primary_monitor: { width: 2880, height: 1800 },
    });
    expect(trace.steps[0]).toMatchObject({
      t: 0.01,
      action: {
        type: "drag",
        button: "left",
        path: [0, 1, 2, 3, 4, 5, 6, 7].map((n) => [n * 20, 0]),
      },
    });
    expect(trace.meta).toMatchObject({
      timeBase: "first-event",
      scaleSource: "macos-default",
      startedAtMs: start,
    });
    expect(warnings.map((warning) => warning.code)).toContain("timestamp_after_first_event");
  });
});

describe("flat layout", () => {
  it("reads <id>.events.jsonl, <id>.meta.json and <id>.mp4", async () => {
    const flat = join(data, "flat");
    await mkdir(flat);
    const lines = [at(0, "mousemove", { x: 5, y: 5 }), at(10, "mousewheel", { delta: -3 })];
    await writeFile(
      join(flat, "rec1.events.jsonl"),
      lines.map((line) => JSON.stringify(line)).join("\n"),
    );
    await writeFile(
      join(flat, "rec1.meta.json"),
      JSON.stringify({ title: "Flat task", scale_factor: 2 }),
    );
    await writeFile(join(flat, "rec1.mp4"), "not really a video");
    const { traces, warnings } = await desktopSessionReader.read(flat);
    const [trace] = traces;
    expect(warnings).toEqual([]);
    expect(trace?.task).toEqual({ title: "Flat task" });
    expect(trace?.meta).toMatchObject({ sessionId: "rec1", layout: "flat" });
    expect(trace?.source.files.map((file) => file.path)).toEqual([
      "rec1.events.jsonl",
      "rec1.meta.json",
    ]);
    expect(trace?.media[0]).toMatchObject({ kind: "video", path: join(flat, "rec1.mp4") });
    expect(trace?.steps.map((step) => step.action)).toEqual([
      { type: "scroll", x: 10, y: 10, dx: 0, dy: 3 },
    ]);
  });
});
