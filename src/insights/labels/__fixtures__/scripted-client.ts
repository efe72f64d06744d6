import { defaultConfig, modelConfigSchema } from "../../../core/config.js";
import { createConfiguredModelClient } from "../../../model/configured-client.js";
import type { ModelClient } from "../../../model/model-client.js";
import { createRateLimiter } from "../../../model/rate-limiter.js";
import type { Script } from "../../../model/script.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "../../../model/scripted-server.js";

/** A model client talking over real HTTP to the scripted OpenAI-compatible server on 127.0.0.1. */
export async function scriptedClient(
  script: Script,
): Promise<{ server: ScriptedOpenAIServer; client: ModelClient }> {
  const server = await startScriptedOpenAIServer(script);
  const client = createConfiguredModelClient(
    {
      ...defaultConfig(),
      model: modelConfigSchema.parse({
      provider: "openai:gpt-4o-mini",
      baseUrl: server.url,
      apiKey: "test-key",
      maxRetries: 0,
        cache: false,
      }),
    },
    { rateLimiter: createRateLimiter({ maxTokens: 1000, refillPerSecond: 1000, concurrency: 8 }) },
  );
  return { server, client };
}
