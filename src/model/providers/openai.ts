import type { OpenAI } from "openai";
import { APIConnectionError, APIConnectionTimeoutError } from "openai/error";
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ModelConfig } from "../../core/config.js";
import { TracemillError } from "../../core/errors.js";
import type {
  ContentPart,
  ModelMessage,
  ModelProvider,
  ProviderRequest,
  ProviderResponse,
} from "../types.js";

/**
 * Any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp server)
 * through the official SDK. The SDK's own retries are off: retries, timeouts and limits are the
 * door's, applied once for every provider.
 */
export function createOpenAIProvider(
  model: string,
  config: Pick<ModelConfig, "baseUrl" | "apiKey" | "azureApiVersion" | "timeoutMs">,
): ModelProvider {
  const officialEndpoint = isOpenAIEndpoint(config.baseUrl);
  // The single environment read the house style allows: a provider's API-key fallback.
  const apiKey = config.apiKey ?? process.env.OPENAI_API_KEY;
  if (apiKey === undefined && (officialEndpoint || config.azureApiVersion !== undefined)) {
    throw new TracemillError(
      "config_invalid",
      "an API key is needed for this endpoint: set OPENAI_API_KEY, model.apiKey or --api-key (local servers need none: pass --base-url)",
    );
  }
  // Local servers ignore the key, but the SDK insists on one.
  const key = apiKey ?? "not-needed-for-local-servers";
  // The SDK loads with the first request, not with the model module (issue 20).
  let connection: Promise<OpenAI> | undefined;
  const connect = () => {
    connection ??= import("openai").then((sdk) =>
      config.azureApiVersion !== undefined
        ? new sdk.AzureOpenAI({
            apiKey: key,
            endpoint: config.baseUrl,
            apiVersion: config.azureApiVersion,
            deployment: model,
            maxRetries: 0,
            timeout: config.timeoutMs,
          })
        : new sdk.OpenAI({
            apiKey: key,
            baseURL: config.baseUrl,
            maxRetries: 0,
            timeout: config.timeoutMs,
          }),
    );
    return connection;
  };

  return {
    provider: "openai",
    model,
    offline: false,
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      const { settings } = request;
      const maxTokens =
        settings.maxOutputTokens === undefined
          ? {}
          : officialEndpoint
            ? { max_completion_tokens: settings.maxOutputTokens }
            : { max_tokens: settings.maxOutputTokens };
      const client = await connect();
      const completion = await namingTheEndpoint(client.baseURL, () =>
        client.chat.completions.create(
          {
            model,
            messages: request.messages.map(toWireMessage),
            response_format: {
              type: "json_schema",
              json_schema: {
                name: request.schemaName,
                strict: request.strict,
                schema: request.jsonSchema,
              },
            },
            seed: settings.seed,
            temperature: settings.temperature,
            top_p: settings.topP,
            frequency_penalty: settings.frequencyPenalty,
            presence_penalty: settings.presencePenalty,
            ...maxTokens,
          },
          { signal: request.signal, timeout: settings.timeoutMs },
        ),
      );
      const message = completion.choices[0]?.message;
      if (message?.refusal) {
        throw new TracemillError(
          "model_output_invalid",
          `the model refused to answer: ${message.refusal}`,
        );
      }
      const response: ProviderResponse = {
        text: message?.content ?? "",
        usage: {
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
        },
      };
      if (completion.id) response.responseId = completion.id;
      if (completion.system_fingerprint) response.fingerprint = completion.system_fingerprint;
      return response;
    },
  };
}

/**
 * A request that never reached the server ("Connection error.") says which URL it tried, so a
 * mistyped --base-url or a stopped local server is obvious. The error keeps its class, so the
 * retry policy treats it as before; credentials in the URL are not shown.
 */
async function namingTheEndpoint<T>(baseUrl: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof APIConnectionError && !(error instanceof APIConnectionTimeoutError)) {
      error.message = `cannot reach ${withoutCredentials(baseUrl)}/chat/completions (${error.message.replace(/\.$/, "")}${causeText(error)})`;
    }
    throw error;
  }
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

function causeText(error: Error): string {
  // fetch wraps the socket error: APIConnectionError → TypeError("fetch failed") → ECONNREFUSED.
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 3 && cause !== null && typeof cause === "object"; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return `: ${code}`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return "";
}

export function isOpenAIEndpoint(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return true;
  try {
    return new URL(baseUrl).hostname === "api.openai.com";
  } catch {
    return false;
  }
}

function toWireMessage(message: ModelMessage): ChatCompletionMessageParam {
  if (typeof message.content === "string") return { role: message.role, content: message.content };
  if (message.role !== "user") {
    // Only user turns may carry images; other roles take text.
    const text = message.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
    return { role: message.role, content: text };
  }
  return { role: "user", content: message.content.map(toWirePart) };
}

function toWirePart(part: ContentPart): ChatCompletionContentPart {
  if (part.type === "text") return { type: "text", text: part.text };
  const url = part.url ?? `data:${part.mimeType ?? "image/png"};base64,${part.data ?? ""}`;
  return { type: "image_url", image_url: { url, detail: part.detail ?? "low" } };
}
