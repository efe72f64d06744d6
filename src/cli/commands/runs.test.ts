import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkspace, type Workspace } from "../../runs/__fixtures__/run-test-support.js";
import { openRun } from "../../runs/open-run.js";
import { captureOutputInEachTest, testProgram } from "../../test-support/capture-output.js";
import { registerRunsCommand } from "./runs-command.js";

/** A fresh program with the same global flags main.ts declares, so runs.ts is tested on its own. */
const program = () => testProgram(registerRunsCommand);

describe("tracemill runs", () => {
  let workspace: Workspace;
  const output = captureOutputInEachTest();
  let ids: string[];

  beforeEach(async () => {
    workspace = await createWorkspace();
    ids = [];
    for (const day of [1, 2, 3]) {
      const run = await openRun({
        runsDir: workspace.runsDir,
        command: "grade",
        inputs: workspace.inputs,
        config: { day },
        toolVersion: "1",
        logLevel: "silent",
        now: () => new Date(`2025-04-0${day}T08:00:00.000Z`),
      });
      const stage = await run.stage("grade");
      for (let item = 0; item < day; item += 1) await stage.appendItem(`trace-${item}`, { item });
      await run.finish("completed");
      ids.push(run.id);
    }
  });
  afterEach(async () => {
    await workspace.cleanup();
  });

  const run = (...args: string[]) =>
    program().parseAsync(["node", "tracemill", "--runs-dir", workspace.runsDir, ...args]);

  it("lists runs newest first, with --limit and --json", async () => {
    await run("runs", "list", "--limit", "2");
    const lines = output.stdout().trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      new RegExp(`^${ids[2]}\\s+grade\\s+completed\\s+2025-04-03 08:00:00Z\\s+3\\s+0$`),
    );
    expect(lines[2]).toContain(ids[1]);
    output.clear();
    await run("--json", "runs", "list");
    const json = JSON.parse(output.stdout());
    expect(json.runs.map((entry: { id: string }) => entry.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  it("inspects a run and fails with not_found for an unknown id", async () => {
    await run("runs", "inspect", ids[0] as string);
    const text = output.stdout();
    expect(text).toContain(`run ${ids[0]}`);
    expect(text).toMatch(/grade\s+completed\s+1/);
    expect(text).toContain(workspace.inputs[0]);
    await expect(run("runs", "inspect", "no-such-run")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("prune prints and deletes nothing without --yes, and deletes the oldest with it", async () => {
    await run("runs", "prune", "--keep-last", "1");
    expect(output.stdout()).toContain("would delete 2 run(s)");
    expect(ids.every((id) => existsSync(`${workspace.runsDir}/${id}`))).toBe(true);
    output.clear();
    await run("runs", "prune", "--keep-last", "2", "--yes");
    expect(output.stdout()).toContain(`deleted 1 run(s)`);
    expect(existsSync(`${workspace.runsDir}/${ids[0]}`)).toBe(false);
    expect(existsSync(`${workspace.runsDir}/${ids[2]}`)).toBe(true);
    await expect(run("runs", "prune", "--keep-last", "two")).rejects.toMatchObject({
      code: "input_invalid",
    });
  });
});
