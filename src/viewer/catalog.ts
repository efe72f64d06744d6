import { readdir } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";

/**
 * What the viewer can show, found by walking the data folder (the demo's output, an export
 * folder…) and the runs folder. Every item has a key (its path relative to its root, with "/")
 * and the server only opens paths it found here, so a request can never name another file.
 */
export type ItemKind =
  | "insights"
  | "session"
  | "devtrace"
  | "dataset"
  | "robot-episode"
  | "robot-training";

export interface CatalogItem {
  kind: ItemKind;
  /** "data:<relative path>" or "runs:<relative path>". */
  key: string;
  /** The folder (or, for an episode, the corrections sidecar) on disk. */
  path: string;
  /** A short human name. */
  name: string;
}

export interface Roots {
  runsDir: string;
  dataDir?: string;
}

/** Folders never worth descending into: media, model checkpoints, raw inputs, VCS. */
const skipped = new Set([
  "frames",
  "images",
  "checkpoints",
  "chunks",
  "node_modules",
  ".git",
  ".tracemill",
  "blobs",
  "catalog",
]);
const maxDepth = 6;
const maxEntries = 20_000;

export async function buildCatalog(roots: Roots): Promise<CatalogItem[]> {
  const items: CatalogItem[] = [];
  const seen = { entries: 0 };
  if (roots.dataDir !== undefined) await walk(roots.dataDir, roots.dataDir, "data", 0, items, seen);
  await walk(roots.runsDir, roots.runsDir, "runs", 0, items, seen);
  items.sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
  return items;
}

async function walk(
  root: string,
  dir: string,
  tag: "data" | "runs",
  depth: number,
  items: CatalogItem[],
  seen: { entries: number },
): Promise<void> {
  if (depth > maxDepth || seen.entries > maxEntries) return;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  seen.entries += entries.length;
  const files = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
  const keyOf = (path: string) => `${tag}:${relative(root, path).split(sep).join("/") || "."}`;
  if (files.has("trace.json") && files.has("results.json")) {
    items.push({ kind: "session", key: keyOf(dir), path: dir, name: basename(dir) });
  } else if (files.has("trace.json") && files.has("grade.json")) {
    items.push({ kind: "devtrace", key: keyOf(dir), path: dir, name: basename(dir) });
  }
  if (files.has("manifest.json") && files.has("privacy_audit.json")) {
    items.push({ kind: "insights", key: keyOf(dir), path: dir, name: basename(dir) });
  }
  if (files.has("receipt.json") && depth >= 1) {
    const exportDir = dirname(dir);
    const key = keyOf(exportDir);
    if (!items.some((item) => item.kind === "dataset" && item.key === key)) {
      items.push({ kind: "dataset", key, path: exportDir, name: basename(exportDir) });
    }
  }
  if (files.has("losses.jsonl")) {
    items.push({
      kind: "robot-training",
      key: keyOf(dir),
      path: dir,
      name: relative(root, dir) || basename(dir),
    });
  }
  for (const file of files) {
    if (file.endsWith(".corrections.json")) {
      const path = join(dir, file);
      items.push({
        kind: "robot-episode",
        key: keyOf(path),
        path,
        name: `${basename(dir)}/${file.replace(/\.corrections\.json$/, "")}`,
      });
    }
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || skipped.has(entry.name)) continue;
    await walk(root, join(dir, entry.name), tag, depth + 1, items, seen);
  }
}
