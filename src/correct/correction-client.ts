import { join } from "node:path";
import type { Config } from "../core/config.js";
import { createDiskCache } from "../model/cache.js";
import {
  createModelClient,
  type ModelClient,
  type ModelClientDeps,
} from "../model/model-client.js";
import { createRedactor } from "../model/redact.js";

/**
 * The model door for corrections as the CLI commands build it (correct, correct-and-train): the
 * configured provider with redaction and the on-disk cache. An offline provider gives no client,
 * so correctEpisodes runs the documented offline baseline instead of pretending to ask a model.
 */
export function createCorrectionClient(
  config: Config,
  deps: Pick<ModelClientDeps, "onAttempt"> = {},
): ModelClient | undefined {
  if (config.model.provider.startsWith("offline:")) return undefined;
  return createModelClient(config.model, {
    ...deps,
    redactor: createRedactor(config.redaction),
    cache: config.model.cache ? createDiskCache(join(config.cacheDir, "model")) : undefined,
  });
}
