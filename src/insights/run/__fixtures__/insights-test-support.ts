import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryCache } from "../../../model/cache.js";
import { createEmbedder } from "../../../model/embedders/create-embedder.js";
import type { Embedder } from "../../../model/embedders/types.js";
import { embedderConfigSchema } from "../../../core/config.js";
import { generateSyntheticCorpus } from "../../eval/synthetic.js";

/** Shared by the run tests: a temp folder, a generated corpus file and one offline embedder per process. */
export async function makeWorkspace(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), `tracemill-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** PII planted in user messages of three conversations; none of it may reach a label or a description. */
export const plantedPii = [
  { index: 3, text: "I am Zebulon Quartermaine, write to zebulon.q@example.org anytime.", values: ["Zebulon", "Quartermaine", "zebulon.q@example.org"] },
  { index: 40, text: "My phone is +1 415 555 0199 if you need it.", values: ["415 555 0199"] },
  { index: 77, text: "Zebulon Quartermaine again, my card is 4111 1111 1111 1111.", values: ["4111 1111 1111 1111"] },
];

export async function writeCorpus(dir: string, count: number, seed: number, name = "conversations.jsonl") {
  const corpus = await generateSyntheticCorpus({ count, seed, idPrefix: "conv" });
  const conversations = corpus.conversations.map((conversation, index) => {
    const planted = plantedPii.find((entry) => entry.index === index);
    if (!planted) return conversation;
    const messages = conversation.messages.map((message) => ({ ...message }));
    const first = messages.find((message) => message.role === "user");
    if (first) first.content = `${first.content} ${planted.text}`;
    return { ...conversation, messages };
  });
  const path = join(dir, name);
  await writeFile(path, conversations.map((conversation) => `${JSON.stringify(conversation)}\n`).join(""));
  return { path, corpus: { ...corpus, conversations } };
}

let shared: Promise<Embedder> | undefined;
export function offlineEmbedder(): Promise<Embedder> {
  shared ??= createEmbedder(embedderConfigSchema.parse({}), { cache: createMemoryCache() });
  return shared;
}

export const testSalt = "insights-test-salt";
