import { dirname, join } from "node:path";
import { asArray, asNumber, asObject, asString, readJson, readJsonl } from "./read-json.js";

/**
 * A corrected robot episode (the corrected trajectory next to its `.corrections.json` sidecar)
 * and behaviour-cloning training runs (`losses.jsonl`).
 */
export interface RobotEpisodeView {
  key: string;
  name: string;
  judge?: string;
  /** actions[d][i]: dimension d of the action at step i, after correction. */
  after: number[][];
  /** The same before correction (the sidecar's `before` values put back). */
  before: number[][];
  intervention: boolean[];
  windows: { start: number; end: number; status: string }[];
  changes: { index: number; before: unknown; after: unknown }[];
  frames: (string | null)[];
  /** Which steps have a camera frame the viewer can serve (/api/robot/frame?key=&step=). */
  frameFound?: boolean[];
  sidecar: unknown;
  warnings: string[];
}

export interface TrainingView {
  key: string;
  name: string;
  /** One series per split and term: iterations and values. */
  series: { split: string; term: string; iterations: number[]; values: number[] }[];
  warnings: string[];
}

export async function robotEpisodeView(
  key: string,
  sidecarPath: string,
  name: string,
): Promise<RobotEpisodeView> {
  const warnings: string[] = [];
  const sidecar = asObject(await readJson(sidecarPath));
  const trajectoryPath = join(
    dirname(sidecarPath),
    sidecarPath.slice(dirname(sidecarPath).length + 1).replace(/\.corrections\.json$/, ".json"),
  );
  const episode = asObject(await readJson(trajectoryPath));
  const steps = asArray(episode.trajectory).map(asArray);
  const actions = steps.map((step) => asArray(step[1]).map((value) => asNumber(value) ?? 0));
  const dimensions = Math.max(0, ...actions.map((action) => action.length));
  const after = Array.from({ length: dimensions }, (_, d) =>
    actions.map((action) => action[d] ?? 0),
  );
  const before = after.map((values) => [...values]);
  const changes = asArray(sidecar.changes).map(asObject);
  for (const change of changes) {
    const index = asNumber(change.index);
    if (index === undefined || change.field !== "action") continue;
    asArray(change.before).forEach((value, d) => {
      const number = asNumber(value);
      const row = before[d];
      if (number !== undefined && row !== undefined && index < row.length) row[index] = number;
    });
  }
  const judge = asString(asObject(sidecar.judge).name);
  return {
    key,
    name,
    ...(judge === undefined ? {} : { judge }),
    after,
    before,
    intervention: steps.map((step) => step[2] === true),
    windows: asArray(sidecar.segments).map((raw) => {
      const segment = asObject(raw);
      return {
        start: asNumber(segment.start) ?? 0,
        end: asNumber(segment.end) ?? 0,
        status: asString(segment.status) ?? "",
      };
    }),
    changes: changes.map((change) => ({
      index: asNumber(change.index) ?? -1,
      before: change.before,
      after: change.after,
    })),
    frames: steps.map((step) => asString(step[3]) ?? null),
    sidecar,
    warnings,
  };
}

export async function trainingView(key: string, dir: string, name: string): Promise<TrainingView> {
  const warnings: string[] = [];
  const losses = await readJsonl(join(dir, "losses.jsonl"), warnings);
  const bySeries = new Map<string, TrainingView["series"][number]>();
  for (const raw of losses.rows) {
    const row = asObject(raw);
    const iteration = asNumber(row.iteration);
    const split = asString(row.split) ?? "train";
    if (iteration === undefined) continue;
    for (const [term, value] of Object.entries(asObject(row.terms))) {
      if (typeof value !== "number") continue;
      const id = `${split}/${term}`;
      let series = bySeries.get(id);
      if (series === undefined) {
        series = { split, term, iterations: [], values: [] };
        bySeries.set(id, series);
      }
      series.iterations.push(iteration);
      series.values.push(value);
    }
  }
  return { key, name, series: [...bySeries.values()], warnings };
}
