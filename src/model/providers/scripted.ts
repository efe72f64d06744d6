import { readFile } from "node:fs/promises";
import { TracemillError } from "../../core/errors.js";
import {
  approximateTokens,
  createScriptPlayer,
  parseScript,
  type Script,
  ScriptedFailure,
  type ScriptPlayer,
  scriptedAnswerText,
} from "../script.js";
import type { ModelMessage, ModelProvider, ProviderRequest, ProviderResponse } from "../types.js";

/**
 * Replays answers from a script in-process (tests, demos): no network, same error shapes as HTTP,
 * so the whole door (retries, validation, cache, metrics) runs for real around it.
 */
export function createScriptedProvider(
  model: string,
  source: { scriptPath?: string; script?: Script },
): ModelProvider {
  let player: Promise<ScriptPlayer> | undefined;
  let served = 0;
  const load = async (): Promise<ScriptPlayer> => {
    if (source.script !== undefined) return createScriptPlayer(source.script);
    if (source.scriptPath === undefined) {
      throw new TracemillError(
        "config_invalid",
        "the scripted provider needs model.scriptPath (an answers JSON file)",
      );
    }
    let raw: string;
    try {
      raw = await readFile(source.scriptPath, "utf8");
    } catch (error) {
      throw new TracemillError("not_found", `cannot read the answer script ${source.scriptPath}`, {
        cause: error,
      });
    }
    return createScriptPlayer(parseScript(JSON.parse(raw), source.scriptPath));
  };

  return {
    provider: "scripted",
    model,
    offline: false,
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      player ??= load();
      const text = messagesText(request.messages);
      const answer = (await player).next({ schemaName: request.schemaName, text });
      if (answer === undefined) {
        throw new TracemillError(
          "input_invalid",
          `the answer script has no answer left for ${request.schemaName}`,
        );
      }
      if (answer.delayMs !== undefined) await abortableDelay(answer.delayMs, request.signal);
      if (answer.error !== undefined) throw new ScriptedFailure(answer.error);
      served += 1;
      const answerText = scriptedAnswerText(answer);
      return {
        text: answerText,
        usage: answer.usage ?? {
          inputTokens: approximateTokens(text),
          outputTokens: approximateTokens(answerText),
        },
        responseId: `scripted-${served}`,
        fingerprint: "fp_scripted",
      };
    },
  };
}

export function messagesText(messages: ModelMessage[]): string {
  return messages
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : message.content.map((part) => (part.type === "text" ? part.text : "")).join("\n"),
    )
    .join("\n");
}

function abortableDelay(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
