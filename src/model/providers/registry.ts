import type { ModelConfig } from "../../core/config.js";
import { TracemillError } from "../../core/errors.js";
import type { ModelProvider } from "../types.js";
import { createOfflineProvider, type OfflineTaskRegistry } from "./offline.js";
import { createOpenAIProvider } from "./openai.js";
import { createScriptedProvider } from "./scripted.js";

/** Provider names are `provider:model`; this is the one place that knows which providers exist. */
export const knownProviders = ["openai", "offline", "scripted"] as const;
export type ProviderKind = (typeof knownProviders)[number];

/** Splits `provider:model` and checks the provider against a known list; shared by models and embedders. */
export function splitProviderName<Kind extends string>(
  name: string,
  known: readonly Kind[],
  description: { what: string; example: string },
): { provider: Kind; model: string } {
  const separator = name.indexOf(":");
  const provider = separator === -1 ? name : name.slice(0, separator);
  const model = separator === -1 ? "" : name.slice(separator + 1);
  if (!(known as readonly string[]).includes(provider)) {
    throw new TracemillError(
      "config_invalid",
      `unknown ${description.what} "${provider}" in "${name}"; known providers: ${known.join(", ")} (write provider:model, e.g. ${description.example})`,
    );
  }
  if (model === "") {
    throw new TracemillError(
      "config_invalid",
      `"${name}" names no model; write ${provider}:<model>`,
    );
  }
  return { provider: provider as Kind, model };
}

export function parseProviderName(name: string): { provider: ProviderKind; model: string } {
  return splitProviderName(name, knownProviders, {
    what: "model provider",
    example: "openai:gpt-4o-mini",
  });
}

export function createProvider(
  config: ModelConfig,
  deps: { offlineTasks?: OfflineTaskRegistry } = {},
): ModelProvider {
  const { provider, model } = parseProviderName(config.provider);
  switch (provider) {
    case "openai":
      return createOpenAIProvider(model, config);
    case "offline":
      return createOfflineProvider(model, deps.offlineTasks);
    case "scripted":
      return createScriptedProvider(
        model,
        config.scriptPath === undefined ? {} : { scriptPath: config.scriptPath },
      );
  }
}
