import { TracemillError } from "../../core/errors.js";
import { hmacSha256Hex } from "../../core/hash.js";
import type { ModelClient } from "../../model/model-client.js";
import { type Conversation, countTurns } from "../input/conversation.js";
import { createPiiScanner, type PiiScanner, redactPii } from "../privacy/pii.js";
import { assessConcerning } from "./concerning.js";
import { deriveTask } from "./derive-task.js";
import { extractiveSummary } from "./extractive-summary.js";
import { buildFacetMessages, facetsSchemaName, modelFacetsSchema } from "./facet-prompt.js";
import { type FacetRecord, offlineFacetSource } from "./facet-record.js";
import { detectLanguage, toIso6391, toIso6393 } from "./language.js";

export { createFacetBatcher } from "./facet-batcher.js";
export { type FacetRecord, facetRecordSchema, offlineFacetSource } from "./facet-record.js";

/**
 * Facets of one conversation. With a non-offline model client: one `insights_facets` request whose
 * prompt asks the model to leave identifying details out; its summary and task are still passed
 * through the PII redactor, because a model can ignore instructions. Without one (or with the offline
 * client): `offline:facets/v1`, an extractive summary, a derived task, franc language detection and
 * a lexicon concerning score. Counts are always computed in code.
 */
export interface ExtractFacetsOptions {
  client?: ModelClient;
  /** the run's secret salt for user keys; never stored next to the keys */
  salt: string | Uint8Array;
  maxTranscriptChars?: number;
  signal?: AbortSignal;
  scanner?: PiiScanner;
}

const userKeyHexChars = 16;

export function userKeyFor(salt: string | Uint8Array, userId: string): string {
  if (salt.length === 0) {
    throw new TracemillError(
      "config_invalid",
      "insights facets need a non-empty salt for user keys",
    );
  }
  return `u_${hmacSha256Hex(salt, userId).slice(0, userKeyHexChars)}`;
}

export async function extractFacets(
  conversation: Conversation,
  options: ExtractFacetsOptions,
): Promise<FacetRecord> {
  const base = {
    conversation_id: conversation.conversation_id,
    user_key: userKeyFor(options.salt, conversation.user_id),
    counts: countsOf(conversation),
  };
  const client = options.client;
  if (client === undefined || client.offline) {
    return { ...base, ...offlineFacets(conversation, options.scanner) };
  }
  const result = await client.generateObject({
    schema: modelFacetsSchema,
    schemaName: facetsSchemaName,
    messages: buildFacetMessages(conversation, options.maxTranscriptChars),
    context: { conversation_id: conversation.conversation_id, stage: "insights-facets" },
    signal: options.signal,
  });
  const answer = result.value;
  const iso6393 = toIso6393(answer.language.trim());
  return {
    ...base,
    summary: redactPii(answer.summary.trim(), options.scanner).text,
    task: redactPii(answer.task.trim(), options.scanner).text,
    language: iso6393 === "und" ? "und" : toIso6391(iso6393),
    language_confidence: answer.language_confidence,
    concerning_score: answer.concerning_score,
    facet_source: `${result.provider}:${result.model}`,
  };
}

type OfflineFacets = Omit<FacetRecord, "conversation_id" | "user_key" | "counts">;

export function offlineFacets(conversation: Conversation, scanner?: PiiScanner): OfflineFacets {
  const piiScanner = scanner ?? defaultScanner();
  // Redact before choosing sentences, so a cut can never leave half an email address behind.
  const userTexts = conversation.messages
    .filter((message) => message.role === "user")
    .map((message) => redactPii(message.content, piiScanner).text);
  const allUserText = userTexts.join("\n\n");
  const language = detectLanguage(allUserText);
  const concerning = assessConcerning(
    conversation.messages
      .filter((message) => message.role === "user")
      .map((message) => message.content)
      .join("\n"),
  );
  const summary = extractiveSummary(userTexts);
  return {
    summary: summary === "" ? "Conversation without user text" : summary,
    task: deriveTask(userTexts[0]),
    language: language.language,
    language_confidence: language.confidence,
    concerning_score: concerning.score,
    facet_source: offlineFacetSource,
  };
}

function countsOf(conversation: Conversation): FacetRecord["counts"] {
  let userChars = 0;
  let assistantChars = 0;
  for (const message of conversation.messages) {
    if (message.role === "user") userChars += message.content.length;
    else if (message.role === "assistant") assistantChars += message.content.length;
  }
  return {
    messages: conversation.messages.length,
    turns: countTurns(conversation.messages),
    user_chars: userChars,
    assistant_chars: assistantChars,
  };
}

let sharedScanner: PiiScanner | undefined;
function defaultScanner(): PiiScanner {
  sharedScanner ??= createPiiScanner();
  return sharedScanner;
}
