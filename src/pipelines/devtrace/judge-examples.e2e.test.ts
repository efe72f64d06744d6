import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { testHmacKey } from "../../sources/devtrace/__fixtures__/devtrace-fixtures.js";
import { requireBwrap, requirePytest, skipWithout } from "../../test-support/requirements.js";
import { judgeExamples, renderJudgedExamples, separationOf } from "./judge-examples.js";

const examples = fileURLToPath(new URL("../../../examples/devtrace/", import.meta.url));
const sandbox = [await requireBwrap(), await requirePytest()];

describe("the judge separates fixed from not fixed on the repo's examples (sandbox verified)", () => {
  skipWithout(...sandbox);

  it("puts the failed fix ≥ 1.5 points below every verified fix, and caps its grade score at 50", async () => {
    const judged = await judgeExamples(examples, testHmacKey);
    console.log(renderJudgedExamples(judged));
    const failed = judged.find((item) => item.name === "failed-attempt");
    expect(failed?.testsPassed).toBe(false);
    expect(judged.filter((item) => item.testsPassed === true).length).toBeGreaterThanOrEqual(3);
    expect(separationOf(judged, "overall")).toBeGreaterThanOrEqual(1.5);
    expect(failed?.gradeScore).toBeLessThanOrEqual(50);
  }, 240_000);
});
