import { afterEach, describe, expect, it } from "vitest";
import type { ScriptedOpenAIServer } from "../../model/scripted-server.js";
import { topicFacets } from "./__fixtures__/facets.js";
import { scriptedClient } from "./__fixtures__/scripted-client.js";
import { classTfidf } from "./ctfidf.js";
import { type LabelWarning, labelClusters } from "./label-clusters.js";
import { sentenceCount, wordCount } from "./label-text.js";
import { offlineLabeler } from "./offline-labels.js";

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("offline labels (c-TF-IDF)", () => {
  it("names each cluster after its own distinctive terms, within the label rules", async () => {
    const { facets, clusters } = topicFacets();
    const labels = await labelClusters(clusters, facets);
    expect(labels.map((label) => label.labeler)).toEqual([
      offlineLabeler,
      offlineLabeler,
      offlineLabeler,
    ]);
    expect(labels[0]?.name.toLowerCase()).toContain("python");
    expect(labels[1]?.name.toLowerCase()).toMatch(/recipe|cooking|vegetable/);
    expect(labels[2]?.name.toLowerCase()).toMatch(/train|trip|travel|museums|itinerary/);
    for (const label of labels) {
      expect(wordCount(label.name)).toBeLessThanOrEqual(10);
      expect(sentenceCount(label.description)).toBeGreaterThanOrEqual(1);
      expect(sentenceCount(label.description)).toBeLessThanOrEqual(2);
      expect(label.size).toBe(4);
    }
  });

  it("never uses a word only one user wrote, so planted names and emails stay out", async () => {
    const { facets, clusters } = topicFacets();
    const labels = await labelClusters(clusters, facets);
    const text = labels
      .map((label) => `${label.name} ${label.description} ${label.top_terms.join(" ")}`)
      .join(" ");
    expect(text.toLowerCase()).not.toMatch(/zebulon|quartermaine|example\.com|pandas/);
  });

  it("weights terms by class frequency against the other classes", () => {
    const [first, second] = classTfidf(
      [
        [
          { text: "shared alpha alpha", userKey: "a" },
          { text: "shared alpha", userKey: "b" },
        ],
        [
          { text: "shared beta", userKey: "a" },
          { text: "shared beta", userKey: "b" },
        ],
      ],
      { minUsers: 2 },
    );
    expect(first?.terms[0]?.term).toBe("alpha");
    expect(second?.terms[0]?.term).toBe("beta");
    expect(first?.terms.find((term) => term.term === "shared")?.score).toBeLessThan(
      first?.terms[0]?.score ?? 0,
    );
  });
});

describe("model labels through the scripted OpenAI-compatible server", () => {
  it("uses a valid answer, and falls back to offline with a warning when answers break the rules", async () => {
    const { facets, clusters } = topicFacets();
    const { server, client } = await scriptedClient({
      answers: [
        {
          match: { schemaName: "insights_cluster_label" },
          value: {
            name: "Debug Python scripts and fix errors",
            description: "Users ask for help with Python errors. They share tracebacks.",
          },
        },
        {
          match: { schemaName: "insights_cluster_label" },
          value: {
            name: "One two three four five six seven eight nine ten eleven",
            description: "Too long a name.",
          },
          times: 2,
        },
        {
          match: { schemaName: "insights_cluster_label" },
          value: { name: "Plan budget train trips", description: "Travel planning." },
        },
      ],
    });
    servers.push(server);
    const warnings: LabelWarning[] = [];
    const labels = await labelClusters(clusters, facets, {
      client,
      concurrency: 1,
      onWarning: (warning) => warnings.push(warning),
    });
    expect(labels[0]).toMatchObject({
      name: "Debug Python scripts and fix errors",
      labeler: "openai:gpt-4o-mini",
    });
    expect(labels[1]?.labeler).toBe(offlineLabeler);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/cluster 1: the model label failed/);
    expect(labels[2]?.name).toBe("Plan budget train trips");
    const first = server.requests.find((request) => request.path === "/v1/chat/completions");
    const prompt = JSON.stringify(first?.body);
    expect(prompt).toContain("Summaries inside the group");
    expect(prompt).toContain("Never include names");
  });
});
