import { TimeoutError } from "../core/errors.js";
import type { ModelMessage, ModelProvider, ProviderRequest, ProviderResponse } from "./types.js";

/** The re-ask after an answer the schema rejected: the answer as given, then what was wrong. */
export function correctiveTurn(previous: string, problem: string): ModelMessage[] {
  return [
    { role: "assistant", content: previous.slice(0, 4000) },
    {
      role: "user",
      content: `That answer was rejected: ${problem}. Reply again with only one JSON object that matches the schema.`,
    },
  ];
}

/** One attempt with its own deadline; the provider gets a signal that fires on timeout or on the caller's abort. */
export async function callWithTimeout(
  provider: ModelProvider,
  request: Omit<ProviderRequest, "signal">,
  timeoutMs: number,
  userSignal: AbortSignal | undefined,
): Promise<ProviderResponse> {
  const controller = new AbortController();
  const signal =
    userSignal === undefined ? controller.signal : AbortSignal.any([userSignal, controller.signal]);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const timeout = new TimeoutError(`no answer within ${timeoutMs} ms`);
      controller.abort(timeout);
      reject(timeout);
    }, timeoutMs);
  });
  const answer = provider.complete({ ...request, signal });
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
