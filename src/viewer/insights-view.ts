import { join } from "node:path";
import { TracemillError } from "../core/errors.js";
import {
  asArray,
  asNumber,
  asObject,
  asString,
  type Json,
  readJsonl,
  readJsonOr,
} from "./read-json.js";

/**
 * One insights run, privacy-filtered before it leaves the server: only clusters that passed the
 * gates (labeled_clusters_privacy_filtered.json) are named, the map holds only points of shown
 * base clusters, the privacy report counts what was hidden and why without naming it, and no
 * conversation text is sent except the facet summaries of members of shown clusters.
 */
export interface ShownCluster {
  id: string;
  level: number;
  name: string;
  description: string;
  conversations: number;
  users?: number;
}

export interface TreeNode {
  id: string;
  name: string;
  description: string;
  level: number;
  conversations: number;
  /** Base cluster ids (numbers as strings) when this is a base node. */
  baseClusters: string[];
  children: TreeNode[];
}

export interface InsightsView {
  key: string;
  id: string;
  map: {
    /** Flat arrays: point i is at (x[i], y[i]) in shown base cluster cluster[i]. */
    x: number[];
    y: number[];
    cluster: string[];
    hiddenPoints: number;
    method?: string;
  };
  clusters: ShownCluster[];
  tree?: TreeNode;
  privacy: {
    thresholds: Record<string, number>;
    clusters: number;
    kept: number;
    hidden: number;
    hiddenReasons: Record<string, number>;
    conversationsInKept?: number;
    conversationsInHidden?: number;
    audits: {
      sample: string;
      auditor?: string;
      population?: number;
      sampled?: number;
      meanRating?: number;
      sharePassing?: number;
      ratingHistogram: Record<string, number>;
    }[];
    /** Audit verdicts of the shown clusters only. */
    shownVerdicts: { id: string; name: string; rating?: number; findings: number }[];
  };
  eval?: {
    metrics: Record<string, number>;
    perTopic: { topic: string; count: number; recall?: number; precision?: number }[];
  };
  counts: Record<string, number>;
  warnings: string[];
}

/** The files an insights view is made from (relative to the run folder). */
export const insightsFiles = [
  "manifest.json",
  "metrics.json",
  "labeled_clusters_privacy_filtered.json",
  "privacy_audit.json",
  "viz/map_points.jsonl",
  "viz/map_clusters.json",
  "viz/tree_view.json",
  "eval/phase6_metrics.json",
];

export interface InsightsSummary {
  key: string;
  id: string;
  conversations?: number;
  shown: number;
  hidden: number;
}

interface Shown {
  byId: Map<string, ShownCluster>;
  list: ShownCluster[];
  hidden: number;
}

async function shownClusters(dir: string, warnings: string[]): Promise<Shown> {
  const filtered = asObject(
    await readJsonOr(join(dir, "labeled_clusters_privacy_filtered.json"), warnings),
  );
  const list: ShownCluster[] = asArray(filtered.clusters).map((raw) => {
    const cluster = asObject(raw);
    const users = asNumber(cluster.user_count);
    return {
      id: String(cluster.cluster_id),
      level: asNumber(cluster.level) ?? 0,
      name: asString(cluster.name) ?? "",
      description: asString(cluster.description) ?? "",
      conversations: asNumber(cluster.conversation_count) ?? 0,
      ...(users === undefined ? {} : { users }),
    };
  });
  return {
    byId: new Map(list.map((cluster) => [cluster.id, cluster])),
    list,
    hidden: asNumber(filtered.hidden) ?? 0,
  };
}

export async function insightsSummary(key: string, dir: string): Promise<InsightsSummary> {
  const warnings: string[] = [];
  const shown = await shownClusters(dir, warnings);
  const manifest = asObject(await readJsonOr(join(dir, "manifest.json"), warnings));
  const metrics = asObject(await readJsonOr(join(dir, "metrics.json"), warnings));
  const conversations = asNumber(asObject(metrics.counts).conversations);
  return {
    key,
    id: asString(manifest.id) ?? key,
    ...(conversations === undefined ? {} : { conversations }),
    shown: shown.list.length,
    hidden: shown.hidden,
  };
}

