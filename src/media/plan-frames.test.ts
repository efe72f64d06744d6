import { describe, expect, it } from "vitest";
import { planFrames } from "./plan-frames.js";

describe("planFrames", () => {
  it("asks for the frame one video frame before each action, keyed by step", () => {
    const requests = planFrames(
      [
        { index: 3, t: 0.5, x: 10, y: 20 },
        { index: 12, t: 0.9 },
      ],
      1.2,
      { fps: 10 },
    );
    expect(requests).toEqual([
      {
        key: "step-0003",
        t: 0.4,
        stepIndex: 3,
        stepIndexes: [3],
        reason: "action",
        point: { x: 10, y: 20 },
      },
      { key: "step-0012", t: 0.8, stepIndex: 12, stepIndexes: [12], reason: "action" },
    ]);
  });

  it("clamps the first action's frame at 0", () => {
    const [request] = planFrames([{ index: 0, t: 0.01 }], 1, { fps: 30 });
    expect(request?.t).toBe(0);
  });

  it("lets two actions in the same video frame share one request", () => {
    const requests = planFrames(
      [
        { index: 0, t: 2.01, x: 1, y: 1 },
        { index: 1, t: 2.04, x: 5, y: 5 },
        { index: 2, t: 2.2 },
      ],
      2.5,
      { fps: 10 },
    );
    const actions = requests.filter((request) => request.reason === "action");
    expect(actions.map((request) => [request.key, request.stepIndexes])).toEqual([
      ["step-0000", [0, 1]],
      ["step-0002", [2]],
    ]);
    expect(actions[0]?.point).toEqual({ x: 1, y: 1 });
  });

  it("adds one frame per second through idle stretches, including the start and the end", () => {
    const requests = planFrames(
      [
        { index: 0, t: 1.5 },
        { index: 1, t: 1.8 },
        { index: 2, t: 5.2 },
      ],
      7.5,
      { fps: 10 },
    );
    const idle = requests.filter((request) => request.reason === "idle");
    expect(idle.map((request) => request.key)).toEqual([
      "idle-0001.0",
      "idle-0002.8",
      "idle-0003.8",
      "idle-0004.8",
      "idle-0006.2",
      "idle-0007.2",
    ]);
    // Ordered by time, action and idle frames interleaved.
    expect(requests.map((request) => request.t)).toEqual(
      [...requests.map((request) => request.t)].sort((a, b) => a - b),
    );
    expect(requests.some((request) => request.key === "idle-0001.5")).toBe(false);
  });

  it("drops an idle frame that lands in an action's video frame", () => {
    const requests = planFrames(
      [
        { index: 0, t: 0 },
        { index: 1, t: 1.05 },
      ],
      1.05,
      { fps: 10 },
    );
    expect(requests.map((request) => request.key)).toEqual(["step-0000", "step-0001"]);
  });

  it("plans idle frames only for a session without actions, and nothing for gaps under a second", () => {
    expect(planFrames([], 3.5).map((request) => request.key)).toEqual([
      "idle-0001.0",
      "idle-0002.0",
      "idle-0003.0",
    ]);
    expect(planFrames([], 0.9)).toEqual([]);
  });
});
