import { TracemillError } from "../../core/errors.js";
import { maximumWeightAssignment } from "./hungarian.js";

/**
 * How well predicted clusters recover known labels:
 * - accuracy: best one-to-one matching of classes to clusters (Hungarian algorithm), matched
 *   members / n; clusters beyond the class count map to nothing, so over-splitting costs accuracy;
 * - ari: adjusted Rand index (Hubert & Arabie), 1 for identical partitions, ≈ 0 for chance;
 * - nmi: normalised mutual information with the arithmetic mean of the entropies,
 *   I(U;V) / ((H(U) + H(V)) / 2) (sklearn's default), natural logarithms;
 * - purity: Σ over clusters of its largest class / n (1 when every cluster is pure; rises with k).
 * Degenerate partitions follow sklearn: two identical trivial partitions score 1.
 */
export interface ClusteringMetrics {
  accuracy: number;
  ari: number;
  nmi: number;
  nmi_normalisation: "arithmetic";
  purity: number;
  n: number;
  clusters: number;
  classes: number;
  /** class → matched cluster (as a string), null when no cluster shares a member with it */
  matching: Record<string, string | null>;
}

export interface TopicMetrics {
  topic: string;
  count: number;
  matched_cluster: string | null;
  /** members of the topic in its matched cluster / topic size */
  recall: number;
  /** members of the topic in its matched cluster / matched cluster size (0 when unmatched) */
  precision: number;
  /** the cluster holding most of the topic and its share */
  plurality_cluster: string;
  plurality_share: number;
}

interface Contingency {
  classes: string[];
  clusters: string[];
  table: number[][];
  classTotals: number[];
  clusterTotals: number[];
  n: number;
}

export function clusteringMetrics(
  truthLabels: readonly string[],
  predicted: readonly (string | number)[],
): ClusteringMetrics {
  const table = contingency(truthLabels, predicted);
  const { n } = table;
  const assignment = maximumWeightAssignment(table.table);
  const matching: Record<string, string | null> = {};
  table.classes.forEach((label, row) => {
    const column = assignment.rowToColumn[row] ?? -1;
    const shared = column >= 0 ? (table.table[row]?.[column] ?? 0) : 0;
    matching[label] = shared > 0 ? (table.clusters[column] ?? null) : null;
  });
  let purity = 0;
  table.clusters.forEach((_, column) => {
    let best = 0;
    for (const row of table.table) best = Math.max(best, row[column] ?? 0);
    purity += best;
  });
  return {
    accuracy: n === 0 ? 0 : round(assignment.total / n),
    ari: round(adjustedRandIndex(table)),
    nmi: round(normalisedMutualInformation(table)),
    nmi_normalisation: "arithmetic",
    purity: n === 0 ? 0 : round(purity / n),
    n,
    clusters: table.clusters.length,
    classes: table.classes.length,
    matching,
  };
}

export function perTopicMetrics(
  truthLabels: readonly string[],
  predicted: readonly (string | number)[],
): TopicMetrics[] {
  const table = contingency(truthLabels, predicted);
  const assignment = maximumWeightAssignment(table.table);
  return table.classes.map((topic, row) => {
    const counts = table.table[row] ?? [];
    const count = table.classTotals[row] ?? 0;
    const column = assignment.rowToColumn[row] ?? -1;
    const shared = column >= 0 ? (counts[column] ?? 0) : 0;
    let plurality = 0;
    counts.forEach((value, index) => {
      if (value > (counts[plurality] ?? 0)) plurality = index;
    });
    return {
      topic,
      count,
      matched_cluster: shared > 0 ? (table.clusters[column] ?? null) : null,
      recall: count === 0 ? 0 : round(shared / count),
      precision: shared === 0 ? 0 : round(shared / (table.clusterTotals[column] ?? 1)),
      plurality_cluster: table.clusters[plurality] ?? "",
      plurality_share: count === 0 ? 0 : round((counts[plurality] ?? 0) / count),
    };
  });
}

function contingency(
  truthLabels: readonly string[],
  predicted: readonly (string | number)[],
): Contingency {
  if (truthLabels.length !== predicted.length) {
    throw new TracemillError(
      "input_invalid",
      `clusteringMetrics: ${truthLabels.length} truth labels but ${predicted.length} predictions`,
    );
  }
  const classes = [...new Set(truthLabels)].sort();
  const clusters = [...new Set(predicted.map(String))].sort(naturalOrder);
  const classIndex = new Map(classes.map((label, index) => [label, index]));
  const clusterIndex = new Map(clusters.map((label, index) => [label, index]));
  const table = classes.map(() => new Array<number>(clusters.length).fill(0));
  const classTotals = new Array<number>(classes.length).fill(0);
  const clusterTotals = new Array<number>(clusters.length).fill(0);
  truthLabels.forEach((label, index) => {
    const row = classIndex.get(label) as number;
    const column = clusterIndex.get(String(predicted[index])) as number;
    (table[row] as number[])[column] = ((table[row] as number[])[column] ?? 0) + 1;
    classTotals[row] = (classTotals[row] ?? 0) + 1;
    clusterTotals[column] = (clusterTotals[column] ?? 0) + 1;
  });
  return { classes, clusters, table, classTotals, clusterTotals, n: truthLabels.length };
}

const pairs = (count: number) => (count * (count - 1)) / 2;

function adjustedRandIndex({ table, classTotals, clusterTotals, n }: Contingency): number {
  if (n < 2) return 1;
  let index = 0;
  for (const row of table) for (const value of row) index += pairs(value);
  const sumClasses = classTotals.reduce((sum, value) => sum + pairs(value), 0);
  const sumClusters = clusterTotals.reduce((sum, value) => sum + pairs(value), 0);
  const expected = (sumClasses * sumClusters) / pairs(n);
  const maximum = (sumClasses + sumClusters) / 2;
  if (maximum === expected) return index === expected ? 1 : 0;
  return (index - expected) / (maximum - expected);
}

function normalisedMutualInformation({
  table,
  classTotals,
  clusterTotals,
  n,
}: Contingency): number {
  if (n === 0) return 0;
  const entropy = (totals: number[]) =>
    -totals.reduce(
      (sum, value) => (value === 0 ? sum : sum + (value / n) * Math.log(value / n)),
      0,
    );
  const classEntropy = entropy(classTotals);
  const clusterEntropy = entropy(clusterTotals);
  if (classEntropy === 0 && clusterEntropy === 0) return 1;
  let mutual = 0;
  table.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value === 0) return;
      mutual +=
        (value / n) * Math.log((n * value) / ((classTotals[r] ?? 1) * (clusterTotals[c] ?? 1)));
    });
  });
  const denominator = (classEntropy + clusterEntropy) / 2;
  return denominator === 0 ? 0 : Math.max(0, Math.min(1, mutual / denominator));
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
