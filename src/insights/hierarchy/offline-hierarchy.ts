import type { Cluster } from "ml-hclust";
import { loadOnFirstUse } from "../../core/load-on-first-use.js";
import { cosineDistance, type VectorMatrix } from "../cluster/vectors.js";
import type { FacetText } from "../labels/label-text.js";
import { offlineLabels } from "../labels/offline-labels.js";
import {
  type BaseClusterInput,
  baseLevel,
  type ParentGroup,
  parentLevel,
} from "./assemble-levels.js";
import type { HierarchyNode } from "./hierarchy-types.js";

/** ml-hclust loads on the first hierarchy, not at import. */
const loadHclust = loadOnFirstUse<typeof import("ml-hclust")>("ml-hclust");

export const offlineHierarchyMethod = "offline:agglomerative-average-cosine/v1";

/**
 * Agglomerative clustering (ml-hclust, average linkage, cosine distance) of the base centroids,
 * cut at each level's size. Cuts of one dendrogram are nested, so every node has one parent.
 * Parents are named by c-TF-IDF over their conversations against the other parents of the level.
 */
export function offlineHierarchy(
  clusters: BaseClusterInput[],
  centroids: VectorMatrix,
  facets: Map<string, FacetText>,
  sizes: number[],
): HierarchyNode[][] {
  const levels: HierarchyNode[][] = [baseLevel(clusters)];
  if (sizes.length <= 1 || clusters.length <= 1) return levels;
  const rows = clusters.map((_, index) =>
    Array.from(
      centroids.data.subarray(index * centroids.dimensions, (index + 1) * centroids.dimensions),
    ),
  );
  const tree = loadHclust().agnes(rows, { method: "average", distanceFunction: cosineDistance });
  for (let level = 1; level < sizes.length; level++) {
    const below = levels[level - 1] as HierarchyNode[];
    const groupOf = groupIndexByBase(
      tree,
      Math.min(sizes[level] as number, clusters.length),
      clusters.length,
    );
    const memberLists = new Map<number, Set<string>>();
    for (const node of below) {
      const votes = new Map<number, number>();
      for (const clusterId of node.cluster_ids) {
        const group = groupOf[clusterIndex(clusters, clusterId)] as number;
        votes.set(group, (votes.get(group) ?? 0) + 1);
      }
      const group = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
      const set = memberLists.get(group) ?? new Set<string>();
      set.add(node.id);
      memberLists.set(group, set);
    }
    const groups = [...memberLists.entries()].sort(([a], [b]) => a - b);
    const belowById = new Map(below.map((node) => [node.id, node]));
    const conversations = groups.map(([, childIds]) => ({
      members: [...childIds].flatMap((id) =>
        (belowById.get(id)?.cluster_ids ?? []).flatMap(
          (clusterId) => clusters[clusterIndex(clusters, clusterId)]?.members ?? [],
        ),
      ),
    }));
    const names = offlineLabels(conversations, facets, { noun: "Groups of conversations" });
    const parentGroups: ParentGroup[] = groups.map(([, childIds], index) => {
      const named = names[index];
      if (named && named.top_terms.length > 0) {
        return { name: named.name, description: named.description, childIds: [...childIds] };
      }
      return { ...fromChildren([...childIds], belowById), childIds: [...childIds] };
    });
    levels.push(parentLevel(level, parentGroups, below));
  }
  return levels;
}

/** When no term is shared widely enough across a parent, it is named after its children (already checked names). */
function fromChildren(childIds: string[], belowById: Map<string, HierarchyNode>) {
  const children = childIds
    .map((id) => belowById.get(id))
    .filter((node): node is HierarchyNode => node !== undefined)
    .sort((a, b) => b.conversation_count - a.conversation_count);
  const largest = children[0]?.name ?? "Miscellaneous requests";
  const words = (
    /\band related requests$/i.test(largest) ? largest : `${largest} and related requests`
  ).split(/\s+/);
  return {
    name: words.length <= 10 ? words.join(" ") : largest,
    description: `Groups of conversations including: ${children
      .slice(0, 3)
      .map((child) => child.name)
      .join("; ")}.`,
  };
}

function clusterIndex(clusters: BaseClusterInput[], clusterId: number): number {
  const direct = clusters[clusterId];
  return direct?.cluster_id === clusterId
    ? clusterId
    : clusters.findIndex((cluster) => cluster.cluster_id === clusterId);
}

function groupIndexByBase(tree: Cluster, groups: number, count: number): number[] {
  const result = new Array<number>(count).fill(0);
  const top = groups <= 1 ? [tree] : tree.group(groups).children;
  top.forEach((group, index) => {
    for (const member of group.isLeaf ? [group.index] : group.indices()) result[member] = index;
  });
  return result;
}
