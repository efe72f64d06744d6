import pLimit from "p-limit";
import { z } from "zod";
import { TracemillError, toTracemillError } from "../../core/errors.js";
import type { ModelClient } from "../../model/model-client.js";
import type { Conversation, ConversationMessage } from "../input/conversation.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";
import {
  fillTemplate,
  type SyntheticLanguage,
  syntheticLanguages,
  syntheticTopics,
  type TopicTemplates,
} from "./synthetic-topics.js";

/**
 * A labelled synthetic corpus for evaluating the pipeline: conversations on known topics in known
 * languages. Offline (`offline:synthetic/v1`): templates with slots, deterministic from the seed.
 * Topics are balanced (round robin, then shuffled), languages rotate within each topic, and users
 * come from a pool so each topic has distinct users (as many as its conversations, up to the pool
 * size) and users also recur across topics. With a model client: one
 * `insights_synthetic_conversation` request per conversation; a failed request falls back to the
 * template (with a warning) so the corpus keeps its size and labels.
 */
export interface SyntheticCorpusOptions {
  count?: number;
  seed?: number | string;
  topics?: string[];
  languages?: string[];
  client?: ModelClient;
  /** conversation ids are `<idPrefix>-00001`…; default "syn" */
  idPrefix?: string;
  /** ISO date-time of the first conversation; default 2024-03-01T09:00:00Z */
  startTime?: string;
}

export interface SyntheticTruth {
  conversation_id: string;
  topic: string;
  language: string;
}

export interface SyntheticCorpus {
  conversations: Conversation[];
  truth: SyntheticTruth[];
  /** "offline:synthetic/v1" or "provider:model" */
  generator: string;
  warnings: string[];
}

export const offlineSyntheticGenerator = "offline:synthetic/v1";
export const syntheticSchemaName = "insights_synthetic_conversation";
export const syntheticTopicNames = syntheticTopics.map((topic) => topic.topic);

export const modelSyntheticSchema = z.strictObject({
  messages: z
    .array(
      z.strictObject({ role: z.enum(["user", "assistant"]), content: z.string().min(1).max(4000) }),
    )
    .min(2)
    .max(12),
});

const greetings: Record<SyntheticLanguage, string[]> = {
  en: ["Hi!", "Hello,", "Hey there.", "Good morning!"],
  fr: ["Bonjour,", "Salut !", "Bonsoir,"],
  es: ["¡Hola!", "Buenas,", "Hola,"],
  de: ["Hallo,", "Guten Tag,", "Moin!"],
};
const thanks: Record<SyntheticLanguage, string[]> = {
  en: ["Thanks!", "Thank you, that helps.", "Great, thanks a lot."],
  fr: ["Merci !", "Merci beaucoup, ça m'aide.", "Super, merci."],
  es: ["¡Gracias!", "Muchas gracias, me ayuda.", "Genial, gracias."],
  de: ["Danke!", "Vielen Dank, das hilft.", "Super, danke."],
};

export async function generateSyntheticCorpus(
  options: SyntheticCorpusOptions = {},
): Promise<SyntheticCorpus> {
  const count = Math.max(0, Math.floor(options.count ?? 120));
  const random = createSeededRandom(options.seed ?? 42);
  const client =
    options.client === undefined || options.client.offline ? undefined : options.client;
  const topics = selectTopics(options.topics, client !== undefined);
  const languages = selectLanguages(options.languages, client !== undefined);
  const idPrefix = options.idPrefix ?? "syn";
  const start = Date.parse(options.startTime ?? "2024-03-01T09:00:00Z");
  if (Number.isNaN(start)) {
    throw new TracemillError(
      "input_invalid",
      `startTime ${options.startTime} is not an ISO date-time`,
    );
  }

  const order = random.shuffle(Array.from({ length: count }, (_, index) => index % topics.length));
  const poolSize = Math.max(8, Math.ceil(count / 4));
  const userOrders = topics.map(() =>
    random.shuffle(Array.from({ length: poolSize }, (_, i) => i)),
  );
  const seen = topics.map(() => 0);
  let minuteOffset = 0;
  const plans = order.map((topicIndex, index) => {
    const occurrence = seen[topicIndex] ?? 0;
    seen[topicIndex] = occurrence + 1;
    const user = userOrders[topicIndex]?.[occurrence % poolSize] ?? 0;
    minuteOffset += 23 + random.int(40);
    return {
      conversation_id: `${idPrefix}-${String(index + 1).padStart(5, "0")}`,
      user_id: `user-${String(user + 1).padStart(4, "0")}`,
      timestamp: new Date(start + minuteOffset * 60_000).toISOString().replace(".000Z", "Z"),
      topic: topics[topicIndex] as TopicSpec,
      language: languages[(occurrence + topicIndex) % languages.length] as string,
      turns: 1 + random.int(3),
      // Each conversation gets its own stream so a model failure does not shift the others.
      seed: random.int(2 ** 31),
    };
  });

  const warnings: string[] = [];
  const limit = pLimit(4);
  const conversations = await Promise.all(
    plans.map((plan) =>
      limit(async (): Promise<Conversation> => {
        const planRandom = createSeededRandom(plan.seed);
        let messages: ConversationMessage[] | undefined;
        if (client !== undefined) {
          try {
            messages = await modelMessages(client, plan.topic, plan.language, plan.turns);
          } catch (error) {
            const failure = toTracemillError(error);
            if (plan.topic.templates === undefined || !isSyntheticLanguage(plan.language)) {
              throw new TracemillError(
                failure.code,
                `synthetic conversation ${plan.conversation_id} (${plan.topic.name}, ${plan.language}): ${failure.message}`,
                { cause: error },
              );
            }
            warnings.push(
              `${plan.conversation_id}: model generation failed (${failure.code}: ${failure.message}); used the template`,
            );
          }
        }
        messages ??= templateMessages(
          plan.topic.templates as TopicTemplates,
          plan.language as SyntheticLanguage,
          plan.turns,
          planRandom,
        );
        return {
          conversation_id: plan.conversation_id,
          user_id: plan.user_id,
          timestamp: plan.timestamp,
          messages,
          schema_version: "1.0.0",
          metadata: { source: "synthetic" },
        };
      }),
    ),
  );
  return {
    conversations,
    truth: plans.map((plan) => ({
      conversation_id: plan.conversation_id,
      topic: plan.topic.name,
      language: plan.language,
    })),
    generator:
      client === undefined ? offlineSyntheticGenerator : `${client.provider}:${client.model}`,
    warnings,
  };
}

