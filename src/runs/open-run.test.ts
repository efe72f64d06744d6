import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import {
  createFakeRedactor,
  createWorkspace,
  steppingClock,
  type Workspace,
} from "./__fixtures__/run-test-support.js";
import { openRun } from "./open-run.js";

async function readJson(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
}

async function readEvents(dir: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, "events.jsonl"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("openRun", () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(() => workspace.cleanup());

  const base = () => ({
    runsDir: workspace.runsDir,
    command: "grade",
    inputs: workspace.inputs,
    config: { model: { provider: "offline:default", temperature: 0 } },
    toolVersion: "1.2.3",
    logLevel: "silent",
  });

  it("creates the run folder with manifest, events, metrics, warnings and a lock, and releases it on finish", async () => {
    const run = await openRun({ ...base(), now: steppingClock() });
    expect(run.id).toMatch(/^grade-20250102-030405-[0-9a-f]{6}$/);
    expect(existsSync(join(run.dir, ".lock"))).toBe(true);
    const lock = await readJson(join(run.dir, ".lock"));
    expect(lock.pid).toBe(process.pid);

    const stage = await run.stage("grade");
    await stage.appendItem("trace-b", { score: 0.5 });
    await stage.appendItem("trace-a", { score: 1 });
    await expect(stage.appendItem("trace-a", { score: 1 })).rejects.toMatchObject({
      code: "conflict",
    });
    run.addMetrics({ counts: { graded: 2 }, tokens: { input: 100, output: 20 }, costUsd: 0.01 });
    run.addMetrics({ counts: { graded: 1 }, durationsMs: { grade: 40 }, tokens: { input: 5 } });
    await run.warn({
      stage: "grade",
      item: "trace-b",
      code: "low_confidence",
      message: "judge unsure",
    });
    await stage.complete();
    await run.finish("completed");

    expect(existsSync(join(run.dir, ".lock"))).toBe(false);
    const manifest = await readJson(join(run.dir, "manifest.json"));
    expect(manifest).toMatchObject({
      schema: "tracemill.run/v1",
      id: run.id,
      command: "grade",
      status: "completed",
      toolVersion: "1.2.3",
      createdAt: "2025-01-02T03:04:05.000Z",
      stages: { grade: { status: "completed", itemsDone: 2 } },
      pid: process.pid,
    });
    expect(manifest.inputs.map((input: { path: string }) => input.path)).toEqual(workspace.inputs);
    expect(manifest.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readJson(join(run.dir, "metrics.json"))).toEqual({
      counts: { graded: 3 },
      durationsMs: { grade: 40 },
      tokens: { input: 105, output: 20 },
      costUsd: 0.01,
    });
    const warnings = await readJson(join(run.dir, "warnings.json"));
    expect(warnings).toEqual([
      expect.objectContaining({ stage: "grade", item: "trace-b", code: "low_confidence" }),
    ]);
    expect(await readFile(join(run.dir, "grade", "items.jsonl"), "utf8")).toBe(
      '{"item":"trace-b","record":{"score":0.5}}\n{"item":"trace-a","record":{"score":1}}\n',
    );
    const events = await readEvents(run.dir);
    expect(events.map((event) => event.type)).toEqual([
      "run-start",
      "stage-start",
      "item-done",
      "item-done",
      "warning",
      "stage-end",
      "run-end",
    ]);
    const times = events.map((event) => String(event.t));
    expect([...times].sort()).toEqual(times);
  });

  it("gives a second run with the same inputs and clock a unique id, and refuses a taken explicit id", async () => {
    const first = await openRun({ ...base(), now: () => new Date("2025-05-05T05:05:05Z") });
    const second = await openRun({ ...base(), now: () => new Date("2025-05-05T05:05:05Z") });
    expect(second.id).toBe(`${first.id}-2`);
    await Promise.all([first.finish("completed"), second.finish("completed")]);
    const named = await openRun({ ...base(), runId: "my-run" });
    expect(named.id).toBe("my-run");
    await named.finish("completed");
    await expect(openRun({ ...base(), runId: "my-run" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(openRun({ ...base(), runId: "../escape" })).rejects.toMatchObject({
      code: "input_invalid",
    });
  });

  it("resumes the latest run of the same command and skips its done items", async () => {
    const clock = steppingClock();
    const first = await openRun({ ...base(), now: clock });
    const stage = await first.stage("grade");
    await stage.appendItem("a", { n: 1 });
    await stage.appendItem("b", { n: 2 });
    await first.finish("failed");
    const other = await openRun({ ...base(), command: "export", now: clock });
    await other.finish("completed");

    const resumed = await openRun({ ...base(), resume: "latest", now: clock });
    expect(resumed.id).toBe(first.id);
    const again = await resumed.stage("grade");
    expect([...again.done()].sort()).toEqual(["a", "b"]);
    expect(again.isDone("c")).toBe(false);
    await again.appendItem("c", { n: 3 });
    await again.complete();
    await resumed.finish("completed");
    const manifest = await readJson(join(first.dir, "manifest.json"));
    expect(manifest.status).toBe("completed");
    expect(manifest.stages.grade).toMatchObject({ status: "completed", itemsDone: 3 });
    const types = (await readEvents(first.dir)).map((event) => event.type);
    expect(types.filter((type) => type === "run-resume")).toHaveLength(1);
  });

  it("refuses to resume an unknown id or another command's run", async () => {
    await expect(openRun({ ...base(), resume: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(openRun({ ...base(), resume: "latest" })).rejects.toMatchObject({
      code: "not_found",
    });
    const run = await openRun(base());
    await run.finish("completed");
    const refused = openRun({ ...base(), command: "export", resume: run.id });
    await expect(refused).rejects.toBeInstanceOf(TracemillError);
    await expect(refused).rejects.toMatchObject({ code: "conflict" });
  });

  it("stores the config with secret keys masked and strings passed through the redactor", async () => {
    const redactor = createFakeRedactor(["alice@example.com"]);
    const run = await openRun({
      ...base(),
      config: {
        model: { apiKey: "sk-live-123456", baseUrl: "https://x.test" },
        owner: "alice@example.com",
      },
      redactor,
    });
    await run.event({ type: "note", text: "mail alice@example.com" });
    await run.finish("completed");
    const manifestText = await readFile(join(run.dir, "manifest.json"), "utf8");
    expect(manifestText).not.toContain("sk-live-123456");
    expect(manifestText).not.toContain("alice@example.com");
    expect(JSON.parse(manifestText).config).toEqual({
      model: { apiKey: "[REDACTED:secret]", baseUrl: "https://x.test" },
      owner: "[REDACTED:fake]",
    });
    expect(await readFile(join(run.dir, "events.jsonl"), "utf8")).not.toContain(
      "alice@example.com",
    );
  });

  it("marks stages still running as failed when the run fails", async () => {
    const run = await openRun(base());
    await run.stage("verify");
    await run.finish("failed");
    const manifest = await readJson(join(run.dir, "manifest.json"));
    expect(manifest.status).toBe("failed");
    expect(manifest.stages.verify.status).toBe("failed");
  });
});
