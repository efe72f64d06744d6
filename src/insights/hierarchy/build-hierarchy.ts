import { toTracemillError } from "../../core/errors.js";
import type { ModelClient } from "../../model/model-client.js";
import type { VectorMatrix } from "../cluster/vectors.js";
import type { FacetText } from "../labels/label-text.js";
import { type BaseClusterInput, baseLevel } from "./assemble-levels.js";
import { type Hierarchy, hierarchySchemaId } from "./hierarchy-types.js";
import { levelSizes } from "./level-sizes.js";
import { type EmbedTexts, modelHierarchy } from "./model-hierarchy.js";
import { offlineHierarchy, offlineHierarchyMethod } from "./offline-hierarchy.js";

/**
 * The hierarchy stage: `levels` levels (base included) with sizes on a geometric schedule, built by
 * the model (Clio's propose → deduplicate → assign → rename) when a networked client is given,
 * otherwise — or when any model request fails, with a warning — by offline agglomerative clustering.
 */
export interface BuildHierarchyOptions {
  levels: number;
  centroids: VectorMatrix;
  facets: Map<string, FacetText>;
  seed: number;
  client?: ModelClient;
  embed?: EmbedTexts;
  concurrency?: number;
  onWarning?: (warning: { code: string; message: string }) => void;
}

export async function buildHierarchy(
  clusters: BaseClusterInput[],
  options: BuildHierarchyOptions,
): Promise<Hierarchy> {
  const sizes = levelSizes(clusters.length, options.levels);
  if (sizes.length < options.levels) {
    options.onWarning?.({
      code: "hierarchy_levels_reduced",
      message: `${clusters.length} base clusters allow only ${sizes.length} of the ${options.levels} requested levels`,
    });
  }
  const { client, embed } = options;
  if (client && !client.offline && embed && sizes.length > 1) {
    try {
      const levels = await modelHierarchy(baseLevel(clusters), sizes, {
        client,
        embed,
        seed: options.seed,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      });
      return assemble(`model:clio/v1 ${client.provider}:${client.model}`, levels);
    } catch (error) {
      const failure = toTracemillError(error);
      options.onWarning?.({
        code: "hierarchy_fallback_offline",
        message: `the model hierarchy failed (${failure.code}: ${failure.message}); built ${offlineHierarchyMethod} instead`,
      });
    }
  }
  const levels = offlineHierarchy(clusters, options.centroids, options.facets, sizes);
  return assemble(offlineHierarchyMethod, levels);
}

function assemble(method: string, levels: Hierarchy["levels"][number]["nodes"][]): Hierarchy {
  return {
    schema: hierarchySchemaId,
    method,
    level_sizes: levels.map((nodes) => nodes.length),
    levels: levels.map((nodes, level) => ({ level, nodes })),
  };
}
