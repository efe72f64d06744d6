import { z } from "zod";
import type { ModelClient } from "../../model/model-client.js";
import type { ModelMessage } from "../../model/types.js";
import { chooseK } from "../cluster/choose-k.js";
import { levelSizes } from "../hierarchy/level-sizes.js";
import { readConversations } from "../input/read-conversations.js";
import { effectiveStages, type InsightsRunOptions } from "./options.js";

/**
 * The estimate printed before a run starts: model calls per stage, tokens, time and cost. Tokens
 * follow the door's own estimate (characters / 4 plus the schema, and each request's output cap)
 * on a representative request per kind; time assumes `secondsPerCall` per model call divided by
 * the concurrency, plus measured offline rates (facets, embeddings) for the local work.
 */
export interface PreflightEstimate {
  conversations: number;
  provider: string;
  offline: boolean;
  calls: Record<string, number>;
  total_calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  estimated_seconds: number;
  assumptions: string[];
}

export const secondsPerCall = 2;
const offlineFacetsPerSecond = 400;
// Measured on facet summaries (~140 characters, ~50 tokens) on the 2-core machine; short texts go 4× faster.
const offlineEmbeddingsPerSecond = 35;

export async function estimateRun(
  options: InsightsRunOptions,
  client: ModelClient | undefined,
): Promise<PreflightEstimate> {
  const stages = effectiveStages(options.stages);
  let conversations = 0;
  let characters = 0;
  if (stages.facets) {
    for await (const { conversation } of readConversations(options.input)) {
      conversations += 1;
      for (const message of conversation.messages) characters += message.content.length;
      if (options.limit !== undefined && conversations >= options.limit) break;
    }
  }
  const evalConversations = stages.eval ? options.evalCount : 0;
  const k = stages.clustering ? (options.k ?? chooseK(conversations)) : 0;
  const evalK = stages.eval ? chooseK(evalConversations) : 0;
  const hierarchyCalls = (base: number) => {
    const sizes = levelSizes(base, options.levels);
    let calls = 0;
    for (let level = 1; level < sizes.length; level++) {
      const below = sizes[level - 1] as number;
      // proposals per neighbourhood + one dedup + one assign per child + one rename per parent
      calls += Math.ceil(below / 40) + 1 + below + (sizes[level] as number);
    }
    return calls;
  };
  const nodes = (base: number) =>
    levelSizes(base, stages.hierarchy ? options.levels : 1).reduce((a, b) => a + b, 0);
  // One audit per gated cluster or node, plus the sampled raw conversations and summaries (the
  // sampled cluster texts reuse the gates' audits).
  const privacyCalls = (base: number, population: number) =>
    nodes(base) + 2 * Math.min(options.auditSampleSize, population);
  const calls: Record<string, number> = {
    facets: stages.facets ? conversations : 0,
    labels: stages.labeling ? k : 0,
    hierarchy: stages.hierarchy ? hierarchyCalls(k) : 0,
    privacy: stages.privacy ? privacyCalls(k, conversations) : 0,
    // The eval stage runs the run's own later stages on its corpus, privacy included.
    eval: stages.eval
      ? evalConversations +
        evalK +
        (stages.hierarchy ? hierarchyCalls(evalK) : 0) +
        (stages.privacy ? privacyCalls(evalK, evalConversations) : 0)
      : 0,
  };
  const offline = client === undefined || client.offline;
  const provider = client ? `${client.provider}:${client.model}` : "offline";
  const totalCalls = Object.values(calls).reduce((sum, value) => sum + value, 0);
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  if (!offline && client) {
    const average = conversations > 0 ? Math.round(characters / conversations) : 0;
    const facetRequest = client.estimate({
      schema: estimateSchema,
      schemaName: "insights_facets",
      messages: textMessages(Math.min(average, 12_000) + 1200),
      settings: { maxOutputTokens: 400 },
    });
    const otherRequest = client.estimate({
      schema: estimateSchema,
      schemaName: "insights_estimate",
      messages: textMessages(3000),
      settings: { maxOutputTokens: 300 },
    });
    const facetCalls = (calls.facets ?? 0) + evalConversations;
    const otherCalls = totalCalls - facetCalls;
    inputTokens = facetCalls * facetRequest.inputTokens + otherCalls * otherRequest.inputTokens;
    outputTokens = facetCalls * facetRequest.outputTokens + otherCalls * otherRequest.outputTokens;
    costUsd = facetCalls * facetRequest.costUsd + otherCalls * otherRequest.costUsd;
  }
  const localSeconds =
    (conversations + evalConversations) / offlineEmbeddingsPerSecond +
    (offline ? (conversations + evalConversations) / offlineFacetsPerSecond : 0);
  const modelSeconds = offline
    ? 0
    : (totalCalls * secondsPerCall) / Math.max(1, options.concurrency);
  return {
    conversations,
    provider,
    offline,
    calls: offline ? Object.fromEntries(Object.keys(calls).map((key) => [key, 0])) : calls,
    total_calls: offline ? 0 : totalCalls,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cost_usd: Math.round(costUsd * 1e4) / 1e4,
    estimated_seconds: Math.round(localSeconds + modelSeconds),
    assumptions: [
      offline
        ? "offline: no model calls, no cost; time from measured offline rates"
        : `${secondsPerCall} s per model call at concurrency ${options.concurrency}; tokens = characters / 4 plus each request's output cap`,
      `embeddings at about ${offlineEmbeddingsPerSecond} summaries/s (offline USE on wasm)`,
    ],
  };
}

const estimateSchema = z.object({ value: z.string() });

function textMessages(characters: number): ModelMessage[] {
  return [{ role: "user", content: "x".repeat(Math.max(1, characters)) }];
}

export function renderEstimate(estimate: PreflightEstimate): string {
  const calls = Object.entries(estimate.calls)
    .filter(([, count]) => count > 0)
    .map(([stage, count]) => `${stage} ${count}`)
    .join(", ");
  return [
    `preflight: ${estimate.conversations} conversations, provider ${estimate.provider}${estimate.offline ? " (offline algorithms, no language model)" : ""}`,
    `  model calls: ${estimate.total_calls}${calls ? ` (${calls})` : ""}`,
    `  tokens: ~${estimate.input_tokens} in, ~${estimate.output_tokens} out; cost ~$${estimate.cost_usd.toFixed(4)}`,
    `  time: ~${estimate.estimated_seconds} s`,
  ].join("\n");
}
