import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkspace, deadPid, type Workspace } from "./__fixtures__/run-test-support.js";
import { inspectRun, listRuns, pruneRuns } from "./list-runs.js";
import { openRun } from "./open-run.js";
import { renderPruneResult, renderRunDetails, renderRunList } from "./render-runs.js";
import type { Run } from "./run-session.js";

describe("listRuns, inspectRun, pruneRuns", () => {
  let workspace: Workspace;
  let active: Run | undefined;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(async () => {
    await active?.finish("completed");
    active = undefined;
    await workspace.cleanup();
  });

  /** Four runs a day apart: completed, failed, crashed (dead lock), and one still open in this process. */
  async function makeRuns() {
    const open = (day: number, command = "grade") =>
      openRun({
        runsDir: workspace.runsDir,
        command,
        inputs: workspace.inputs,
        config: { day },
        toolVersion: "1",
        logLevel: "silent",
        now: () => new Date(`2025-03-0${day}T12:00:00.000Z`),
      });
    const completed = await open(1);
    const stage = await completed.stage("grade");
    await stage.appendItem("a", {});
    await stage.appendItem("b", {});
    await completed.warn({ stage: "grade", item: "b", code: "odd", message: "odd item" });
    completed.addMetrics({ tokens: { input: 7 }, costUsd: 0.5 });
    await completed.finish("completed");
    const failed = await open(2, "export");
    await failed.finish("failed");
    const crashed = await open(3);
    await crashed.finish("completed");
    const manifestPath = join(crashed.dir, "manifest.json");
    const { readFile } = await import("node:fs/promises");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, status: "running" }));
    await writeFile(
      join(crashed.dir, ".lock"),
      JSON.stringify({ pid: await deadPid(), hostname: hostname(), startedAt: "x" }),
    );
    active = await open(4);
    return { completed, failed, crashed, active };
  }

  it("inspects the newest run as latest, and says so when there is none", async () => {
    await expect(inspectRun(workspace.runsDir, "latest")).rejects.toThrow(/no runs in /);
    const runs = await makeRuns();
    expect((await inspectRun(workspace.runsDir, "latest")).id).toBe(runs.active.id);
  });

  it("lists runs newest first with effective status, items and warnings", async () => {
    expect(await listRuns(workspace.runsDir)).toEqual([]);
    const runs = await makeRuns();
    await writeFile(join(workspace.runsDir, "stray-file.txt"), "not a run");
    const listed = await listRuns(workspace.runsDir);
    expect(listed.map((run) => [run.id, run.status, run.active])).toEqual([
      [runs.active.id, "running", true],
      [runs.crashed.id, "interrupted", false],
      [runs.failed.id, "failed", false],
      [runs.completed.id, "completed", false],
    ]);
    expect(listed[3]).toMatchObject({ command: "grade", itemsDone: 2, warnings: 1 });
    const table = renderRunList(listed);
    expect(table.split("\n")[0]).toMatch(/^id\s+command\s+status\s+created\s+items\s+warnings$/);
    expect(table).toContain("running (active)");
    expect(table).toContain("interrupted");
  });

  it("inspects one run and refuses an unknown id", async () => {
    const runs = await makeRuns();
    const details = await inspectRun(workspace.runsDir, runs.completed.id);
    expect(details.metrics).toMatchObject({ tokens: { input: 7, output: 0 }, costUsd: 0.5 });
    expect(details.warningList).toEqual([expect.objectContaining({ code: "odd", item: "b" })]);
    const text = renderRunDetails(details);
    expect(text).toContain(`run ${runs.completed.id}`);
    expect(text).toMatch(/grade\s+completed\s+2/);
    expect(text).toContain("[grade b] odd: odd item");
    expect(text).toContain(details.manifest.inputs[0]?.sha256.slice(0, 12));
    await expect(inspectRun(workspace.runsDir, "missing-run")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("prunes: a dry run deletes nothing, a real one deletes the oldest but never an active run", async () => {
    const runs = await makeRuns();
    const dry = await pruneRuns(workspace.runsDir, { keepLast: 2, dryRun: true });
    expect(dry.deleted.map((run) => run.id)).toEqual([runs.failed.id, runs.completed.id]);
    expect(existsSync(runs.completed.dir) && existsSync(runs.failed.dir)).toBe(true);
    expect(renderPruneResult(dry)).toContain("would delete 2 run(s)");

    const real = await pruneRuns(workspace.runsDir, { keepLast: 0, dryRun: false });
    expect(real.skippedActive.map((run) => run.id)).toEqual([runs.active.id]);
    expect(real.deleted.map((run) => run.id)).toEqual([
      runs.crashed.id,
      runs.failed.id,
      runs.completed.id,
    ]);
    expect((await listRuns(workspace.runsDir)).map((run) => run.id)).toEqual([runs.active.id]);
    await expect(
      pruneRuns(workspace.runsDir, { keepLast: -1, dryRun: true }),
    ).rejects.toMatchObject({
      code: "input_invalid",
    });
  });
});
