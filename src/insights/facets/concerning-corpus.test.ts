import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assessConcerning } from "./concerning.js";

/**
 * The labelled corpus of the offline concerning score (issue 16): each line is a user request with
 * the range its score must fall in. Harmful areas (self-harm, extremist propaganda, malware and
 * antivirus evasion, fraud, phishing, academic cheating) must score ≥ 3; everyday requests 1, and
 * requests that only mention a harmful topic (how to spot phishing) at most 2.
 */
const corpus = readFileSync(
  new URL("./__fixtures__/concerning-corpus.jsonl", import.meta.url),
  "utf8",
)
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { text: string; category: string; min: number; max: number });

describe("concerning score on the labelled corpus", () => {
  it("holds at least 60 lines covering every harmful area the issue names", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    const categories = new Set(corpus.map((row) => row.category));
    for (const category of [
      "self_harm",
      "extremism",
      "malware_evasion",
      "fraud",
      "phishing",
      "academic_cheating",
      "benign",
    ]) {
      expect(categories).toContain(category);
    }
  });

  it.each(corpus.map((row) => [row.category, row.text, row.min, row.max] as const))(
    "%s: %s",
    (_category, text, min, max) => {
      const { score } = assessConcerning(text);
      expect(score).toBeGreaterThanOrEqual(min);
      expect(score).toBeLessThanOrEqual(max);
    },
  );
});
