import type { Conversation, ConversationMessage } from "../input/conversation.js";
import { evalTopics, requestClauses, sharedFollowUps } from "./eval-set-topics.js";
import { createSeededRandom } from "./seeded-random.js";
import { fillTemplate } from "./synthetic-topics.js";

/**
 * The clustering evaluation set: English conversations on 24 known topics (eval-set-topics.ts),
 * deterministic from a preset. Presets differ in size and balance: `balanced-240` is 10 per topic
 * (the shape of the issue-16 report), `imbalanced-360` and `imbalanced-720` give topic sizes that
 * fall geometrically from the largest to the smallest (ratio 8:1), the way real traffic does. Every
 * conversation has 1–3 user turns; about a third carry one of the `sharedFollowUps`, and users recur
 * across topics; 60 % of openers carry a clause such as "I need it before Friday", so few are
 * word for word the same. Neither shared phrasing nor shared users can give the topics away.
 */
export const evalSetPresets = {
  "balanced-240": { count: 240, ratio: 1, seed: 240 },
  "imbalanced-360": { count: 360, ratio: 8, seed: 360 },
  "imbalanced-720": { count: 720, ratio: 8, seed: 720 },
} as const;
export type EvalSetPreset = keyof typeof evalSetPresets;

export interface EvalSet {
  preset: EvalSetPreset;
  conversations: Conversation[];
  truth: { conversation_id: string; topic: string }[];
}

/** Topic sizes summing to `count`, falling geometrically by `ratio` from first to last topic. */
export function evalTopicSizes(count: number, topics: number, ratio: number): number[] {
  const weights = Array.from(
    { length: topics },
    (_, index) => ratio ** -(index / Math.max(1, topics - 1)),
  );
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const sizes = weights.map((weight) => Math.floor((weight / total) * count));
  let left = count - sizes.reduce((sum, size) => sum + size, 0);
  for (let index = 0; left > 0; index = (index + 1) % topics, left -= 1) {
    sizes[index] = (sizes[index] as number) + 1;
  }
  return sizes;
}

export function buildEvalSet(preset: EvalSetPreset): EvalSet {
  const { count, ratio, seed } = evalSetPresets[preset];
  const random = createSeededRandom(seed);
  const sizes = evalTopicSizes(count, evalTopics.length, ratio);
  const plan = random.shuffle(sizes.flatMap((size, topic) => Array<number>(size).fill(topic)));
  const userPool = Math.max(30, Math.round(count / 3));
  const start = Date.parse("2025-02-01T08:00:00Z");
  const conversations: Conversation[] = [];
  const truth: EvalSet["truth"] = [];
  plan.forEach((topicIndex, index) => {
    const topic = evalTopics[topicIndex] as (typeof evalTopics)[number];
    const chosen = new Map<string, string>();
    const fill = (template: string) =>
      fillTemplate(template, topic.slots, (options) => random.pick(options), chosen);
    let opener = fill(random.pick(topic.openers));
    if (random.next() < 0.6) {
      opener = `${opener.slice(0, -1)}, ${random.pick(requestClauses)}${opener.slice(-1)}`;
    }
    const messages: ConversationMessage[] = [
      { role: "user", content: opener },
      { role: "assistant", content: fill(topic.reply) },
    ];
    if (random.next() < 0.4) {
      messages.push({ role: "user", content: fill(random.pick(topic.followUps)) });
      messages.push({ role: "assistant", content: fill(topic.reply) });
    }
    if (random.next() < 0.35) {
      messages.push({ role: "user", content: random.pick(sharedFollowUps) });
      messages.push({ role: "assistant", content: "Sure, here is a shorter version." });
    }
    const id = `eval-${String(index + 1).padStart(4, "0")}`;
    conversations.push({
      conversation_id: id,
      user_id: `person-${String(random.int(userPool) + 1).padStart(3, "0")}`,
      timestamp: new Date(start + index * 17 * 60_000).toISOString().replace(".000Z", "Z"),
      messages,
      schema_version: "1.0.0",
    });
    truth.push({ conversation_id: id, topic: topic.topic });
  });
  return { preset, conversations, truth };
}