export async function insightsView(key: string, dir: string): Promise<InsightsView> {
  const warnings: string[] = [];
  const shown = await shownClusters(dir, warnings);
  const manifest = asObject(await readJsonOr(join(dir, "manifest.json"), warnings));
  const metrics = asObject(await readJsonOr(join(dir, "metrics.json"), warnings));
  const points = await readJsonl(join(dir, "viz", "map_points.jsonl"), warnings);
  const mapMeta = asObject(await readJsonOr(join(dir, "viz", "map_clusters.json"), warnings));
  const map: InsightsView["map"] = { x: [], y: [], cluster: [], hiddenPoints: 0 };
  const method = asString(mapMeta.method);
  if (method !== undefined) map.method = method;
  for (const raw of points.rows) {
    const point = asObject(raw);
    const cluster = String(point.cluster_id);
    const x = asNumber(point.x);
    const y = asNumber(point.y);
    if (x === undefined || y === undefined) continue;
    if (!shown.byId.has(cluster)) {
      map.hiddenPoints++;
      continue;
    }
    map.x.push(x);
    map.y.push(y);
    map.cluster.push(cluster);
  }
  // Coordinates to 1/100,000 of the map's extent: the same picture at a third of the bytes.
  map.x = rounded(map.x);
  map.y = rounded(map.y);
  const tree = asObject(await readJsonOr(join(dir, "viz", "tree_view.json"), warnings));
  const audit = asObject(await readJsonOr(join(dir, "privacy_audit.json"), warnings));
  const gates = asObject(audit.gates);
  const evalMetrics = await readJsonOr(join(dir, "eval", "phase6_metrics.json"), warnings);
  const view: InsightsView = {
    key,
    id: asString(manifest.id) ?? key,
    map,
    clusters: shown.list,
    privacy: {
      thresholds: numbers(gates.thresholds),
      clusters: asNumber(gates.clusters) ?? shown.list.length + shown.hidden,
      kept: asNumber(gates.kept) ?? shown.list.length,
      hidden: asNumber(gates.dropped) ?? shown.hidden,
      hiddenReasons: numbers(gates.reasons),
      ...optionalNumber("conversationsInKept", gates.conversations_in_kept_clusters),
      ...optionalNumber("conversationsInHidden", gates.conversations_in_dropped_clusters),
      audits: Object.entries(asObject(audit.samples))
        .filter(([, value]) => typeof value === "object" && value !== null && !Array.isArray(value))
        .map(([sample, raw]) => {
          const each = asObject(raw);
          return {
            sample,
            ...optionalString("auditor", each.auditor),
            ...optionalNumber("population", each.population),
            ...optionalNumber("sampled", each.sampled),
            ...optionalNumber("meanRating", each.mean_rating),
            ...optionalNumber("sharePassing", each.share_passing),
            ratingHistogram: numbers(each.rating_histogram),
          };
        }),
      shownVerdicts: asArray(audit.clusters)
        .map(asObject)
        .filter((cluster) => shown.byId.has(String(cluster.cluster_id)))
        .map((cluster) => {
          const id = String(cluster.cluster_id);
          return {
            id,
            name: shown.byId.get(id)?.name ?? "",
            ...optionalNumber("rating", cluster.rating),
            findings: asArray(cluster.findings).length,
          };
        }),
    },
    counts: numbers(metrics.counts),
    warnings,
  };
  const root = toTree(tree, shown);
  if (root !== undefined) view.tree = root;
  if (evalMetrics !== undefined) {
    const evaluation = asObject(evalMetrics);
    view.eval = {
      metrics: numbers(evaluation.metrics),
      perTopic: asArray(evaluation.per_topic).map((raw) => {
        const topic = asObject(raw);
        return {
          topic: asString(topic.topic) ?? "",
          count: asNumber(topic.count) ?? 0,
          ...optionalNumber("recall", topic.recall),
          ...optionalNumber("precision", topic.precision),
        };
      }),
    };
  }
  return view;
}

/** Node ids look like l0-3 (base cluster 3) or l1-0; the root is kept and names nothing private. */
function toTree(raw: Json, shown: Shown): TreeNode | undefined {
  if (Object.keys(raw).length === 0) return undefined;
  const visit = (node: Json, isRoot: boolean): TreeNode | undefined => {
    const id = asString(node.id) ?? "";
    const level = asNumber(node.level) ?? 0;
    const base = /^l0-(\d+)$/.exec(id)?.[1];
    const shownId = base ?? id;
    if (!isRoot && !shown.byId.has(shownId)) return undefined;
    const children = asArray(node.children)
      .map((child) => visit(asObject(child), false))
      .filter((child): child is TreeNode => child !== undefined);
    const cluster = shown.byId.get(shownId);
    return {
      id,
      name: isRoot ? (asString(node.name) ?? "All conversations") : (cluster?.name ?? ""),
      description: isRoot ? "" : (cluster?.description ?? ""),
      level,
      conversations: isRoot
        ? children.reduce((sum, child) => sum + child.conversations, 0)
        : (cluster?.conversations ?? 0),
      baseClusters: base === undefined ? [] : [base],
      children,
    };
  };
  return visit(raw, true);
}

/** Facet summaries of one shown base cluster's members; a hidden or unknown cluster is not found. */
export async function clusterMembers(
  dir: string,
  clusterId: string,
  limit = 200,
): Promise<{
  cluster: ShownCluster;
  total: number;
  members: { summary: string; task?: string }[];
}> {
  const warnings: string[] = [];
  const shown = await shownClusters(dir, warnings);
  const cluster = shown.byId.get(clusterId);
  if (cluster === undefined || cluster.level !== 0) {
    throw new TracemillError("not_found", `no shown base cluster "${clusterId}"`);
  }
  const assignments = await readJsonl(join(dir, "base_assignments.jsonl"), warnings);
  const members = new Set(
    assignments.rows
      .map(asObject)
      .filter((row) => String(row.cluster_id) === clusterId)
      .map((row) => String(row.conversation_id)),
  );
  const facets = await readJsonl(join(dir, "facets.jsonl"), warnings);
  const rows = facets.rows
    .map(asObject)
    .filter((row) => members.has(String(row.conversation_id)))
    .map((row) => {
      const task = asString(row.task);
      return { summary: asString(row.summary) ?? "", ...(task === undefined ? {} : { task }) };
    });
  return { cluster, total: rows.length, members: rows.slice(0, limit) };
}

function rounded(values: number[]): number[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const extent = max - min;
  if (!(extent > 0) || !Number.isFinite(extent)) return values;
  const decimals = Math.max(0, Math.min(12, 5 - Math.floor(Math.log10(extent))));
  const scale = 10 ** decimals;
  return values.map((value) => Math.round(value * scale) / scale);
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, each] of Object.entries(asObject(value))) {
    if (typeof each === "number" && Number.isFinite(each)) out[name] = each;
  }
  return out;
}

function optionalNumber<K extends string>(name: K, value: unknown): { [P in K]?: number } {
  const number = asNumber(value);
  return (number === undefined ? {} : { [name]: number }) as { [P in K]?: number };
}

function optionalString<K extends string>(name: K, value: unknown): { [P in K]?: string } {
  const text = asString(value);
  return (text === undefined ? {} : { [name]: text }) as { [P in K]?: string };
}
