import { randomBytes } from "node:crypto";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { TracemillError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../runs/run-files.js";

/** Every file an insights run writes, relative to the run folder (the eval stage repeats the analysis files under eval/). */
export const insightsFiles = {
  validation: "input_validation.json",
  preflight: "preflight.json",
  conversations: "conversations.jsonl",
  facetsPartial: "facets.partial.jsonl",
  facets: "facets.jsonl",
  assignments: "base_assignments.jsonl",
  clusters: "base_clusters.json",
  clustering: "clustering.json",
  labels: "labeled_clusters.json",
  hierarchy: "hierarchy.json",
  mapPoints: "viz/map_points.jsonl",
  mapClusters: "viz/map_clusters.json",
  treeView: "viz/tree_view.json",
  privacyAudit: "privacy_audit.json",
  privacyFiltered: "labeled_clusters_privacy_filtered.json",
  conversationUpdated: "conversation.updated.jsonl",
  evalDir: "eval",
  evalInput: "eval/synthetic_conversations.jsonl",
  evalTruth: "eval/truth.jsonl",
} as const;

export async function writeJson(dir: string, name: string, value: unknown): Promise<void> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeJsonAtomic(path, value);
}

/** One JSON object per line, written to a temp file and renamed over, so a reader never sees half a file. */
export async function writeJsonl(
  dir: string,
  name: string,
  rows: Iterable<unknown>,
): Promise<void> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const lines: string[] = [];
    for (const row of rows) lines.push(`${JSON.stringify(row)}\n`);
    await writeFile(temporary, lines.join(""));
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new TracemillError("io", `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
