import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, runCli } from "../../test-support/run-cli.js";
import { generateSyntheticCorpus } from "../eval/synthetic.js";

/**
 * A real crash: the built CLI is killed with SIGKILL while facets are being written (no cleanup
 * runs, the lock's owner is dead, the last line may be torn), then `--resume` finishes the run.
 * The facets must be byte-identical to an uninterrupted run of the same input.
 */
let dir: string;
let input: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-insights-kill-"));
  input = join(dir, "conversations.jsonl");
  const corpus = await generateSyntheticCorpus({ count: 6000, seed: 7 });
  await writeFile(
    input,
    corpus.conversations
      .map((row) => JSON.stringify(row))
      .join("\n")
      .concat("\n"),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lineCount(path: string): Promise<number> {
  try {
    return (await readFile(path, "utf8")).split("\n").length - 1;
  } catch {
    return 0;
  }
}

describe("insights run killed with SIGKILL", () => {
  it("resumes where it stopped and writes the same facets as an uninterrupted run", async () => {
    const env = { TRACEMILL_CACHE_DIR: join(dir, "cache") };
    const common = ["insights", "run", "--input", input, "--with-facets", "--yes"];
    const partial = join(dir, "runs", "killed", "facets", "facets.partial.jsonl");
    const child = spawn(
      process.execPath,
      [cliPath, "--runs-dir", join(dir, "runs"), "--quiet", ...common, "--run-id", "killed"],
      { env: { ...process.env, ...env }, stdio: "ignore" },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let seen = 0;
    for (let attempt = 0; attempt < 3000 && seen < 500; attempt++) {
      seen = await lineCount(partial);
      if (seen < 500) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill("SIGKILL");
    await exited;
    const atKill = await lineCount(partial);
    expect(atKill).toBeGreaterThanOrEqual(500);
    expect(atKill).toBeLessThan(6000);

    const resumed = await runCli(
      ["--runs-dir", join(dir, "runs"), "--json", ...common, "--resume", "killed"],
      { env },
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { facets: number; facetsResumed: number };
    expect(report.facets).toBe(6000);
    expect(report.facetsResumed).toBeGreaterThan(0);

    const clean = await runCli(
      ["--runs-dir", join(dir, "runs"), "--json", ...common, "--run-id", "clean"],
      { env },
    );
    expect(clean.code, clean.stderr).toBe(0);
    const facets = (run: string) => readFile(join(dir, "runs", run, "facets.jsonl"), "utf8");
    const [killedFacets, cleanFacets] = await Promise.all([facets("killed"), facets("clean")]);
    expect(killedFacets.split("\n")).toHaveLength(6001);
    expect(killedFacets).toBe(cleanFacets);
    expect((await stat(join(dir, "runs", "killed", "facets.jsonl"))).size).toBeGreaterThan(0);
  });
});
