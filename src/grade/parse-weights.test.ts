import { describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { defaultWeights, normaliseWeights, parseWeights } from "./parse-weights.js";
import { screenSessionRubric } from "./screen-rubric.js";

describe("parseWeights", () => {
  it("reads the CLI form, short or full names, in any order", () => {
    expect(parseWeights("outcome=0.6,process=0.3,efficiency=0.1")).toEqual({
      outcomeAchievement: 0.6,
      processQuality: 0.3,
      efficiency: 0.1,
    });
    expect(parseWeights(" efficiency = 1 , outcomeAchievement=2, processQuality=1 ")).toEqual({
      outcomeAchievement: 0.5,
      processQuality: 0.25,
      efficiency: 0.25,
    });
  });

  it("normalises to sum 1 and gives unnamed components weight 0", () => {
    expect(parseWeights("outcome=50,process=30,efficiency=20")).toEqual(defaultWeights);
    expect(parseWeights("outcome=3")).toEqual({
      outcomeAchievement: 1,
      processQuality: 0,
      efficiency: 0,
    });
    const thirds = parseWeights("outcome=1,process=1,efficiency=1");
    expect(thirds.outcomeAchievement).toBeCloseTo(1 / 3, 6);
  });

  it.each([
    ["outcome=0.6,speed=0.4", '"speed=0.4"', "unknown component"],
    ["outcome=abc", '"outcome=abc"', "number"],
    ["outcome=-1,process=2", '"outcome=-1"', "negative"],
    ["outcome0.6", '"outcome0.6"', "no '='"],
    ["outcome=0.5,,process=0.5", '""', "empty"],
    ["outcome=0.5,outcome=0.5", '"outcome=0.5"', "second time"],
    ["outcome=", '"outcome="', "number"],
    ["outcome=Infinity", '"outcome=Infinity"', "finite"],
  ])("refuses %s naming the bad part", (text, part, why) => {
    let error: unknown;
    try {
      parseWeights(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TracemillError);
    expect((error as TracemillError).code).toBe("input_invalid");
    expect((error as Error).message).toContain(part);
    expect((error as Error).message).toContain(why);
  });

  it("refuses all-zero weights", () => {
    expect(() => parseWeights("outcome=0,process=0")).toThrow(/positive weight/);
    expect(() => normaliseWeights({})).toThrow(/positive weight/);
  });
});

describe("screenSessionRubric", () => {
  it("is screen-session v1 with 50/30/20 over three 0-100 components by default", () => {
    const rubric = screenSessionRubric();
    expect(rubric).toMatchObject({ id: "screen-session", version: "1" });
    expect(
      rubric.dimensions.map((dimension) => [
        dimension.key,
        dimension.weight,
        dimension.min,
        dimension.max,
      ]),
    ).toEqual([
      ["outcomeAchievement", 50, 0, 100],
      ["processQuality", 30, 0, 100],
      ["efficiency", 20, 0, 100],
    ]);
    expect(
      screenSessionRubric(parseWeights("outcome=0.6,process=0.3,efficiency=0.1")).dimensions[0]
        ?.weight,
    ).toBe(60);
  });
});
