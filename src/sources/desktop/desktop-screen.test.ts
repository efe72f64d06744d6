import { describe, expect, it } from "vitest";
import { parseTimestamp } from "./desktop-meta.js";
import { axtreeLogicalWidth, inferDesktopScreen } from "./desktop-screen.js";

const monitor = { width: 2880, height: 1800 };

describe("inferDesktopScreen", () => {
  it("prefers meta scale_factor, then an axtree ratio near a real scale, then the macOS default", () => {
    expect(inferDesktopScreen({ monitor, scaleFactor: 1.5, logicalWidth: 1440 })).toEqual({
      screen: { ...monitor, scale: 1.5 },
      scale: 1.5,
      scaleSource: "meta",
    });
    expect(inferDesktopScreen({ monitor, logicalWidth: 1440 }).scaleSource).toBe("axtree");
    // A narrow window (2880 / 1000 = 2.88) is not a display scale: ignored.
    expect(inferDesktopScreen({ monitor, logicalWidth: 1000, platform: "macos" })).toMatchObject({
      scale: 2,
      scaleSource: "macos-default",
    });
    expect(
      inferDesktopScreen({ monitor: { width: 1920, height: 1080 }, platform: "macos" }).scale,
    ).toBe(1);
    expect(inferDesktopScreen({ platform: "windows" })).toEqual({
      scale: 1,
      scaleSource: "default",
    });
  });

  it("reads root bboxes in both shapes, skipping the zero-size wrapper", () => {
    const tree = [
      { bbox: { x: 0, y: 0, width: 0, height: 0 }, children: { bbox: [0, 0, 1440, 790] } },
    ];
    expect(axtreeLogicalWidth(tree)).toBe(1440);
    expect(axtreeLogicalWidth({ bbox: { x: 0, y: 0, width: 1280, height: 800 } })).toBe(1280);
    expect(axtreeLogicalWidth("nonsense")).toBeUndefined();
  });
});

describe("parseTimestamp", () => {
  it("reads ISO strings with offsets and epoch seconds or milliseconds", () => {
    expect(parseTimestamp("2025-08-18T13:51:37.719819+02:00")).toBe(
      Date.parse("2025-08-18T11:51:37.719Z"),
    );
    expect(parseTimestamp(1755517897)).toBe(1755517897000);
    expect(parseTimestamp(1755517897719)).toBe(1755517897719);
    expect(parseTimestamp("yesterday")).toBeUndefined();
  });
});
