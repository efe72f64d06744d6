import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkspace, steppingClock, type Workspace } from "./__fixtures__/run-test-support.js";
import { listRuns } from "./list-runs.js";
import { openRun } from "./open-run.js";

describe("run warnings", () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(() => workspace.cleanup());

  const options = () => ({
    runsDir: workspace.runsDir,
    command: "process",
    inputs: workspace.inputs,
    config: {},
    toolVersion: "1.0.0",
    logLevel: "silent",
    now: steppingClock(),
  });

  it("appends each warning to warnings.jsonl, rewrites warnings.json only at the end, and groups them by code", async () => {
    const run = await openRun(options());
    const many = Array.from({ length: 3000 }, (_, index) => ({
      stage: "sessions",
      item: `s-${index % 3}`,
      code: index % 10 === 0 ? "unknown_key" : "key_up_without_down",
      message: `line ${index + 1}`,
      file: "input_log.jsonl",
      line: index + 1,
    }));
    await run.warnAll(many.slice(0, 1500));
    for (const warning of many.slice(1500, 1510)) await run.warn(warning);
    await run.warnAll(many.slice(1510));

    const live = (await readFile(join(run.dir, "warnings.jsonl"), "utf8")).trim().split("\n");
    expect(live).toHaveLength(3000);
    // events.jsonl: a lone warning is one `warning` event; a batch is one `warnings` event per
    // stage and item with its count by code, not every warning again.
    const events = (await readFile(join(run.dir, "events.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.filter((event) => event.type === "warning")).toHaveLength(10);
    const batches = events.filter((event) => event.type === "warnings");
    expect(batches).toHaveLength(6);
    expect(batches.reduce((sum, event) => sum + (event.count as number), 0)).toBe(2990);
    expect(batches[0]).toMatchObject({
      stage: "sessions",
      item: "s-0",
      count: 500,
      codes: { unknown_key: 50, key_up_without_down: 450 },
    });
    expect(JSON.parse(live[2999] as string)).toMatchObject({
      line: 3000,
      code: "key_up_without_down",
    });
    // While the run is going on the full list is not rewritten per warning (that was quadratic).
    expect(JSON.parse(await readFile(join(run.dir, "warnings.json"), "utf8"))).toEqual([]);
    const [listed] = await listRuns(workspace.runsDir);
    expect(listed?.warnings).toBe(3000);

    await run.finish("completed");
    expect(JSON.parse(await readFile(join(run.dir, "warnings.json"), "utf8"))).toHaveLength(3000);
    const summary = JSON.parse(await readFile(join(run.dir, "warnings-summary.json"), "utf8"));
    expect(summary.total).toBe(3000);
    expect(
      summary.groups.map((group: { code: string; count: number }) => [group.code, group.count]),
    ).toEqual([
      ["key_up_without_down", 2700],
      ["unknown_key", 300],
    ]);
    expect(summary.groups[1].first).toMatchObject({ line: 1, file: "input_log.jsonl" });
  });

  it("a resumed run keeps the warnings a killed process appended but never wrote to warnings.json", async () => {
    const first = await openRun({ ...options(), runId: "kept" });
    await first.warn({ stage: "s", code: "odd", message: "one" });
    await first.warn({ stage: "s", code: "odd", message: "two" });
    await first.finish("interrupted");
    // The killed process never rewrote the list.
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(first.dir, "warnings.json"), "[]\n");
    const resumed = await openRun({ ...options(), resume: "kept" });
    await resumed.warn({ stage: "s", code: "odd", message: "three" });
    await resumed.finish("completed");
    const list = JSON.parse(await readFile(join(first.dir, "warnings.json"), "utf8"));
    expect(list.map((warning: { message: string }) => warning.message)).toEqual([
      "one",
      "two",
      "three",
    ]);
  });
});
