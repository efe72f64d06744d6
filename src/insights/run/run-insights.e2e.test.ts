import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { clusteringMetrics } from "../eval/metrics.js";
import { facetRecordSchema } from "../facets/facet-record.js";
import { hierarchySchema } from "../hierarchy/hierarchy-types.js";
import {
  makeWorkspace,
  offlineEmbedder,
  plantedPii,
  testSalt,
  writeCorpus,
} from "./__fixtures__/insights-test-support.js";
import { insightsFiles } from "./artifacts.js";
import { type InsightsRunReport, runInsights } from "./run-insights.js";

/**
 * The whole pipeline offline on a generated corpus (150 conversations, 8 topics, 4 languages, PII
 * planted in three), every stage on. Measured first: on the input corpus accuracy 0.75, purity 0.79,
 * ARI 0.60 (k = 9 for 8 topics); on the 120-conversation evaluation corpus accuracy 0.79, ARI 0.65.
 * The thresholds leave margin without letting a clustering that splits by language (accuracy ≈ 0.25,
 * what the English embedder gives without per-language centering) pass.
 */
const lines = async (path: string) =>
  (await readFile(path, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as unknown);
const json = async (path: string) => JSON.parse(await readFile(path, "utf8")) as unknown;

const assignmentSchema = z.strictObject({
  conversation_id: z.string(),
  cluster_id: z.number().int().nonnegative(),
  distance: z.number().min(0).max(2),
});
const baseClustersSchema = z.object({
  k: z.number().int().positive(),
  method: z.enum(["ml-kmeans", "mini-batch"]),
  clusters: z.array(
    z.strictObject({
      cluster_id: z.number().int(),
      size: z.number().int().positive(),
      member_ids: z.array(z.string()).min(1),
      nearest_outside: z.array(z.string()),
    }),
  ),
});
const mapPointSchema = z.strictObject({
  conversation_id: z.string(),
  x: z.number(),
  y: z.number(),
  cluster_id: z.number().int(),
});
const labelsSchema = z.object({
  clusters: z.array(
    z.object({
      cluster_id: z.number(),
      name: z.string().min(1),
      description: z.string().min(1),
      labeler: z.literal("offline:task-ctfidf/v2"),
    }),
  ),
});
const filteredSchema = z.object({
  hidden: z.number().int().nonnegative(),
  clusters: z.array(
    z.object({
      cluster_id: z.union([z.number(), z.string()]),
      name: z.string(),
      description: z.string(),
      conversation_count: z.number().int(),
      user_count: z.number().int(),
      rating: z.number().int().min(3),
    }),
  ),
});
const updatedSchema = z.strictObject({
  conversation_id: z.string(),
  facets: facetRecordSchema,
  cluster_ids: z.array(z.union([z.number(), z.string()])).min(1),
  kept: z.boolean(),
  reasons: z.array(z.string()),
});
const evalSchema = z.object({
  metrics: z.object({
    accuracy: z.number(),
    ari: z.number(),
    nmi: z.number(),
    purity: z.number(),
    n: z.number(),
    clusters: z.number(),
    classes: z.number(),
  }),
  per_topic: z.array(z.object({ topic: z.string() })).min(8),
});

describe("insights run, offline, every stage", () => {
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let report: InsightsRunReport;
  let dir: string;
  let truth: Map<string, string>;
  beforeAll(async () => {
    workspace = await makeWorkspace("insights-run");
    const { path, corpus } = await writeCorpus(workspace.dir, 150, 7);
    truth = new Map(corpus.truth.map((entry) => [entry.conversation_id, entry.topic]));
    report = await runInsights(
      {
        input: path,
        runsDir: join(workspace.dir, "runs"),
        stages: { privacy: true, hierarchy: true, eval: true },
      },
      { embedder: await offlineEmbedder(), salt: testSalt, toolVersion: "test" },
    );
    dir = report.dir;
  }, 600_000);
  afterAll(() => workspace.cleanup());

  it("pulls in the stages a stage needs and completes", async () => {
    expect(report.status).toBe("completed");
    expect(report.stages).toEqual({
      facets: true,
      clustering: true,
      labeling: true,
      hierarchy: true,
      privacy: true,
      eval: true,
    });
    expect(report.facets).toBe(150);
    const clustering = (await json(join(dir, insightsFiles.clustering))) as {
      k: number;
      k_rule: string;
      method: string;
      curve: { k: number; silhouette: number; kmeans: number }[];
    };
    expect(report.clusters).toBe(clustering.k);
    expect(clustering.k_rule).toBe("silhouette");
    expect(clustering.curve.map((point) => point.k)).toContain(clustering.k);
    expect(["k-means", "average-linkage"]).toContain(clustering.method);
    for (const point of clustering.curve) {
      expect(point.silhouette).toBeGreaterThanOrEqual(point.kmeans);
    }
    const manifest = (await json(join(dir, "manifest.json"))) as {
      status: string;
      inputs: { sha256: string }[];
      configFingerprint: string;
    };
    expect(manifest.status).toBe("completed");
    expect(manifest.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const metrics = (await json(join(dir, "metrics.json"))) as {
      durationsMs: Record<string, number>;
    };
    expect(Object.keys(metrics.durationsMs)).toEqual(
      expect.arrayContaining([
        "facets",
        "embedding",
        "clustering",
        "map",
        "labeling",
        "hierarchy",
        "privacy",
        "eval",
      ]),
    );
  });

  it("writes every artifact in its documented shape", async () => {
    const facets = await lines(join(dir, insightsFiles.facets));
    expect(facets.map((facet) => facetRecordSchema.parse(facet).conversation_id)).toHaveLength(150);
    const stored = await lines(join(dir, insightsFiles.conversations));
    expect(Object.keys(stored[0] as object).sort()).toEqual(["conversation_id", "messages"]);
    // The stored copy is redacted unless --keep-raw (issue 16: it held every planted secret).
    const storedText = JSON.stringify(stored);
    for (const value of plantedPii.flatMap((entry) => entry.values)) {
      expect(storedText.includes(value) ? value : "").toBe("");
    }
    const assignments = (await lines(join(dir, insightsFiles.assignments))).map((row) =>
      assignmentSchema.parse(row),
    );
    const clusters = baseClustersSchema.parse(await json(join(dir, insightsFiles.clusters)));
    expect(clusters.clusters.reduce((sum, cluster) => sum + cluster.size, 0)).toBe(150);
    expect(new Set(assignments.map((row) => row.cluster_id)).size).toBe(clusters.k);
    const points = (await lines(join(dir, insightsFiles.mapPoints))).map((row) =>
      mapPointSchema.parse(row),
    );
    expect(points).toHaveLength(150);
    const mapClusters = z
      .object({ method: z.string(), clusters: z.array(z.object({ size: z.number() })) })
      .parse(await json(join(dir, insightsFiles.mapClusters)));
    const filteredIds = new Set(
      (
        (await json(join(dir, insightsFiles.privacyFiltered))) as {
          clusters: { cluster_id: string | number; level: number }[];
        }
      ).clusters
        .filter((cluster) => cluster.level === 0)
        .map((cluster) => cluster.cluster_id),
    );
    // Side files obey the gates: only shown base clusters are listed on the map.
    expect(mapClusters.clusters).toHaveLength(filteredIds.size);
    expect(labelsSchema.parse(await json(join(dir, insightsFiles.labels))).clusters).toHaveLength(
      clusters.k,
    );
    const hierarchy = hierarchySchema.parse(await json(join(dir, insightsFiles.hierarchy)));
    expect(hierarchy.level_sizes[0]).toBe(clusters.k);
    const tree = (await json(join(dir, insightsFiles.treeView))) as {
      conversation_count: number;
      children: unknown[];
    };
    expect(tree.conversation_count).toBeLessThanOrEqual(150);
    const audit = (await json(join(dir, insightsFiles.privacyAudit))) as {
      clusters: unknown[];
      samples: { raw_conversations: { sampled: number; population: number } };
    };
    expect(audit.clusters).toHaveLength(hierarchy.level_sizes.reduce((sum, size) => sum + size, 0));
    expect(audit.samples.raw_conversations.sampled).toBeGreaterThan(0);
    expect(audit.samples.raw_conversations.population).toBe(150);
    filteredSchema.parse(await json(join(dir, insightsFiles.privacyFiltered)));
    const updated = (await lines(join(dir, insightsFiles.conversationUpdated))).map((row) =>
      updatedSchema.parse(row),
    );
    expect(updated).toHaveLength(150);
    expect(updated[0]?.cluster_ids).toHaveLength(3);
    for (const file of [
      insightsFiles.preflight,
      insightsFiles.validation,
      "eval/report.md",
      "eval/base_assignments.jsonl",
    ]) {
      await expect(readFile(join(dir, file))).resolves.toBeDefined();
    }
  });

  it("recovers the planted topics of the input corpus", async () => {
    const assignments = (await lines(join(dir, insightsFiles.assignments))).map((row) =>
      assignmentSchema.parse(row),
    );
    const metrics = clusteringMetrics(
      assignments.map((row) => truth.get(row.conversation_id) ?? "?"),
      assignments.map((row) => row.cluster_id),
    );
    // Issue 16: k-means silhouette alone over-split this 4-language corpus (k = 30 for 8 topics:
    // purity 0.89, ARI 0.33, accuracy 0.36). With average-linkage candidates and the smallest k
    // within tolerance: k = 13, accuracy 0.71, ARI 0.70, purity 0.90.
    expect(metrics.clusters).toBeLessThanOrEqual(2 * metrics.classes);
    expect(metrics.purity).toBeGreaterThan(0.85);
    expect(metrics.ari).toBeGreaterThan(0.6);
    expect(metrics.accuracy).toBeGreaterThan(0.65);
  });

  it("recovers the planted topics of the evaluation corpus", async () => {
    const evaluation = evalSchema.parse(await json(join(dir, "eval/phase6_metrics.json")));
    expect(evaluation.metrics.n).toBe(120);
    // Issue 16: k-means silhouette alone over-split this 4-language set (20 clusters for 8 topics:
    // purity 0.88, ARI 0.45, accuracy 0.50); the smallest k within tolerance of the best score gives
    // 10: accuracy 0.72, ARI 0.66, purity 0.78 (0.84 at the true k = 8).
    expect(evaluation.metrics.clusters).toBeLessThanOrEqual(2 * evaluation.metrics.classes);
    expect(evaluation.metrics.accuracy).toBeGreaterThan(0.65);
    expect(evaluation.metrics.ari).toBeGreaterThan(0.6);
    expect(evaluation.metrics.purity).toBeGreaterThan(0.75);
    expect(report.eval?.accuracy).toBe(evaluation.metrics.accuracy);
  });

  it("never shows a cluster below the gates, and says why each hidden one is hidden", async () => {
    const filtered = filteredSchema.parse(await json(join(dir, insightsFiles.privacyFiltered)));
    for (const cluster of filtered.clusters) {
      expect(cluster.conversation_count).toBeGreaterThanOrEqual(10);
      expect(cluster.user_count).toBeGreaterThanOrEqual(5);
    }
    const updated = (await lines(join(dir, insightsFiles.conversationUpdated))).map((row) =>
      updatedSchema.parse(row),
    );
    for (const row of updated)
      expect(row.kept ? row.reasons : ["reason"]).toEqual(row.kept ? [] : ["reason"]);
    expect(updated.filter((row) => !row.kept).every((row) => row.reasons.length > 0)).toBe(true);
  });

  it("keeps planted PII (a name written by two users, an email, a phone, a card) out of every name and description", async () => {
    const texts = await Promise.all(
      [
        insightsFiles.labels,
        insightsFiles.hierarchy,
        insightsFiles.treeView,
        insightsFiles.privacyFiltered,
        insightsFiles.privacyAudit,
      ].map((file) => readFile(join(dir, file), "utf8")),
    );
    for (const value of plantedPii.flatMap((entry) => entry.values)) {
      texts.forEach((text, index) => {
        expect(`${index}:${text.includes(value) ? value : ""}`).toBe(`${index}:`);
      });
    }
  });
});
