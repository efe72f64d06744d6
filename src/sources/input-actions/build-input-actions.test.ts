import { describe, expect, it } from "vitest";
import { stepSchema } from "../../core/trace.js";
import { buildInputActions } from "./build-input-actions.js";
import type { InputEvent, MouseButton } from "./types.js";

let line = 0;
const origin = () => ({ file: "log.jsonl", line: ++line });
const move = (t: number, x: number, y: number): InputEvent => ({
  type: "move",
  t,
  x,
  y,
  origin: origin(),
});
const button = (t: number, pressed: boolean, which: MouseButton = "left"): InputEvent => ({
  type: "button",
  t,
  pressed,
  button: which,
  origin: origin(),
});
const key = (t: number, name: string, pressed = true, char?: string): InputEvent =>
  char === undefined
    ? { type: "key", t, pressed, key: name, origin: origin() }
    : { type: "key", t, pressed, key: name, char, origin: origin() };
const tap = (t: number, name: string, char?: string): InputEvent[] => [
  key(t, name, true, char),
  key(t + 0.05, name, false),
];
const wheel = (t: number, dy: number): InputEvent => ({
  type: "wheel",
  t,
  dx: 0,
  dy,
  origin: origin(),
});
const actions = (events: InputEvent[], options = {}) =>
  buildInputActions(events, options).steps.map((step) => step.action);

