import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const vitest = fileURLToPath(new URL("../../node_modules/vitest/vitest.mjs", import.meta.url));
const config = "test/fixtures/requirements/vitest.config.ts";

/** Runs vitest on the probe fixture as `npm test` would, with or without CI=true. */
function runProbe(ci: boolean): Promise<{ code: number; output: string }> {
  const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  delete environment.CI;
  delete environment.VITEST;
  delete environment.VITEST_POOL_ID;
  delete environment.VITEST_WORKER_ID;
  if (ci) environment.CI = "true";
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, "run", "--config", config], {
      cwd: root,
      env: environment,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

describe("tests that need something this machine lacks", () => {
  it("are skipped with one line naming what is missing and how to get it, and counted", async () => {
    const { code, output } = await runProbe(false);
    expect(code, output).toBe(0);
    expect(output).toContain("tests: 1 passed, 0 failed, 2 skipped");
    const reasons = output.split("\n").filter((line) => line.startsWith("skipped "));
    expect(reasons).toEqual([
      "skipped 2 tests in 1 file: needs imaginary-tool: not on PATH; get it: apt-get install imaginary-tool",
    ]);
  }, 180_000);

  it("fail instead with CI=true", async () => {
    const { code, output } = await runProbe(true);
    expect(code).not.toBe(0);
    expect(output).toContain(
      "CI=true, so this test must run, but it needs imaginary-tool: not on PATH; get it: apt-get install imaginary-tool",
    );
  }, 180_000);
});
