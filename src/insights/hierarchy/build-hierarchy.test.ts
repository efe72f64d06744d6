import { afterEach, describe, expect, it } from "vitest";
import type { ScriptedOpenAIServer } from "../../model/scripted-server.js";
import { matrixFromRows } from "../cluster/vectors.js";
import { scriptedClient } from "../labels/__fixtures__/scripted-client.js";
import type { FacetText } from "../labels/label-text.js";
import { buildHierarchy } from "./build-hierarchy.js";
import { hierarchySchema } from "./hierarchy-types.js";
import { levelSizes } from "./level-sizes.js";
import { offlineHierarchyMethod } from "./offline-hierarchy.js";
import { buildTreeView } from "./tree-view.js";

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Six base clusters in three pairs: (0,1) code, (2,3) food, (4,5) travel. */
function sixClusters() {
  const words = [
    "python error",
    "python script",
    "soup recipe",
    "curry recipe",
    "train trip",
    "museum trip",
  ];
  const facets = new Map<string, FacetText>();
  const clusters = words.map((topic, cluster_id) => {
    const members = Array.from({ length: 3 + cluster_id }, (_, index) => {
      const id = `c${cluster_id}-${index}`;
      facets.set(id, {
        conversation_id: id,
        user_key: `u${index}`,
        summary: `${topic} help`,
        task: topic,
      });
      return id;
    });
    return { cluster_id, name: `${topic}`, description: `About ${topic}.`, members };
  });
  const pair = (index: number) => Math.floor(index / 2);
  const centroids = matrixFromRows(
    words.map((_, index) => [
      pair(index) === 0 ? 1 : 0.05 * index,
      pair(index) === 1 ? 1 : 0.03,
      pair(index) === 2 ? 1 : 0.02 * index,
    ]),
  );
  return { clusters, facets, centroids };
}

describe("levelSizes", () => {
  it("is geometric from the base to about its square root, strictly decreasing", () => {
    expect(levelSizes(9, 3)).toEqual([9, 5, 3]);
    expect(levelSizes(200, 3)).toEqual([200, 53, 14]);
    expect(levelSizes(71, 3)).toEqual([71, 24, 8]);
    expect(levelSizes(2, 3)).toEqual([2, 1]);
    expect(levelSizes(9, 1)).toEqual([9]);
  });
});

describe("offline hierarchy", () => {
  it("cuts the dendrogram of centroids into nested levels with consistent counts", async () => {
    const { clusters, facets, centroids } = sixClusters();
    const hierarchy = await buildHierarchy(clusters, { levels: 3, centroids, facets, seed: 1 });
    hierarchySchema.parse(hierarchy);
    expect(hierarchy.method).toBe(offlineHierarchyMethod);
    expect(hierarchy.level_sizes).toEqual([6, 3, 2]);
    const [, middle, top] = hierarchy.levels;
    // The three planted pairs become the middle level.
    const pairs = middle?.nodes.map((node) => node.cluster_ids.join(",")).sort();
    expect(pairs).toEqual(["0,1", "2,3", "4,5"]);
    const total = clusters.reduce((sum, cluster) => sum + cluster.members.length, 0);
    for (const level of hierarchy.levels) {
      expect(level.nodes.reduce((sum, node) => sum + node.conversation_count, 0)).toBe(total);
    }
    for (const node of middle?.nodes ?? [])
      expect(top?.nodes.some((parent) => parent.children.includes(node.id))).toBe(true);
    const tree = buildTreeView(hierarchy);
    expect(tree.conversation_count).toBe(total);
    expect(
      tree.children.flatMap((child) => child.children).flatMap((child) => child.children),
    ).toHaveLength(6);
  });
});

describe("model hierarchy (Clio) through the scripted OpenAI-compatible server", () => {
  const fakeEmbed = async (texts: string[]) =>
    matrixFromRows(
      texts.map((text) => [
        /recipe|Food|trip/.test(text) ? 1 : 0,
        text.includes("python") || text.includes("Code") ? 1 : 0,
        0.1,
      ]),
    );

  it("proposes, deduplicates, assigns and renames parents", async () => {
    const { clusters, facets, centroids } = sixClusters();
    const { server, client } = await scriptedClient({
      answers: [
        {
          match: { schemaName: "insights_parent_proposals" },
          value: {
            parents: [
              { name: "Code help", description: "Programming." },
              { name: "Food", description: "Cooking." },
              { name: "Code help", description: "Dup." },
            ],
          },
        },
        {
          match: { schemaName: "insights_parent_dedup" },
          value: {
            parents: [
              { name: "Code help", description: "Programming." },
              { name: "Food and travel", description: "Everyday life." },
            ],
          },
        },
        {
          match: { schemaName: "insights_parent_assign" },
          value: { parent: "Code help" },
          times: 2,
        },
        {
          match: { schemaName: "insights_parent_assign" },
          value: { parent: "food and travel" },
          times: 3,
        },
        { match: { schemaName: "insights_parent_assign" }, value: { parent: "No such parent" } },
        {
          match: { schemaName: "insights_parent_rename" },
          value: { name: "Write and debug Python", description: "Python work." },
        },
        {
          match: { schemaName: "insights_parent_rename" },
          value: { name: "Cook and travel", description: "Recipes and trips." },
        },
      ],
    });
    servers.push(server);
    const hierarchy = await buildHierarchy(clusters, {
      levels: 2,
      centroids,
      facets,
      seed: 1,
      client,
      embed: fakeEmbed,
      concurrency: 1,
    });
    hierarchySchema.parse(hierarchy);
    expect(hierarchy.method).toMatch(/^model:clio\/v1 openai:gpt-4o-mini/);
    const parents = hierarchy.levels[1]?.nodes ?? [];
    expect(parents.map((node) => node.name).sort()).toEqual([
      "Cook and travel",
      "Write and debug Python",
    ]);
    const python = parents.find((node) => node.name === "Write and debug Python");
    expect(python?.cluster_ids).toEqual([0, 1]);
    const schemas = server.requests.map(
      (request) =>
        (request.body as { response_format?: { json_schema?: { name?: string } } }).response_format
          ?.json_schema?.name,
    );
    expect(schemas.filter((name) => name === "insights_parent_assign")).toHaveLength(6);
  });

  it("falls back to the offline hierarchy with a warning when a request fails", async () => {
    const { clusters, facets, centroids } = sixClusters();
    const { server, client } = await scriptedClient({
      answers: [{ error: { status: 400, message: "bad request" } }],
    });
    servers.push(server);
    const warnings: string[] = [];
    const hierarchy = await buildHierarchy(clusters, {
      levels: 3,
      centroids,
      facets,
      seed: 1,
      client,
      embed: fakeEmbed,
      onWarning: (warning) => warnings.push(warning.code),
    });
    expect(hierarchy.method).toBe(offlineHierarchyMethod);
    expect(warnings).toEqual(["hierarchy_fallback_offline"]);
  });
});
