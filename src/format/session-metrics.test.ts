import { describe, expect, it } from "vitest";
import { desktopTrace, jpegReader, webTrace } from "./__fixtures__/screen-traces.js";
import { idleGaps, sessionMetrics, sessionMetricsSchema } from "./session-metrics.js";
import { traceToSft } from "./trace-to-sft.js";

describe("sessionMetrics", () => {
  it("counts actions, messages, images, frames and idle time", async () => {
    const { readImage } = await jpegReader();
    const trace = desktopTrace();
    const sft = await traceToSft(trace, { readImage });
    const metrics = sessionMetricsSchema.parse(sessionMetrics(trace, sft, { warnings: 2 }));
    expect(metrics).toMatchObject({
      sessionId: "20250817_232256",
      source: "desktop-session",
      durationS: 20,
      actions: {
        total: 7,
        byType: { click: 2, double_click: 1, drag: 1, type: 1, key: 1, scroll: 1 },
        perMinute: 21, // 7 actions in 20 s
      },
      messages: { total: 14, user: 7, assistant: 7, system: 0, images: 5 },
      frames: { total: 6, action: 5, idle: 1 },
      // actions at 1, 2, 3, 4, 5, 12, 13 in a 20 s session: gaps 7 s (5→12) and 7 s (13→20)
      idle: { seconds: 14, gaps: 2, thresholdS: 5 },
      warnings: 2,
    });
  });

  it("collects signals and handles a session without a recorded duration", async () => {
    const { readImage } = await jpegReader();
    const trace = webTrace();
    const metrics = sessionMetrics(trace, await traceToSft(trace, { readImage }));
    expect(metrics.signals).toEqual({ reward: { count: 1, sum: 0.5, last: 0.5 } });
    expect(metrics.durationS).toBe(6); // the last step
    expect(metrics.warnings).toBe(0);
    expect(metrics.actions.perMinute).toBe(30);
  });

  it("counts the time before the first action as idle", () => {
    expect(idleGaps([10, 11, 16], 16, 5)).toEqual({ seconds: 15, gaps: 2 });
    expect(idleGaps([], 0, 5)).toEqual({ seconds: 0, gaps: 0 });
  });
});
