import type { Config } from "../core/config.js";
import { createConfiguredModelClient, languageModelOf } from "../model/configured-client.js";
import type { ModelClient, ModelClientDeps } from "../model/model-client.js";

/**
 * The model door for corrections (correct, correct-and-train), built by the one builder
 * (src/model/configured-client.ts). Offline gives no client, so correctEpisodes runs the
 * documented offline baseline instead of pretending to ask a model.
 */
export function createCorrectionClient(
  config: Config,
  deps: Pick<ModelClientDeps, "onAttempt"> = {},
): ModelClient | undefined {
  return languageModelOf(createConfiguredModelClient(config, deps));
}
