import { TracemillError } from "../../core/errors.js";
import type { ModelMessage, ModelProvider, ProviderRequest, ProviderResponse } from "../types.js";

/**
 * The offline provider runs algorithms, not language models: each task (schema name) needs an
 * implementation registered by the stage that owns it. Without one it says so instead of pretending.
 */
export interface OfflineTaskRequest {
  schemaName: string;
  messages: ModelMessage[];
  context: Record<string, unknown>;
}

export type OfflineTask = (request: OfflineTaskRequest) => unknown | Promise<unknown>;

export interface OfflineTaskRegistry {
  register(schemaName: string, implementation: OfflineTask): void;
  get(schemaName: string): OfflineTask | undefined;
  names(): string[];
}

export function createOfflineTaskRegistry(): OfflineTaskRegistry {
  const tasks = new Map<string, OfflineTask>();
  return {
    register(schemaName, implementation) {
      tasks.set(schemaName, implementation);
    },
    get(schemaName) {
      return tasks.get(schemaName);
    },
    names() {
      return [...tasks.keys()].sort();
    },
  };
}

export function createOfflineProvider(
  model: string,
  registry: OfflineTaskRegistry | undefined,
): ModelProvider {
  return {
    provider: "offline",
    model,
    offline: true,
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      const implementation = registry?.get(request.schemaName);
      if (implementation === undefined) {
        throw new TracemillError(
          "unavailable",
          `the offline provider has no algorithm for task ${request.schemaName}; configure a model with --provider openai:<model>`,
        );
      }
      const value = await implementation({
        schemaName: request.schemaName,
        messages: request.messages,
        context: request.context,
      });
      return {
        value,
        usage: { inputTokens: 0, outputTokens: 0 },
        model: `offline:${request.schemaName}`,
      };
    },
  };
}
