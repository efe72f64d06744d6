import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = isTTY;
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe("createProgress", () => {
  it("prints plain lines off a TTY, throttled, always including the last one", () => {
    const output = capture(false);
    const progress = createProgress({
      label: "embed",
      total: 5,
      stream: output.stream,
      plainIntervalMs: 60_000,
    });
    for (let index = 0; index < 5; index++) progress.tick();
    progress.stop();
    expect(output.text().trim().split("\n")).toEqual(["embed: 1/5", "embed: 5/5"]);
  });

  it("draws a bar on a TTY and nothing when quiet", () => {
    const tty = capture(true);
    const bar = createProgress({ label: "grade", total: 2, stream: tty.stream });
    bar.tick(2, "done");
    bar.stop();
    expect(tty.text()).toMatch(/grade \[.*\] 2\/2 100%/);
    const quiet = capture(false);
    const silent = createProgress({ label: "grade", total: 2, stream: quiet.stream, quiet: true });
    silent.tick(2);
    silent.stop();
    expect(quiet.text()).toBe("");
  });

  it("adds the time left to plain lines once the rate after the first item is known", () => {
    const output = capture(false);
    let now = 0;
    const progress = createProgress({
      label: "grade",
      total: 6,
      stream: output.stream,
      plainIntervalMs: 0,
      now: () => now,
    });
    now = 8000;
    progress.tick();
    for (let index = 0; index < 4; index++) {
      now += 1000;
      progress.tick();
    }
    now += 1000;
    progress.tick();
    progress.stop();
    expect(output.text().trim().split("\n")).toEqual([
      "grade: 1/6",
      "grade: 2/6",
      "grade: 3/6 eta 3s",
      "grade: 4/6 eta 2s",
      "grade: 5/6 eta 1s",
      "grade: 6/6",
    ]);
  });
});
