import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defaultConfig } from "../core/config.js";
import { Grader } from "../grade/grader.js";
import { createMemoryCache } from "./cache.js";
import { createConfiguredModelClient, languageModelOf } from "./configured-client.js";
import { startScriptedOpenAIServer } from "./scripted-server.js";

const ask = {
  schema: z.object({ answer: z.string() }),
  schemaName: "answer",
  messages: [{ role: "user" as const, content: "How good is this trace?" }],
};
const good = { value: { answer: "fine" } };

const src = fileURLToPath(new URL("../", import.meta.url));

/** Every .ts file under src except tests (fixtures included: they build clients too). */
function nonTestFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return nonTestFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("createConfiguredModelClient (the one builder) and the one meaning of offline", () => {
  it("offline: a client exists, says offline, and gives no language model to a stage", () => {
    const client = createConfiguredModelClient(defaultConfig());
    expect(client.provider).toBe("offline");
    expect(client.offline).toBe(true);
    expect(languageModelOf(client)).toBeUndefined();
    expect(languageModelOf(undefined)).toBeUndefined();
  });

  it("a named provider is a language model; a command's override wins over the config", () => {
    const config = { ...defaultConfig(), model: { ...defaultConfig().model, apiKey: "sk-test" } };
    const configured = createConfiguredModelClient({
      ...config,
      model: { ...config.model, provider: "openai:gpt-4o-mini" },
    });
    expect(languageModelOf(configured)).toBe(configured);
    const judge = createConfiguredModelClient(config, { provider: "openai:gpt-4.1-mini" });
    expect([judge.provider, judge.model, judge.offline]).toEqual(["openai", "gpt-4.1-mini", false]);
  });

  it("no code outside src/model builds a client beneath the builder", () => {
    const builders = nonTestFiles(src)
      .map((path) => relative(src, path).split(sep).join("/"))
      .filter((path) => !path.startsWith("model/") && path !== "index.ts")
      .filter((path) =>
        /\bcreateModelClient\s*\(|\bnew OpenAI\b/.test(readFileSync(join(src, path), "utf8")),
      );
    expect(builders).toEqual([]);
  });

  it("answers from a cache the caller hands in (the Grader's), never the on-disk one", async () => {
    const server = await startScriptedOpenAIServer({ answers: [good] });
    const cacheDir = mkdtempSync(join(tmpdir(), "tm-configured-"));
    try {
      const grader = new Grader({
        apiKey: "sk-test",
        baseUrl: server.url,
        maxRetries: 0,
        cache: createMemoryCache(),
      });
      const config = { ...defaultConfig(), cacheDir };
      const client = createConfiguredModelClient(
        {
          ...config,
          model: {
            ...config.model,
            provider: "openai:gpt-4o-mini",
            apiKey: "sk-test",
            baseUrl: server.url,
          },
        },
        { cache: createMemoryCache() },
      );
      await client.generateObject(ask);
      const again = await client.generateObject(ask);
      expect(again.cached).toBe(true);
      expect(server.requests).toHaveLength(1);
      expect(readdirSync(cacheDir)).toEqual([]);
      expect(grader.judge).toBe("openai:gpt-4o-mini");
    } finally {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
