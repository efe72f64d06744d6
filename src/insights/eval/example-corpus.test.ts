import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildExampleCorpus, plantedPii, toJsonl } from "./example-corpus.js";

const examples = join(import.meta.dirname, "../../../examples/insights");

describe("the committed example corpus", () => {
  it("equals what the generator produces (TRACEMILL_UPDATE_EXAMPLES=1 rewrites it)", async () => {
    const corpus = await buildExampleCorpus();
    const expected = toJsonl(corpus.conversations);
    const expectedTruth = toJsonl(corpus.truth);
    if (process.env.TRACEMILL_UPDATE_EXAMPLES === "1") {
      await writeFile(join(examples, "conversations.jsonl"), expected);
      await writeFile(join(examples, "truth.jsonl"), expectedTruth);
    }
    expect(await readFile(join(examples, "conversations.jsonl"), "utf8")).toBe(expected);
    expect(await readFile(join(examples, "truth.jsonl"), "utf8")).toBe(expectedTruth);
  });

  it("has several topics and languages, at least 5 users per topic, and the planted PII", async () => {
    const { conversations, truth } = await buildExampleCorpus();
    expect(conversations).toHaveLength(60);
    const usersByTopic = new Map<string, Set<string>>();
    truth.forEach((row, index) => {
      const users = usersByTopic.get(row.topic) ?? new Set<string>();
      users.add(conversations[index]?.user_id ?? "");
      usersByTopic.set(row.topic, users);
    });
    expect(usersByTopic.size).toBeGreaterThanOrEqual(8);
    for (const users of usersByTopic.values()) expect(users.size).toBeGreaterThanOrEqual(5);
    expect(new Set(truth.map((row) => row.language)).size).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(conversations);
    for (const item of plantedPii) expect(text).toContain(item.value);
  });
});