describe("buildInputActions: pointer", () => {
  it("makes a click at the last move, scaled to physical pixels and rounded", () => {
    const result = buildInputActions([move(0, 100.4, 50.3), button(1, true), button(1.1, false)], {
      scale: 2,
    });
    expect(result.steps).toEqual([
      {
        index: 0,
        t: 1,
        actor: "human",
        kind: "action",
        action: { type: "click", x: 201, y: 101, button: "left" },
        origin: { file: "log.jsonl", line: expect.any(Number) },
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("keeps right and middle buttons", () => {
    const events = [move(0, 10, 10), button(1, true, "right"), button(1.1, false, "right")];
    events.push(button(3, true, "middle"), button(3.1, false, "middle"));
    expect(actions(events)).toEqual([
      { type: "click", x: 10, y: 10, button: "right" },
      { type: "click", x: 10, y: 10, button: "middle" },
    ]);
  });

  it("makes one double click from two clicks within 5 units and 500 ms", () => {
    const events = [move(0, 10, 10), button(1, true), button(1.08, false), move(1.2, 13, 13)];
    events.push(button(1.3, true), button(1.38, false));
    expect(actions(events)).toEqual([{ type: "double_click", x: 10, y: 10, button: "left" }]);
  });

  it("keeps two clicks apart in time or space as two clicks", () => {
    const slow = [
      move(0, 10, 10),
      button(1, true),
      button(1.05, false),
      button(1.6, true),
      button(1.65, false),
    ];
    expect(actions(slow).map((action) => action?.type)).toEqual(["click", "click"]);
    const far = [move(0, 10, 10), button(1, true), button(1.05, false), move(1.1, 20, 10)];
    far.push(button(1.2, true), button(1.25, false));
    expect(actions(far).map((action) => action?.type)).toEqual(["click", "click"]);
  });

  it("makes a drag when the pointer moves more than 5 units, resampled to 8 points", () => {
    const events = [move(0, 0, 0), button(1, true)];
    for (let step = 1; step <= 70; step++) events.push(move(1 + step / 100, step, 0));
    events.push(button(1.8, false));
    const [drag] = actions(events, { scale: 2 });
    expect(drag).toEqual({
      type: "drag",
      button: "left",
      path: [0, 20, 40, 60, 80, 100, 120, 140].map((x) => [x, 0]),
    });
  });

  it("makes a drag when the press is held longer than 500 ms without moving", () => {
    const [drag] = actions([move(0, 5, 5), button(1, true), button(1.7, false)]);
    expect(drag).toMatchObject({ type: "drag", path: Array(8).fill([5, 5]) });
  });

  it("counts a drag that comes back to its start as a drag", () => {
    const events = [
      move(0, 0, 0),
      button(1, true),
      move(1.05, 30, 0),
      move(1.1, 0, 0),
      button(1.15, false),
    ];
    expect(actions(events)[0]?.type).toBe("drag");
  });

  it("warns for a release without press and a press never released, without throwing", () => {
    const result = buildInputActions([move(0, 1, 1), button(1, false), button(2, true, "right")]);
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      "release_without_press",
      "press_never_released",
    ]);
    expect(result.warnings[0]).toMatchObject({ file: "log.jsonl", line: expect.any(Number) });
    expect(result.steps.map((step) => step.action)).toEqual([
      { type: "click", x: 1, y: 1, button: "right" },
    ]);
  });

  it("groups wheel deltas while gaps stay under 500 ms, at the pointer", () => {
    const events = [move(0, 50, 60), wheel(1, -1), wheel(1.2, -4), wheel(1.6, -14), wheel(2.2, 3)];
    expect(actions(events, { scale: 2 })).toEqual([
      { type: "scroll", x: 100, y: 120, dx: 0, dy: -19 },
      { type: "scroll", x: 100, y: 120, dx: 0, dy: 3 },
    ]);
  });
});

describe("buildInputActions: keyboard", () => {
  it("groups typed characters until a gap of more than 1 s", () => {
    const events = [...tap(0, "h"), ...tap(0.2, "i"), ...tap(0.4, " "), ...tap(2, "y", "Y")];
    expect(actions(events)).toEqual([
      { type: "type", text: "hi " },
      { type: "type", text: "Y" },
    ]);
  });

  it("applies shift on the US layout when no character is given", () => {
    const events = [
      key(0, "shift"),
      ...tap(0.1, "a"),
      ...tap(0.2, "1"),
      ...tap(0.3, "/"),
      key(0.4, "shift", false),
    ];
    events.push(...tap(0.5, "b"));
    expect(actions(events)).toEqual([{ type: "type", text: "A!?b" }]);
  });

  it("makes one hotkey per press, including auto-repeat presses, modifiers first", () => {
    const events = [
      key(0, "cmd"),
      key(0.1, "c"),
      key(0.15, "c"),
      key(0.2, "c", false),
      key(0.3, "cmd", false),
    ];
    expect(actions(events)).toEqual([
      { type: "key", keys: ["cmd", "c"] },
      { type: "key", keys: ["cmd", "c"] },
    ]);
    const combo = [key(0, "shift"), key(0, "ctrl"), ...tap(0.1, "z")];
    expect(actions(combo)).toEqual([{ type: "key", keys: ["ctrl", "shift", "z"] }]);
  });

  it("makes special keys alone key actions that end typing; modifiers alone make nothing", () => {
    const events = [...tap(0, "a"), ...tap(0.1, "enter"), ...tap(0.2, "b"), ...tap(0.3, "ctrl")];
    events.push(key(0.4, "shift"), ...tap(0.5, "tab"));
    expect(actions(events)).toEqual([
      { type: "type", text: "a" },
      { type: "key", keys: ["enter"] },
      { type: "type", text: "b" },
      { type: "key", keys: ["shift", "tab"] },
    ]);
  });

  it("ends typing at a click and warns for a key up without a down", () => {
    const events = [
      move(0, 1, 1),
      ...tap(0, "a"),
      button(0.2, true),
      button(0.25, false),
      ...tap(0.3, "b"),
    ];
    events.push(key(0.5, "q", false));
    const result = buildInputActions(events);
    expect(result.steps.map((step) => step.action?.type)).toEqual(["type", "click", "type"]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["key_up_without_down"]);
  });
});

describe("buildInputActions: focus and order", () => {
  it("makes focus observations and sorts unsorted input", () => {
    const events: InputEvent[] = [
      ...tap(2, "x"),
      { type: "focus", t: 1, app: "Docker Desktop", title: "Settings", origin: origin() },
    ];
    const result = buildInputActions(events);
    expect(result.steps.map((step) => [step.index, step.t, step.actor, step.kind])).toEqual([
      [0, 1, "environment", "observation"],
      [1, 2, "human", "action"],
    ]);
    expect(result.steps[0]?.action).toEqual({
      type: "focus",
      app: "Docker Desktop",
      title: "Settings",
    });
    for (const step of result.steps) expect(stepSchema.parse(step)).toEqual(step);
  });
});
