import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { inspectRun, listRuns, type RunDetails } from "../runs/list-runs.js";
import type { CatalogItem } from "./catalog.js";
import { asObject, asString, readJsonl } from "./read-json.js";

export interface StageRow {
  name: string;
  status: string;
  itemsDone: number;
  startedAt?: string;
  endedAt?: string;
}

export interface RunRow {
  id: string;
  command: string;
  status: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  counts: Record<string, number>;
  warnings: number;
  errors: number;
  stages: StageRow[];
}

export interface RunDetailView extends RunRow {
  inputs: number;
  warningList: { stage: string; item?: string; code: string; message: string; t: string }[];
  outputs: { path: string; bytes: number }[];
  /** Catalog items this run wrote (its sessions, its insights…): key and kind. */
  links: { kind: string; key: string; name: string }[];
  events: unknown[];
}

/** Failures a run counted: any count named failed/errors, plus failed stages. */
export function errorCount(counts: Record<string, number>, stages: StageRow[]): number {
  let errors = 0;
  for (const [name, value] of Object.entries(counts)) {
    if (/(^|[._])(failed|errors?)$/.test(name)) errors += value;
  }
  return errors + stages.filter((stage) => stage.status === "failed").length;
}

export function toRunRow(run: RunDetails): RunRow {
  const stages = Object.entries(run.manifest.stages).map(([name, stage]) => ({
    name,
    status: stage.status,
    itemsDone: stage.itemsDone,
    ...(stage.startedAt === undefined ? {} : { startedAt: stage.startedAt }),
    ...(stage.endedAt === undefined ? {} : { endedAt: stage.endedAt }),
  }));
  const counts = run.metrics.counts;
  return {
    id: run.id,
    command: run.command,
    status: run.status,
    active: run.active,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    counts,
    warnings: run.warnings,
    errors: errorCount(counts, stages),
    stages,
  };
}

export async function runRows(runsDir: string): Promise<RunRow[]> {
  const summaries = await listRuns(runsDir);
  const rows = await Promise.all(
    summaries.map((summary) =>
      inspectRun(runsDir, summary.id)
        .then(toRunRow)
        .catch(() => undefined),
    ),
  );
  return rows.filter((row): row is RunRow => row !== undefined);
}

export async function runDetail(
  runsDir: string,
  id: string,
  catalog: CatalogItem[],
): Promise<RunDetailView> {
  const run = await inspectRun(runsDir, id);
  const row = toRunRow(run);
  const warnings: string[] = [];
  const events = await readJsonl(join(run.dir, "events.jsonl"), warnings);
  return {
    ...row,
    inputs: run.manifest.inputs.length,
    warningList: run.warningList.slice(-200).map((warning) => ({
      stage: warning.stage,
      ...(warning.item === undefined ? {} : { item: warning.item }),
      code: warning.code,
      message: warning.message,
      t: warning.t,
    })),
    outputs: await listOutputs(run.dir),
    links: await linkedItems(run, catalog),
    events: events.rows.slice(-300),
  };
}

async function listOutputs(dir: string): Promise<{ path: string; bytes: number }[]> {
  const out: { path: string; bytes: number }[] = [];
  async function visit(folder: string, prefix: string, depth: number): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      const shown = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < 2) await visit(path, shown, depth + 1);
      } else if (entry.isFile() && !entry.name.endsWith(".lock")) {
        out.push({ path: shown, bytes: (await stat(path)).size });
      }
      if (out.length >= 200) return;
    }
  }
  await visit(dir, "", 0);
  return out;
}

/** The catalog items a run produced: inside its folder, or named as outDir/out by its items or config. */
async function linkedItems(
  run: RunDetails,
  catalog: CatalogItem[],
): Promise<{ kind: string; key: string; name: string }[]> {
  const places = new Set<string>([run.dir]);
  for (const stage of Object.keys(run.manifest.stages)) {
    const warnings: string[] = [];
    const items = await readJsonl(join(run.dir, stage, "items.jsonl"), warnings, 500);
    for (const line of items.rows) {
      const outDir = asString(asObject(asObject(line).record).outDir);
      if (outDir !== undefined) places.add(outDir);
    }
  }
  if (places.size === 1) {
    const config = asObject(run.manifest.config);
    for (const name of ["out", "outDir"]) {
      const value = asString(asObject(config.options)[name]) ?? asString(config[name]);
      if (value !== undefined) places.add(value);
    }
  }
  const inside = (path: string, place: string) => path === place || path.startsWith(`${place}/`);
  return catalog
    .filter((item) => [...places].some((place) => inside(item.path, place)))
    .map(({ kind, key, name }) => ({ kind, key, name }));
}
