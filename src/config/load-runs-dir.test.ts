import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configSchema, defaultConfig } from "../core/config.js";
import { loadConfig } from "./load-config.js";
import { defaultRunsDir, loadRunsDir, logLevels } from "./load-runs-dir.js";

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "tracemill-runs-dir-"));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("loadRunsDir", () => {
  it("keeps the light path's copies of the schema's default and log levels equal to it", () => {
    expect(defaultRunsDir).toBe(defaultConfig().runsDir);
    expect([...logLevels]).toEqual(configSchema.shape.logLevel.unwrap().options);
  });

  it("takes flags over the environment over the default, as loadConfig does", async () => {
    expect(await loadRunsDir({ cwd, env: {} })).toBe("runs");
    const env = { TRACEMILL_RUNS_DIR: "from-env", OPENAI_API_KEY: "sk-x" };
    expect(await loadRunsDir({ cwd, env })).toBe("from-env");
    const flags = { runsDir: "from-flag", logLevel: "warn" };
    expect(await loadRunsDir({ cwd, env, flags })).toBe("from-flag");
    expect(await loadRunsDir({ cwd, env, flags })).toBe(
      (await loadConfig({ cwd, env, flags })).runsDir,
    );
  });

  it("reads the config file and refuses a bad one exactly as loadConfig does", async () => {
    await writeFile(join(cwd, "tracemill.config.json"), JSON.stringify({ runsDir: "from-file" }));
    expect(await loadRunsDir({ cwd, env: {} })).toBe("from-file");
    await writeFile(join(cwd, "tracemill.config.json"), JSON.stringify({ runDir: "typo" }));
    const expected = await loadConfig({ cwd, env: {} }).catch((error: Error) => error);
    await expect(loadRunsDir({ cwd, env: {} })).rejects.toThrow((expected as Error).message);
    await expect(loadRunsDir({ cwd, env: {} })).rejects.toMatchObject({ code: "config_invalid" });
  });

  it("still refuses a bad environment value or a missing --config file", async () => {
    await expect(loadRunsDir({ cwd, env: { TRACEMILL_LOG_LEVEL: "loud" } })).rejects.toMatchObject({
      code: "config_invalid",
    });
    await expect(loadRunsDir({ cwd, env: { TRACEMILL_MAX_COST: "lots" } })).rejects.toMatchObject({
      code: "config_invalid",
    });
    await expect(
      loadRunsDir({ cwd, env: {}, configPath: join(cwd, "absent.json") }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