interface TopicSpec {
  name: string;
  description: string;
  templates?: TopicTemplates;
}

function selectTopics(requested: string[] | undefined, modelAvailable: boolean): TopicSpec[] {
  if (requested === undefined || requested.length === 0) {
    return syntheticTopics.map((templates) => ({
      name: templates.topic,
      description: templates.description,
      templates,
    }));
  }
  return [...new Set(requested)].map((name) => {
    const templates = syntheticTopics.find((topic) => topic.topic === name);
    if (templates === undefined && !modelAvailable) {
      throw new TracemillError(
        "input_invalid",
        `synthetic topic "${name}" has no offline template (known: ${syntheticTopicNames.join(", ")}); configure a model to generate free topics`,
      );
    }
    return { name, description: templates?.description ?? name.replace(/_/g, " "), templates };
  });
}

function selectLanguages(requested: string[] | undefined, modelAvailable: boolean): string[] {
  if (requested === undefined || requested.length === 0) return [...syntheticLanguages];
  const unique = [...new Set(requested.map((language) => language.toLowerCase()))];
  const unknown = unique.filter((language) => !isSyntheticLanguage(language));
  if (unknown.length > 0 && !modelAvailable) {
    throw new TracemillError(
      "input_invalid",
      `synthetic languages ${unknown.join(", ")} have no offline templates (known: ${syntheticLanguages.join(", ")})`,
    );
  }
  return unique;
}

function isSyntheticLanguage(language: string): language is SyntheticLanguage {
  return (syntheticLanguages as readonly string[]).includes(language);
}

function templateMessages(
  topic: TopicTemplates,
  language: SyntheticLanguage,
  turns: number,
  random: SeededRandom,
): ConversationMessage[] {
  const texts = topic.languages[language];
  const slots = { ...topic.slots, ...texts.slots };
  const chosen = new Map<string, string>();
  const fill = (template: string) =>
    fillTemplate(template, slots, (options) => random.pick(options), chosen);
  const messages: ConversationMessage[] = [];
  if (random.next() < 0.15) {
    messages.push({ role: "system", content: "You are a helpful assistant." });
  }
  let opener = fill(random.pick(texts.openers));
  if (random.next() < 0.4) {
    const greeting = random.pick(greetings[language]);
    // "Hello, can you …" but "Hello, I'm …" and "Hi! Can you …"
    const lower = greeting.endsWith(",") && !/^I\b/.test(opener);
    opener = `${greeting} ${lower ? opener.charAt(0).toLowerCase() + opener.slice(1) : opener}`;
  }
  messages.push({ role: "user", content: opener });
  const replies = random.shuffle(texts.replies);
  const followUps = random.shuffle(texts.followUps);
  messages.push({ role: "assistant", content: fill(replies[0] ?? "") });
  for (let turn = 1; turn < turns; turn += 1) {
    const followUp = followUps[(turn - 1) % followUps.length] ?? "";
    messages.push({ role: "user", content: fill(followUp) });
    messages.push({ role: "assistant", content: fill(replies[turn % replies.length] ?? "") });
  }
  if (random.next() < 0.3) messages.push({ role: "user", content: random.pick(thanks[language]) });
  return messages;
}

async function modelMessages(
  client: ModelClient,
  topic: TopicSpec,
  language: string,
  turns: number,
): Promise<ConversationMessage[]> {
  const result = await client.generateObject({
    schema: modelSyntheticSchema,
    schemaName: syntheticSchemaName,
    messages: [
      {
        role: "system",
        content:
          "You write realistic, varied example conversations between a user and an AI assistant for testing an analytics pipeline. Never include names, contact details, addresses, ids or any other personal information.",
      },
      {
        role: "user",
        content: `Topic: ${topic.description}. Language of the whole conversation: ${language} (ISO 639-1). The user writes ${turns} message${turns === 1 ? "" : "s"}; messages alternate user/assistant and start with the user. Return {"messages": [{"role": "user"|"assistant", "content": "…"}]}.`,
      },
    ],
    context: { stage: "insights-eval-synthetic", topic: topic.name, language },
  });
  const messages = result.value.messages;
  if (messages[0]?.role !== "user") {
    throw new TracemillError(
      "model_output_invalid",
      "the synthetic conversation must start with the user",
    );
  }
  return messages.map((message) => ({ role: message.role, content: message.content }));
}
