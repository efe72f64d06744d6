import { join } from "node:path";
import type { Config } from "../core/config.js";
import { createDiskCache, type ResponseCache } from "./cache.js";
import { createModelClient, type ModelClient, type ModelClientDeps } from "./model-client.js";
import { createRedactor, type Redactor } from "./redact.js";

/**
 * The one place a command, the server or a pipeline builds its model client from the
 * configuration: the configured provider (or a command's override such as `--judge`), the
 * configured redactor, and the on-disk answer cache under `cacheDir/model` when `model.cache` is on.
 *
 * Offline has one meaning: a provider named `offline:<name>` sends nothing anywhere and runs no
 * language model. The client still exists (so reports name it and count zero requests) with
 * `client.offline === true`; it answers only the tasks registered as algorithms (the screen
 * heuristics judge, `model try`'s echo) and nothing is cached. A stage that has its own
 * algorithmic baseline (correction smoothing, the devtrace signal judge, insights without labels)
 * asks `languageModelOf(client)` and runs the baseline when it gives undefined.
 */
export interface ConfiguredClientOptions
  extends Pick<ModelClientDeps, "offlineTasks" | "onAttempt" | "onMetrics" | "rateLimiter"> {
  /** Overrides `config.model.provider` (a command's own flag, such as `process --judge`). */
  provider?: string;
  /** The run's redactor; a new one from `config.redaction` when absent. */
  redactor?: Redactor;
  /** false: never answer from (or write to) the on-disk cache, whatever `model.cache` says. */
  diskCache?: boolean;
  /**
   * An answer cache the caller owns (the library's `Grader`), used instead of the on-disk one;
   * like it, consulted only when `model.cache` is on.
   */
  cache?: ResponseCache;
}

export function createConfiguredModelClient(
  config: Config,
  options: ConfiguredClientOptions = {},
): ModelClient {
  const model =
    options.provider === undefined ? config.model : { ...config.model, provider: options.provider };
  const cache =
    options.cache ??
    (options.diskCache !== false && model.cache
      ? createDiskCache(join(config.cacheDir, "model"))
      : undefined);
  return createModelClient(model, {
    redactor: options.redactor ?? createRedactor(config.redaction),
    ...(cache === undefined ? {} : { cache }),
    ...(options.offlineTasks === undefined ? {} : { offlineTasks: options.offlineTasks }),
    ...(options.onAttempt === undefined ? {} : { onAttempt: options.onAttempt }),
    ...(options.onMetrics === undefined ? {} : { onMetrics: options.onMetrics }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
}

/** The client when a language model runs; undefined when offline (run the stage's baseline). */
export function languageModelOf(client: ModelClient | undefined): ModelClient | undefined {
  return client === undefined || client.offline ? undefined : client;
}
