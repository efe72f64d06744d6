import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { insightsView } from "./insights-view.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("insights view map", () => {
  it("sends coordinates to 1/100,000 of the map's extent: a third of the bytes, the same picture", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracemill-insights-view-"));
    await mkdir(join(dir, "viz"), { recursive: true });
    await writeFile(join(dir, "manifest.json"), JSON.stringify({ id: "run-1" }));
    await writeFile(
      join(dir, "labeled_clusters_privacy_filtered.json"),
      JSON.stringify({
        clusters: [{ cluster_id: 0, level: 0, name: "A", conversation_count: 500 }],
      }),
    );
    let seed = 3;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const points = Array.from({ length: 500 }, (_, i) => ({
      conversation_id: `c${i}`,
      x: (random() - 0.5) * 24,
      y: (random() - 0.5) * 24,
      cluster_id: 0,
    }));
    await writeFile(
      join(dir, "viz", "map_points.jsonl"),
      points.map((point) => JSON.stringify(point)).join("\n"),
    );
    const view = await insightsView("runs:run-1", dir);
    expect(view.map.x).toHaveLength(500);
    const extent = 24;
    for (const [i, point] of points.entries()) {
      expect(Math.abs((view.map.x[i] ?? Number.NaN) - point.x)).toBeLessThanOrEqual(extent / 1e5);
      expect(Math.abs((view.map.y[i] ?? Number.NaN) - point.y)).toBeLessThanOrEqual(extent / 1e5);
    }
    const sent = JSON.stringify({ x: view.map.x, y: view.map.y }).length;
    const raw = JSON.stringify({ x: points.map((p) => p.x), y: points.map((p) => p.y) }).length;
    expect(sent).toBeLessThan(raw * 0.5);
  });
});
