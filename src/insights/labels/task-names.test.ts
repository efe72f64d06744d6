import { describe, expect, it } from "vitest";
import { sentenceCount, wordCount } from "./label-text.js";
import { offlineLabels } from "./offline-labels.js";
import { sharedWords, unsharedWords, wordsOf } from "./task-names.js";

const facet = (id: string, user: string, summary: string, task: string) => ({
  conversation_id: id,
  user_key: user,
  summary,
  task,
});

// Cluster 0: parcel tracking, one user quotes a tracking number and a surname; cluster 1: Python.
const facets = new Map(
  [
    facet(
      "a1",
      "u1",
      "Track my parcel from the courier, it is late.",
      "Track my parcel from the courier",
    ),
    facet(
      "a2",
      "u2",
      "Track my parcel, the courier says it is late.",
      "Track my parcel from the courier",
    ),
    facet(
      "a3",
      "u3",
      "Track parcel 1Z999AA10123456784 for Wolfenbarger.",
      "Track parcel 1Z999AA10123456784 for Wolfenbarger",
    ),
    facet(
      "a4",
      "u4",
      "Where is my parcel? The courier tracking page is empty.",
      "Where is my parcel",
    ),
    facet(
      "b1",
      "u5",
      "Debug my Python script, it raises KeyError in pandas.",
      "Debug my Python script",
    ),
    facet(
      "b2",
      "u6",
      "Debug my Python script with a TypeError in pandas.",
      "Debug my Python script",
    ),
    facet(
      "b3",
      "u7",
      "Why does Python raise KeyError in my loop?",
      "Why does Python raise KeyError in my loop",
    ),
  ].map((entry) => [entry.conversation_id, entry]),
);

describe("offline names from task facets", () => {
  const labels = offlineLabels(
    [{ members: ["a3", "a1", "a2", "a4"] }, { members: ["b1", "b2", "b3"] }],
    facets,
  );

  it("names a cluster with a short imperative task, not three keywords", () => {
    expect(labels[0]?.name).toMatch(/^Track parcel/);
    expect(labels[1]?.name).toMatch(/^Debug Python script/);
    for (const label of labels) {
      expect(wordCount(label.name)).toBeLessThanOrEqual(10);
      expect(sentenceCount(label.description)).toBe(2);
    }
  });

  it("shows only words and numbers that at least two users wrote", () => {
    const members = ["a1", "a2", "a3", "a4"].map((id) => facets.get(id)!);
    const shared = sharedWords(members);
    const text = `${labels[0]?.name} ${labels[0]?.description}`;
    expect(text).not.toMatch(/1Z999|Wolfenbarger/);
    expect(unsharedWords(text, shared)).toEqual([]);
  });

  it("never repeats a content word in a name", () => {
    for (const label of labels) {
      const words = wordsOf(label.name).filter((word) => word.length > 3);
      expect(new Set(words).size).toBe(words.length);
    }
  });
});

describe("numbers in the fallback description", () => {
  it("never quotes a number only one user wrote", () => {
    const dreams = new Map(
      [1, 2, 3, 4].map((week) => [
        `d${week}`,
        facet(
          `d${week}`,
          `u${week}`,
          `I keep dreaming about missing trains in week ${week}.`,
          `I keep dreaming about missing trains in week ${week}`,
        ),
      ]),
    );
    const [label] = offlineLabels([{ members: ["d1", "d2", "d3", "d4"] }], dreams);
    expect(label?.description).not.toMatch(/week \d/);
  });
});
