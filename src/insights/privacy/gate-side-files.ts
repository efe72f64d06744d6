import type { Hierarchy, HierarchyNode, TreeViewNode } from "../hierarchy/hierarchy-types.js";

/**
 * The side files a viewer reads (viz/tree_view.json, viz/map_clusters.json, viz/map_points.jsonl)
 * obey the privacy gates like labeled_clusters_privacy_filtered.json: a hidden cluster or node is
 * neither named nor sized. Hidden nodes are left out of the tree (their shown children move up to
 * the nearest shown ancestor); a shown node's count is the sum over what is shown under it, so a
 * hidden child's size cannot be read off as a difference; a shown parent whose name or description
 * carries a hidden descendant's name is renamed from its shown children. Map points of hidden
 * clusters keep their coordinates with cluster_id −1, and the hidden clusters leave the map's list.
 */
export const hiddenClusterId = -1;

export function gateTreeView(hierarchy: Hierarchy, shown: ReadonlySet<string>): TreeViewNode {
  const byId = new Map<string, HierarchyNode>();
  for (const level of hierarchy.levels) for (const node of level.nodes) byId.set(node.id, node);
  const hiddenNames = (node: HierarchyNode): string[] =>
    node.children.flatMap((childId) => {
      const child = byId.get(childId);
      if (!child) return [];
      return [...(shown.has(child.id) ? [] : [child.name]), ...hiddenNames(child)];
    });
  // A node's visible subtrees: itself when shown, otherwise its children's visible subtrees.
  const visible = (node: HierarchyNode): TreeViewNode[] => {
    const children = node.children
      .map((childId) => byId.get(childId))
      .filter((child): child is HierarchyNode => child !== undefined)
      .flatMap(visible);
    if (!shown.has(node.id)) return children;
    const count =
      node.level === 0
        ? node.conversation_count
        : children.reduce((sum, child) => sum + child.conversation_count, 0);
    if (node.level > 0 && children.length === 0) return [];
    const leaks = hiddenNames(node).some((name) => mentions(node, name));
    const label = leaks ? labelFromChildren(children) : node;
    return [
      {
        id: node.id,
        name: label.name,
        description: label.description,
        level: node.level,
        conversation_count: count,
        children,
      },
    ];
  };
  const top = (hierarchy.levels.at(-1)?.nodes ?? []).flatMap(visible);
  return {
    id: "root",
    name: "All conversations",
    description: `${top.length} top-level groups over ${hierarchy.levels.length} levels (clusters hidden by the privacy gates left out)`,
    level: hierarchy.levels.length,
    conversation_count: top.reduce((sum, node) => sum + node.conversation_count, 0),
    children: top,
  };
}

export function gateMap<P extends { cluster_id: number }, C extends { cluster_id: number }>(
  points: P[],
  clusters: C[],
  shownBase: ReadonlySet<number>,
): { points: P[]; clusters: C[] } {
  return {
    points: points.map((point) =>
      shownBase.has(point.cluster_id) ? point : { ...point, cluster_id: hiddenClusterId },
    ),
    clusters: clusters.filter((cluster) => shownBase.has(cluster.cluster_id)),
  };
}

function mentions(node: { name: string; description: string }, name: string): boolean {
  const needle = name.trim().toLowerCase();
  if (needle === "") return false;
  return (
    node.name.toLowerCase().includes(needle) || node.description.toLowerCase().includes(needle)
  );
}

function labelFromChildren(children: TreeViewNode[]): { name: string; description: string } {
  const sorted = [...children].sort((a, b) => b.conversation_count - a.conversation_count);
  const largest = sorted[0]?.name ?? "Shown requests";
  const name = /\band related requests$/i.test(largest)
    ? largest
    : `${largest} and related requests`;
  return {
    name: name.split(/\s+/).length <= 10 ? name : largest,
    description: `Groups of conversations including: ${sorted
      .slice(0, 3)
      .map((child) => child.name)
      .join("; ")}.`,
  };
}
