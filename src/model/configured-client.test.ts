import { describe, expect, it } from "vitest";
import { defaultConfig } from "../core/config.js";
import { createConfiguredModelClient, languageModelOf } from "./configured-client.js";

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
});
