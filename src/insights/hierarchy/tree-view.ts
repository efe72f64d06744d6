import type { Hierarchy, HierarchyNode, TreeViewNode } from "./hierarchy-types.js";

/** viz/tree_view.json: the hierarchy as one nested tree under a root, top level first. */
export function buildTreeView(hierarchy: Hierarchy): TreeViewNode {
  const byId = new Map<string, HierarchyNode>();
  for (const level of hierarchy.levels) for (const node of level.nodes) byId.set(node.id, node);
  const toTree = (node: HierarchyNode): TreeViewNode => ({
    id: node.id,
    name: node.name,
    description: node.description,
    level: node.level,
    conversation_count: node.conversation_count,
    children: node.children
      .map((child) => byId.get(child))
      .filter((child): child is HierarchyNode => child !== undefined)
      .map(toTree),
  });
  const top = hierarchy.levels.at(-1)?.nodes ?? [];
  return {
    id: "root",
    name: "All conversations",
    description: `${top.length} top-level groups over ${hierarchy.levels.length} levels`,
    level: hierarchy.levels.length,
    conversation_count: top.reduce((sum, node) => sum + node.conversation_count, 0),
    children: top.map(toTree),
  };
}
