import { z } from "zod";

/** hierarchy.json: level 0 is the base clusters; each higher level groups the one below. */
export const hierarchySchemaId = "tracemill.insights.hierarchy/v1";

export const hierarchyNodeSchema = z.object({
  id: z.string(),
  level: z.number().int().nonnegative(),
  name: z.string(),
  description: z.string(),
  /** Ids of the nodes one level down (empty at level 0). */
  children: z.array(z.string()),
  parent: z.string().nullable(),
  /** Base clusters under this node. */
  size: z.number().int().positive(),
  conversation_count: z.number().int().nonnegative(),
  /** Base cluster ids under this node. */
  cluster_ids: z.array(z.number().int().nonnegative()),
});
export type HierarchyNode = z.infer<typeof hierarchyNodeSchema>;

export const hierarchySchema = z.object({
  schema: z.literal(hierarchySchemaId),
  method: z.string(),
  level_sizes: z.array(z.number().int().positive()),
  levels: z.array(z.object({ level: z.number().int(), nodes: z.array(hierarchyNodeSchema) })),
});
export type Hierarchy = z.infer<typeof hierarchySchema>;

export interface TreeViewNode {
  id: string;
  name: string;
  description: string;
  level: number;
  conversation_count: number;
  children: TreeViewNode[];
}

export function baseNodeId(clusterId: number): string {
  return `l0-${clusterId}`;
}

export function nodeId(level: number, index: number): string {
  return `l${level}-${index}`;
}
