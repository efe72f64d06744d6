import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createPhaseProgress } from "./progress.js";

function capture() {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = false;
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe("createPhaseProgress (the CLI's edge of onProgress(phase, done, total, detail))", () => {
  it("draws one bar per phase, ticks by the done count and shows the item's detail", () => {
    const output = capture();
    const progress = createPhaseProgress({ stream: output.stream });
    progress.onProgress("embed", 2, 2);
    progress.onProgress("facets", 1, 3, "c1");
    progress.onProgress("facets", 3, 3, "c3");
    progress.stop();
    expect(output.text().trim().split("\n")).toEqual([
      "embed: 2/2",
      "facets: 1/3 c1",
      "facets: 3/3 c3",
    ]);
  });

  it("with `first`, a run that reports nothing still prints its 0/0 line", () => {
    const output = capture();
    createPhaseProgress({ stream: output.stream, first: "correct" }).stop();
    expect(output.text()).toBe("correct: 0/0\n");
  });
});
