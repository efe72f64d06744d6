import { basename, extname } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { TracemillError } from "../../core/errors.js";
import { readJsonInput } from "../../core/files.js";
import { createConfiguredModelClient } from "../../model/configured-client.js";
import { createOfflineTaskRegistry } from "../../model/providers/offline.js";
import { messagesText } from "../../model/providers/scripted.js";
import type { GenerateObjectResult } from "../../model/types.js";
import { modelFlagsConfig } from "../flag-values.js";
import { configFor, emit } from "../output.js";

export interface ModelTryOptions {
  provider?: string;
  prompt: string;
  schema?: string;
  baseUrl?: string;
  apiKey?: string;
  timeout?: number;
  maxRetries?: number;
  cache: boolean;
  maxCost?: number;
}

const answerSchema = z.object({ answer: z.string() });

/** `model try` (loaded when the command runs; the options live in model-command.ts). */
export async function modelTryAction(options: ModelTryOptions, command: Command): Promise<void> {
  const config = await configFor(command, {
    model: {
      ...modelFlagsConfig(options),
      timeoutMs: options.timeout,
      maxRetries: options.maxRetries,
      maxCostUsd: options.maxCost,
    },
  });
  const { schema, schemaName } = await loadAnswerSchema(options.schema);
  const offlineTasks = createOfflineTaskRegistry();
  // No language model runs offline; this task says so and shows what would have been sent.
  offlineTasks.register(schemaName, (request) => ({
    answer: `offline provider: no language model runs offline; this is your prompt after redaction: ${messagesText(request.messages)}`,
  }));
  const client = createConfiguredModelClient(config, { offlineTasks });
  const result = await client.generateObject({
    schema,
    schemaName,
    messages: [{ role: "user", content: options.prompt }],
  });
  emit(command, () => describeResult(result, client.offline), {
    provider: result.provider,
    model: result.model,
    offline: client.offline,
    value: result.value,
    usage: result.usage,
    durationMs: result.durationMs,
    retries: result.retries,
    cached: result.cached,
    responseId: result.responseId ?? null,
    fingerprint: result.fingerprint ?? null,
  });
}

async function loadAnswerSchema(
  path: string | undefined,
): Promise<{ schema: z.ZodType<unknown>; schemaName: string }> {
  if (path === undefined) return { schema: answerSchema, schemaName: "model_try_answer" };
  const document = await readJsonInput(path, "the JSON Schema");
  let schema: z.ZodType<unknown>;
  try {
    schema = z.fromJSONSchema(document as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new TracemillError(
      "input_invalid",
      `${path} is not a JSON Schema zod can use: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const schemaName =
    basename(path, extname(path))
      .replaceAll(/[^a-zA-Z0-9_-]/g, "_")
      .slice(0, 64) || "answer";
  return { schema, schemaName };
}

function describeResult(result: GenerateObjectResult<unknown>, offline: boolean): string {
  const value = result.value as { answer?: unknown };
  const answer =
    typeof value?.answer === "string" ? value.answer : JSON.stringify(result.value, null, 2);
  const lines = [
    answer,
    "",
    offline
      ? `provider:    offline (${result.model}): no language model ran`
      : `provider:    ${result.provider}:${result.model}${result.cached ? " (answered from the cache)" : ""}`,
    `usage:       ${result.usage.inputTokens} input + ${result.usage.outputTokens} output tokens`,
    `cost:        $${result.usage.costUsd.toFixed(6)}`,
    `time:        ${result.durationMs} ms, ${result.retries} retr${result.retries === 1 ? "y" : "ies"}`,
  ];
  if (result.responseId !== undefined) lines.push(`response id: ${result.responseId}`);
  if (result.fingerprint !== undefined) lines.push(`fingerprint: ${result.fingerprint}`);
  return lines.join("\n");
}
