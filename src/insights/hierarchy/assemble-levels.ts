import { baseNodeId, type HierarchyNode, nodeId } from "./hierarchy-types.js";

/** A base cluster as the hierarchy sees it: its label and members. */
export interface BaseClusterInput {
  cluster_id: number;
  name: string;
  description: string;
  members: string[];
}

export interface ParentGroup {
  name: string;
  description: string;
  childIds: string[];
}

export function baseLevel(clusters: BaseClusterInput[]): HierarchyNode[] {
  return clusters.map((cluster) => ({
    id: baseNodeId(cluster.cluster_id),
    level: 0,
    name: cluster.name,
    description: cluster.description,
    children: [],
    parent: null,
    size: 1,
    conversation_count: cluster.members.length,
    cluster_ids: [cluster.cluster_id],
  }));
}

/**
 * Builds one level from groups of the level below: empty groups dropped, nodes ordered by
 * conversation count (then lowest cluster id) so ids are stable, and each child's parent set.
 */
export function parentLevel(
  level: number,
  groups: ParentGroup[],
  below: HierarchyNode[],
): HierarchyNode[] {
  const byId = new Map(below.map((node) => [node.id, node]));
  const nodes = groups
    .map((group) => {
      const children = group.childIds
        .map((id) => byId.get(id))
        .filter((node): node is HierarchyNode => node !== undefined)
        .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
      const clusterIds = children.flatMap((child) => child.cluster_ids).sort((a, b) => a - b);
      return {
        group,
        children,
        clusterIds,
        count: children.reduce((sum, child) => sum + child.conversation_count, 0),
      };
    })
    .filter((entry) => entry.children.length > 0)
    .sort((a, b) => b.count - a.count || (a.clusterIds[0] ?? 0) - (b.clusterIds[0] ?? 0));
  return nodes.map((entry, index) => {
    const id = nodeId(level, index);
    for (const child of entry.children) child.parent = id;
    return {
      id,
      level,
      name: entry.group.name,
      description: entry.group.description,
      children: entry.children.map((child) => child.id),
      parent: null,
      size: entry.clusterIds.length,
      conversation_count: entry.count,
      cluster_ids: entry.clusterIds,
    };
  });
}
