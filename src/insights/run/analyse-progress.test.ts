import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Embedder } from "../../model/embedders/types.js";
import type { FacetRecord } from "../facets/facet-record.js";
import { type AnalysisSettings, analyseFacets } from "./analyse.js";

/**
 * Issue 13: every stage longer than 2 s has a progress line. Clustering (choosing k, k-means)
 * and the map (the layout's epochs) report through the same callback as embedding and labeling,
 * which the CLI draws as a bar or a plain line.
 */

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-analyse-progress-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Two well-separated groups of 4-dimensional vectors, chosen by the text's first word. */
const embedder: Embedder = {
  provider: "test",
  model: "groups",
  dimensions: 4,
  offline: true,
  async embed(texts) {
    const vectors = texts.map((text, index) => {
      const jitter = (index % 5) * 0.01;
      return Float32Array.from(text.startsWith("billing") ? [1, jitter, 0, 0] : [0, 0, 1, jitter]);
    });
    return {
      vectors,
      usage: { inputTokens: 0, cachedCount: 0, computedCount: texts.length },
      durationMs: 0,
    };
  },
};

function facet(index: number): FacetRecord {
  const topic = index % 2 === 0 ? "billing" : "login";
  return {
    conversation_id: `c${index}`,
    user_key: `u${index}`,
    summary: `${topic} question number ${index}`,
    task: topic,
    language: "en",
    language_confidence: 1,
    concerning_score: 1,
    counts: { messages: 2, turns: 1, user_chars: 10, assistant_chars: 10 },
    facet_source: "offline:facets/v1",
  };
}

function settings(k: number | undefined): AnalysisSettings {
  return {
    stages: { clustering: true, labeling: false, hierarchy: false, privacy: false },
    ...(k === undefined ? {} : { k }),
    levels: 1,
    seed: 7,
    minConversations: 1,
    minUsers: 1,
    minRating: 1,
    auditSampleSize: 0,
    concurrency: 1,
    languageCentering: false,
  };
}

async function progressOf(k: number | undefined) {
  const calls: { phase: string; done: number; total: number }[] = [];
  const facets = Array.from({ length: 24 }, (_, index) => facet(index));
  const result = await analyseFacets(dir, facets, settings(k), {
    embedder,
    conversationSample: [],
    warn: async () => {},
    progress: (phase, done, total) => calls.push({ phase, done, total }),
  });
  return { calls, result };
}

describe("analyseFacets progress", () => {
  it("reports clustering (choosing k, then k-means) and the map's layout", async () => {
    const { calls, result } = await progressOf(undefined);
    expect(result.k).toBe(2);
    const clustering = calls.filter((call) => call.phase === "clustering");
    expect(clustering.map((call) => [call.done, call.total])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    const map = calls.filter((call) => call.phase === "map");
    expect(map.length).toBeGreaterThan(2);
    expect(map[0]?.done).toBe(0);
    expect(map.at(-1)?.done).toBe(map.at(-1)?.total);
    // Phases arrive in order: embedding, clustering, map.
    const order = [...new Set(calls.map((call) => call.phase))];
    expect(order.filter((phase) => phase !== "embedding")).toEqual(["clustering", "map"]);
  });

  it("reports one clustering step when k is given", async () => {
    const { calls } = await progressOf(2);
    const clustering = calls.filter((call) => call.phase === "clustering");
    expect(clustering.map((call) => [call.done, call.total])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});
