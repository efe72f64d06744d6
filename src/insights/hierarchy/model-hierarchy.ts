import pLimit from "p-limit";
import { z } from "zod";
import type { ModelClient } from "../../model/model-client.js";
import { clusterVectors } from "../cluster/kmeans.js";
import { normalizeRows, type VectorMatrix } from "../cluster/vectors.js";
import { maxNameWords, wordCount } from "../labels/label-text.js";
import { type ParentGroup, parentLevel } from "./assemble-levels.js";
import type { HierarchyNode } from "./hierarchy-types.js";

/**
 * Clio's hierarchy with a model, one level at a time: embed the names of the level below and group
 * them into neighbourhoods (k-means), propose parent categories per neighbourhood, deduplicate the
 * proposals across neighbourhoods to about the level's size, assign each child to its best parent,
 * then rename each parent from the children it received. Any failed request throws; the caller
 * falls back to the offline hierarchy.
 */
export type EmbedTexts = (texts: string[]) => Promise<VectorMatrix>;

const category = z.object({
  name: z
    .string()
    .min(1)
    .refine((name) => wordCount(name) <= maxNameWords, "at most 10 words"),
  description: z.string().min(1),
});
export const parentProposalsSchema = z.object({ parents: z.array(category).min(1) });
export const parentDedupSchema = z.object({ parents: z.array(category).min(1) });
export const parentAssignSchema = z.object({ parent: z.string().min(1) });
export const parentRenameSchema = category;

export const neighbourhoodSize = 40;

export interface ModelHierarchyOptions {
  client: ModelClient;
  embed: EmbedTexts;
  seed: number;
  concurrency?: number;
}

const system =
  "You organise categories of conversations with an assistant into a hierarchy for an aggregate report. " +
  "Category names are at most 10 words and say what users asked for; descriptions are one or two sentences. " +
  "Never include names of people, places, contact details or anything identifying.";

export async function modelHierarchy(
  base: HierarchyNode[],
  sizes: number[],
  options: ModelHierarchyOptions,
): Promise<HierarchyNode[][]> {
  const levels: HierarchyNode[][] = [base];
  for (let level = 1; level < sizes.length; level++) {
    const below = levels[level - 1] as HierarchyNode[];
    const groups = await proposeLevel(below, sizes[level] as number, level, options);
    levels.push(parentLevel(level, groups, below));
  }
  return levels;
}

async function proposeLevel(
  below: HierarchyNode[],
  target: number,
  level: number,
  options: ModelHierarchyOptions,
): Promise<ParentGroup[]> {
  const { client } = options;
  const limit = pLimit(options.concurrency ?? 4);
  const describe = (node: { name: string; description: string }) =>
    `${node.name}: ${node.description}`;
  const childVectors = normalizeRows(await options.embed(below.map(describe)));
  const hoods = neighbourhoods(childVectors, below.length, options.seed);
  const proposals = (
    await Promise.all(
      hoods.map((members) =>
        limit(async () => {
          const wanted = Math.max(1, Math.round((target * members.length) / below.length));
          const result = await client.generateObject({
            schema: parentProposalsSchema,
            schemaName: "insights_parent_proposals",
            context: { stage: "hierarchy", level },
            messages: [
              { role: "system", content: system },
              {
                role: "user",
                content: `Propose about ${wanted} broader parent categories that together cover these categories:\n${members
                  .map((index) => `- ${describe(below[index] as HierarchyNode)}`)
                  .join("\n")}`,
              },
            ],
          });
          return result.value.parents;
        }),
      ),
    )
  ).flat();
  const deduplicated = (
    await client.generateObject({
      schema: parentDedupSchema,
      schemaName: "insights_parent_dedup",
      context: { stage: "hierarchy", level },
      messages: [
        { role: "system", content: system },
        {
          role: "user",
          content: `Merge these proposed categories into about ${target} distinct ones, combining duplicates and near-duplicates:\n${proposals
            .map((proposal) => `- ${describe(proposal)}`)
            .join("\n")}`,
        },
      ],
    })
  ).value.parents;
  const parents = uniqueByName(deduplicated);
  const parentVectors = normalizeRows(await options.embed(parents.map(describe)));
  const assigned = await Promise.all(
    below.map((child, index) =>
      limit(async () => {
        const answer = await client.generateObject({
          schema: parentAssignSchema,
          schemaName: "insights_parent_assign",
          context: { stage: "hierarchy", level, child: child.id },
          messages: [
            { role: "system", content: system },
            {
              role: "user",
              content: `Which parent category fits best for the category "${describe(child)}"? Answer with the exact parent name.\nParents:\n${parents
                .map((parent) => `- ${parent.name}`)
                .join("\n")}`,
            },
          ],
        });
        const exact = parents.findIndex(
          (parent) => normalizeName(parent.name) === normalizeName(answer.value.parent),
        );
        return exact >= 0 ? exact : nearestRow(childVectors, index, parentVectors);
      }),
    ),
  );
  const groups = parents.map((parent, parentIndex) => ({
    parent,
    childIds: below.filter((_, index) => assigned[index] === parentIndex).map((node) => node.id),
  }));
  return Promise.all(
    groups
      .filter((group) => group.childIds.length > 0)
      .map((group) =>
        limit(async () => {
          const children = group.childIds.map(
            (id) => below.find((node) => node.id === id) as HierarchyNode,
          );
          const renamed = await client.generateObject({
            schema: parentRenameSchema,
            schemaName: "insights_parent_rename",
            context: { stage: "hierarchy", level },
            messages: [
              { role: "system", content: system },
              {
                role: "user",
                content: `Give a name and description for a category that contains exactly these categories (current name: "${group.parent.name}"):\n${children
                  .map((child) => `- ${describe(child)}`)
                  .join("\n")}`,
              },
            ],
          });
          return {
            name: renamed.value.name.trim(),
            description: renamed.value.description.trim(),
            childIds: group.childIds,
          };
        }),
      ),
  );
}

function neighbourhoods(vectors: VectorMatrix, count: number, seed: number): number[][] {
  const hoodCount = Math.max(1, Math.ceil(count / neighbourhoodSize));
  if (hoodCount === 1) return [Array.from({ length: count }, (_, index) => index)];
  const outcome = clusterVectors(
    { data: Float32Array.from(vectors.data), rows: vectors.rows, dimensions: vectors.dimensions },
    { k: hoodCount, seed },
  );
  const hoods: number[][] = Array.from({ length: outcome.k }, () => []);
  outcome.assignments.forEach((cluster, index) => {
    hoods[cluster]?.push(index);
  });
  return hoods.filter((hood) => hood.length > 0);
}

function uniqueByName<T extends { name: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = normalizeName(item.name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s"'.]+/g, " ")
    .trim();
}

function nearestRow(from: VectorMatrix, index: number, to: VectorMatrix): number {
  let best = 0;
  let bestDot = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < to.rows; row++) {
    let dot = 0;
    for (let column = 0; column < from.dimensions; column++) {
      dot +=
        (from.data[index * from.dimensions + column] as number) *
        (to.data[row * to.dimensions + column] as number);
    }
    if (dot > bestDot) {
      bestDot = dot;
      best = row;
    }
  }
  return best;
}
