// The cluster hierarchy: `levels` levels on a geometric size schedule, built by Clio's
// propose → deduplicate → assign → rename with a model, or by agglomerative clustering of the
// centroids offline; hierarchy.json and the nested viz/tree_view.json.
export type { BaseClusterInput, ParentGroup } from "./assemble-levels.js";
export { type BuildHierarchyOptions, buildHierarchy } from "./build-hierarchy.js";
export {
  type Hierarchy,
  type HierarchyNode,
  hierarchyNodeSchema,
  hierarchySchema,
  hierarchySchemaId,
  type TreeViewNode,
} from "./hierarchy-types.js";
export { levelSizes } from "./level-sizes.js";
export {
  type EmbedTexts,
  type ModelHierarchyOptions,
  modelHierarchy,
  parentAssignSchema,
  parentDedupSchema,
  parentProposalsSchema,
  parentRenameSchema,
} from "./model-hierarchy.js";
export { offlineHierarchy, offlineHierarchyMethod } from "./offline-hierarchy.js";
export { buildTreeView } from "./tree-view.js";
