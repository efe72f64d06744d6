import { readdir, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { TracemillError } from "../core/errors.js";
import { readJsonFile } from "./run-files.js";
import { compareNewestFirst } from "./run-id.js";
import { inspectLock, type LockState } from "./run-lock.js";
import {
  assertRunId,
  type RunManifest,
  type RunStatus,
  type RunWarning,
  readManifest,
  runFileNames,
} from "./run-manifest.js";
import { normalizeMetrics, type RunMetrics } from "./run-metrics.js";
import { readStoredWarnings } from "./stored-warnings.js";

/** Reading and pruning the runs folder. A run recorded as running whose lock is not held was interrupted. */
export interface RunSummary {
  id: string;
  dir: string;
  command: string;
  /** The recorded status, except that a "running" run with no live lock is reported as "interrupted". */
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  toolVersion: string;
  itemsDone: number;
  warnings: number;
  /** True while a live process holds the run's lock. */
  active: boolean;
}

export interface RunDetails extends RunSummary {
  manifest: RunManifest;
  metrics: RunMetrics;
  warningList: RunWarning[];
  lock: LockState;
}

export interface PruneResult {
  dryRun: boolean;
  keepLast: number;
  /** Deleted runs, or with dryRun the runs that would be deleted. */
  deleted: RunSummary[];
  /** Older than keepLast but held by a live process, so left alone. */
  skippedActive: RunSummary[];
  kept: RunSummary[];
}

/** Every readable run in the folder, newest first; folders without a valid manifest are ignored. */
export async function listRuns(runsDir: string): Promise<RunSummary[]> {
  let entries: string[];
  try {
    entries = (await readdir(runsDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const details = await Promise.all(
    entries.map((id) => loadRun(runsDir, id).catch(() => undefined)),
  );
  return details
    .filter((run): run is RunDetails => run !== undefined)
    .map(toSummary)
    .sort(compareNewestFirst);
}

/** `id` may be "latest": the newest run of any command. */
export async function inspectRun(runsDir: string, given: string): Promise<RunDetails> {
  let id = given;
  if (id === "latest") {
    const newest = (await listRuns(runsDir))[0];
    if (newest === undefined) throw new TracemillError("not_found", `no runs in ${runsDir}`);
    id = newest.id;
  }
  assertRunId(id);
  try {
    return await loadRun(runsDir, id);
  } catch (error) {
    if (error instanceof TracemillError && error.code === "not_found") {
      throw new TracemillError("not_found", `no run "${id}" in ${runsDir}`);
    }
    throw error;
  }
}

export async function pruneRuns(
  runsDir: string,
  options: { keepLast: number; dryRun: boolean },
): Promise<PruneResult> {
  if (!Number.isInteger(options.keepLast) || options.keepLast < 0) {
    throw new TracemillError(
      "input_invalid",
      `keepLast must be a whole number ≥ 0, got ${options.keepLast}`,
    );
  }
  const runs = await listRuns(runsDir);
  const result: PruneResult = {
    dryRun: options.dryRun,
    keepLast: options.keepLast,
    deleted: [],
    skippedActive: [],
    kept: [],
  };
  for (const [index, run] of runs.entries()) {
    if (index < options.keepLast) result.kept.push(run);
    else if (await isActive(run.dir)) result.skippedActive.push(run);
    else {
      if (!options.dryRun) await rm(run.dir, { recursive: true, force: true });
      result.deleted.push(run);
    }
  }
  return result;
}

async function loadRun(runsDir: string, id: string): Promise<RunDetails> {
  const dir = join(runsDir, id);
  const manifest = await readManifest(dir);
  const [lock, metrics, warnings] = await Promise.all([
    inspectLock(join(dir, runFileNames.lock), { hostname: hostname() }),
    readJsonFile(join(dir, runFileNames.metrics)),
    readStoredWarnings(dir),
  ]);
  const warningList = warnings;
  const active = lock.kind === "held";
  return {
    id: manifest.id,
    dir,
    command: manifest.command,
    status: manifest.status === "running" && !active ? "interrupted" : manifest.status,
    createdAt: manifest.createdAt,
    updatedAt: manifest.updatedAt,
    toolVersion: manifest.toolVersion,
    itemsDone: Object.values(manifest.stages).reduce((sum, stage) => sum + stage.itemsDone, 0),
    warnings: warningList.length,
    active,
    manifest,
    metrics: normalizeMetrics(metrics),
    warningList,
    lock,
  };
}

function toSummary(run: RunDetails): RunSummary {
  const {
    manifest: _manifest,
    metrics: _metrics,
    warningList: _warnings,
    lock: _lock,
    ...summary
  } = run;
  return summary;
}

/** Checked again right before deleting, so a run that started meanwhile is never removed. */
async function isActive(dir: string): Promise<boolean> {
  return (
    (await inspectLock(join(dir, runFileNames.lock), { hostname: hostname() })).kind === "held"
  );
}
