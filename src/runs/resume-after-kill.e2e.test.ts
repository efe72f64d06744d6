import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace, type Workspace } from "./__fixtures__/run-test-support.js";

// Spawns the fixture pipeline over the built library (npm test builds first).
const fixture = fileURLToPath(new URL("./__fixtures__/process-items.mjs", import.meta.url));
const builtLibrary = fileURLToPath(new URL("../../dist/runs/index.js", import.meta.url));

function startFixture(runsDir: string, inputs: string[], extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [fixture, runsDir, ...inputs, ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function finished(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
}

function runToEnd(runsDir: string, inputs: string[], extra: string[] = []) {
  return finished(startFixture(runsDir, inputs, extra));
}

async function onlyRunDir(runsDir: string): Promise<string> {
  const entries = await readdir(runsDir);
  expect(entries).toHaveLength(1);
  return join(runsDir, entries[0] as string);
}

async function countLines(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  return (await readFile(path, "utf8")).split("\n").length - 1;
}

async function readEvents(
  runDir: string,
): Promise<{ type: string; stage?: string; item?: string }[]> {
  const text = await readFile(join(runDir, "events.jsonl"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; stage?: string; item?: string });
}

describe("resume after an interrupted process", () => {
  let workspace: Workspace;
  let reference: { items: Buffer; summary: Buffer };

  beforeAll(async () => {
    if (!existsSync(builtLibrary))
      throw new Error("dist/runs is missing: run `npm run build` first");
    const setup = await createWorkspace(["first input\n", "second input\n"]);
    const result = await runToEnd(join(setup.root, "reference"), setup.inputs);
    expect(result.code, result.stderr).toBe(0);
    const runDir = await onlyRunDir(join(setup.root, "reference"));
    reference = {
      items: await readFile(join(runDir, "hash", "items.jsonl")),
      summary: await readFile(join(runDir, "summary", "items.jsonl")),
    };
    expect(await countLines(join(runDir, "hash", "items.jsonl"))).toBe(200);
    await setup.cleanup();
  });

  afterEach(async () => {
    await workspace?.cleanup();
  });

  it("kill -9 mid-run, then resume: output bytes equal an uninterrupted run", async () => {
    workspace = await createWorkspace(["first input\n", "second input\n"]);
    const child = startFixture(workspace.runsDir, workspace.inputs, ["--delay", "15"]);
    const exited = finished(child);
    let runDir: string | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const entries = existsSync(workspace.runsDir) ? await readdir(workspace.runsDir) : [];
      if (entries[0]) runDir = join(workspace.runsDir, entries[0]);
      if (runDir && (await countLines(join(runDir, "hash", "items.jsonl"))) >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill("SIGKILL");
    const killed = await exited;
    expect(killed.signal).toBe("SIGKILL");
    if (!runDir) throw new Error("the fixture never created its run folder");
    const linesAtKill = await countLines(join(runDir, "hash", "items.jsonl"));
    expect(linesAtKill).toBeGreaterThanOrEqual(20);
    expect(linesAtKill).toBeLessThan(200);
    expect(existsSync(join(runDir, ".lock"))).toBe(true);

    const resumed = await runToEnd(workspace.runsDir, workspace.inputs, ["--resume", "latest"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await readdir(workspace.runsDir)).toHaveLength(1);
    expect(await readFile(join(runDir, "hash", "items.jsonl"))).toEqual(reference.items);
    expect(await readFile(join(runDir, "summary", "items.jsonl"))).toEqual(reference.summary);

    const events = await readEvents(runDir);
    const types = events.map((event) => event.type);
    expect(types).toContain("run-resume");
    expect(types).toContain("lock-takeover");
    expect(types.at(-1)).toBe("run-end");
    const doneItems = events.filter(
      (event) => event.type === "item-done" && event.stage === "hash",
    );
    // Items finished before the kill are not redone (one item's event may be lost to the kill).
    expect(new Set(doneItems.map((event) => event.item)).size).toBe(doneItems.length);
    expect(doneItems.length).toBeGreaterThanOrEqual(199);
    const manifest = JSON.parse(await readFile(join(runDir, "manifest.json"), "utf8"));
    expect(manifest.status).toBe("completed");
    expect(manifest.stages.hash).toMatchObject({ status: "completed", itemsDone: 200 });
    expect(existsSync(join(runDir, ".lock"))).toBe(false);
  });

  it("a torn half line at the end of the output is cut off and the item redone", async () => {
    workspace = await createWorkspace(["first input\n", "second input\n"]);
    const crashed = await runToEnd(workspace.runsDir, workspace.inputs, ["--stop-after", "50"]);
    expect(crashed.code).toBe(3);
    const runDir = await onlyRunDir(workspace.runsDir);
    const itemsPath = join(runDir, "hash", "items.jsonl");
    expect(await countLines(itemsPath)).toBe(50);
    const nextLine = reference.items.toString("utf8").split("\n")[50] ?? "";
    expect(nextLine).toContain('"item":"item-050"');
    await appendFile(itemsPath, nextLine.slice(0, Math.floor(nextLine.length / 2)));

    const resumed = await runToEnd(workspace.runsDir, workspace.inputs, ["--resume", "latest"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await readFile(itemsPath)).toEqual(reference.items);
    expect(await readFile(join(runDir, "summary", "items.jsonl"))).toEqual(reference.summary);
    const warnings = JSON.parse(await readFile(join(runDir, "warnings.json"), "utf8")) as {
      code: string;
      file?: string;
    }[];
    expect(warnings).toContainEqual(
      expect.objectContaining({ code: "torn_line_truncated", file: "hash/items.jsonl" }),
    );
    const metrics = JSON.parse(await readFile(join(runDir, "metrics.json"), "utf8"));
    // Metrics carry over from the crashed process; its last coalesced rewrite may have been lost.
    expect(metrics.counts.hashed).toBeGreaterThanOrEqual(199);
    expect(metrics.counts.hashed).toBeLessThanOrEqual(200);
  });
});
