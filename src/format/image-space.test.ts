import { describe, expect, it } from "vitest";
import { desktopTrace } from "./__fixtures__/screen-traces.js";
import { displaySize, frameSpaceMappers, imageMapper } from "./image-space.js";

const screen = { width: 2880, height: 1800, scale: 2 };

describe("imageMapper", () => {
  it("maps physical pixels into a resized full frame, keeping inside points inside", () => {
    const map = imageMapper({ kind: "image", path: "f.jpg", width: 1280, height: 800 }, screen);
    expect(map(1440, 900)).toEqual([640, 400]);
    expect(map(0, 0)).toEqual([0, 0]);
    expect(map(2879, 1799)).toEqual([1279, 799]);
    expect(map(-90, 3600)).toEqual([-40, 1600]); // outside the screen: mapped, not clamped
  });

  it("maps into a crop: the image shows that region of the video", () => {
    const crop = { x: 1000, y: 500, width: 800, height: 500 };
    const map = imageMapper(
      { kind: "image", path: "f.crop.jpg", width: 400, height: 250, crop },
      screen,
    );
    expect(map(1400, 750)).toEqual([200, 125]); // the crop's centre is the image's centre
    expect(map(1000, 500)).toEqual([0, 0]);
  });

  it("rounds physical pixels when there is no frame or no known screen", () => {
    expect(imageMapper(undefined, screen)(10.4, 10.6)).toEqual([10, 11]);
    expect(
      imageMapper({ kind: "image", path: "f", width: 10, height: 10 }, undefined)(3.5, 2.2),
    ).toEqual([4, 2]);
  });
});

describe("screenshot spaces of a session", () => {
  it("uses the first full frame as the display and maps frameless steps into it", () => {
    const trace = desktopTrace();
    expect(displaySize(trace)).toEqual({ width: 1280, height: 800 });
    const mappers = frameSpaceMappers(trace);
    const keyStep = trace.steps[5];
    expect(keyStep && mappers.get(keyStep)?.(2880 / 2, 1800 / 2)).toEqual([640, 400]);
    for (const step of trace.steps) step.frame = undefined;
    expect(displaySize(trace)).toEqual({ width: 2880, height: 1800 });
    const first = trace.steps[1];
    expect(first && frameSpaceMappers(trace).get(first)?.(1440.4, 900)).toEqual([1440, 900]);
  });
});
