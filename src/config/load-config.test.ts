import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { loadConfig } from "./load-config.js";

async function folderWithConfig(content: unknown): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "tracemill-config-"));
  await writeFile(
    join(folder, "tracemill.config.json"),
    typeof content === "string" ? content : JSON.stringify(content),
  );
  return folder;
}

describe("loadConfig", () => {
  it("gives defaults when nothing is set", async () => {
    const config = await loadConfig({
      cwd: await mkdtemp(join(tmpdir(), "tracemill-empty-")),
      env: {},
    });
    expect(config.model).toMatchObject({
      provider: "offline:default",
      seed: 42,
      temperature: 0,
      topP: 1,
      timeoutMs: 60_000,
    });
    expect(config.model.rateLimit).toEqual({ maxTokens: 10, refillPerSecond: 2, concurrency: 4 });
    expect(config.embedder.provider).toBe("offline:use-512");
  });

  it("applies flags over environment over file over defaults, merging nested objects", async () => {
    const cwd = await folderWithConfig({
      runsDir: "from-file",
      model: { provider: "openai:gpt-4o-mini", seed: 7, rateLimit: { maxTokens: 3 } },
    });
    const config = await loadConfig({
      cwd,
      env: { TRACEMILL_RUNS_DIR: "from-env", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" },
      flags: { runsDir: "from-flag", model: { seed: 9 } },
    });
    expect(config.runsDir).toBe("from-flag");
    expect(config.model).toMatchObject({
      provider: "openai:gpt-4o-mini",
      seed: 9,
      baseUrl: "http://127.0.0.1:9/v1",
    });
    expect(config.model.rateLimit).toEqual({ maxTokens: 3, refillPerSecond: 2, concurrency: 4 });
  });

  it("names the bad key and its source", async () => {
    const cwd = await folderWithConfig({ model: { rateLimit: { refillPerSecond: -1 } } });
    const failure = await loadConfig({ cwd, env: {} }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TracemillError);
    expect((failure as TracemillError).code).toBe("config_invalid");
    expect((failure as Error).message).toMatch(
      /model\.rateLimit\.refillPerSecond: .*tracemill\.config\.json/,
    );

    const fromFlag = await loadConfig({
      cwd,
      env: {},
      flags: { model: { rateLimit: { refillPerSecond: 1 } }, logLevel: "loud" },
    }).catch((error: unknown) => error);
    expect((fromFlag as Error).message).toMatch(/logLevel: .*\(from command-line flag\)/);
  });

  it("reports a config file that is not JSON, and an explicit file that is missing", async () => {
    const cwd = await folderWithConfig("{ not json");
    await expect(loadConfig({ cwd, env: {} })).rejects.toThrow(/not valid JSON/);
    await expect(loadConfig({ cwd, env: {}, configPath: "missing.json" })).rejects.toThrow(
      /cannot read config file/,
    );
  });
});
