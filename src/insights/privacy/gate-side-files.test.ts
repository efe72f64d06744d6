import { describe, expect, it } from "vitest";
import type { Hierarchy, HierarchyNode, TreeViewNode } from "../hierarchy/hierarchy-types.js";
import { buildTreeView } from "../hierarchy/tree-view.js";
import { auditSamples } from "./audit-samples.js";
import { gateMap, gateTreeView } from "./gate-side-files.js";

function node(
  id: string,
  level: number,
  name: string,
  count: number,
  children: string[],
  parent: string | null,
  clusterIds: number[],
): HierarchyNode {
  return {
    id,
    level,
    name,
    description: `About ${name.toLowerCase()}.`,
    children,
    parent,
    size: clusterIds.length,
    conversation_count: count,
    cluster_ids: clusterIds,
  };
}

// Two base clusters under one parent; the smaller one (22 conversations from 3 users) is hidden,
// and the offline parent was named after it.
const hierarchy: Hierarchy = {
  schema: "tracemill.insights.hierarchy/v1",
  method: "offline",
  level_sizes: [3, 2],
  levels: [
    {
      level: 0,
      nodes: [
        node("l0-0", 0, "Debug Python errors", 40, [], "l1-0", [0]),
        node("l0-1", 0, "Track parcel 1Z999 for Dana", 22, [], "l1-0", [1]),
        node("l0-2", 0, "Plan trips", 30, [], "l1-1", [2]),
      ],
    },
    {
      level: 1,
      nodes: [
        {
          ...node(
            "l1-0",
            1,
            "Track parcel 1Z999 for Dana and related requests",
            62,
            ["l0-0", "l0-1"],
            null,
            [0, 1],
          ),
        },
        node("l1-1", 1, "Travel", 30, ["l0-2"], null, [2]),
      ],
    },
  ],
};

const walk = (tree: TreeViewNode): TreeViewNode[] => [tree, ...tree.children.flatMap(walk)];

describe("side files obey the privacy gates", () => {
  it("today's tree view names and sizes the hidden cluster (the failure the gate fixes)", () => {
    const text = JSON.stringify(buildTreeView(hierarchy));
    expect(text).toContain("Track parcel");
  });

  it("leaves a hidden cluster out of the tree, and renames a parent that carried its label", () => {
    const shown = new Set(["l0-0", "l0-2", "l1-0", "l1-1"]);
    const tree = gateTreeView(hierarchy, shown);
    const text = JSON.stringify(tree);
    expect(text).not.toContain("Track parcel");
    expect(text).not.toContain("1Z999");
    expect(text).not.toContain("22");
    const parent = walk(tree).find((entry) => entry.id === "l1-0");
    expect(parent?.name).toBe("Debug Python errors and related requests");
    expect(parent?.conversation_count).toBe(40);
    expect(tree.conversation_count).toBe(70);
    expect(walk(tree).map((entry) => entry.id)).not.toContain("l0-1");
  });

  it("moves shown children of a hidden parent up, and never repeats 'and related requests'", () => {
    const tree = gateTreeView(hierarchy, new Set(["l0-0", "l0-2", "l1-1"]));
    expect(tree.children.map((child) => child.id)).toEqual(["l0-0", "l1-1"]);
  });

  it("drops hidden clusters from the map list and unlabels their points", () => {
    const gated = gateMap(
      [
        { conversation_id: "a", x: 0, y: 0, cluster_id: 0 },
        { conversation_id: "b", x: 1, y: 1, cluster_id: 1 },
      ],
      [
        { cluster_id: 0, x: 0, y: 0, size: 40 },
        { cluster_id: 1, x: 1, y: 1, size: 22 },
      ],
      new Set([0]),
    );
    expect(gated.clusters).toEqual([{ cluster_id: 0, x: 0, y: 0, size: 40 }]);
    expect(gated.points.map((point) => point.cluster_id)).toEqual([0, -1]);
  });
});

describe("privacy audit samples", () => {
  it("reports the real population and reuses the gates' audit of a cluster text", async () => {
    const report = await auditSamples(
      {
        conversations: Array.from({ length: 200 }, (_, index) => ({
          conversation_id: `c${index}`,
          messages: [{ role: "user" as const, content: "How do I cook rice?" }],
        })),
        conversationPopulation: 240,
        summaries: [],
        clusterTexts: [
          {
            cluster_id: 0,
            name: "Cook rice",
            description: "Cooking questions.",
            audit: { rating: 2, findings: ["phone: 5******"], auditor: "offline:pii-audit/v1" },
          },
        ],
      },
      { sampleSize: 10 },
    );
    expect(report.raw_conversations.population).toBe(240);
    expect(report.cluster_summaries.rating_histogram["2"]).toBe(1);
  });
});
