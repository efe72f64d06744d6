import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import sharp from "sharp";
import { buildViewerServer } from "../src/viewer/viewer-server.js";

/**
 * Time to interactive of the viewer's two heaviest pages in headless Chromium, against an empty
 * page of the same app in the same run:
 *  - a screen session of 2,000 steps (every other step with a 1280×800 frame): until the last
 *    step's row is in the list, the frame has loaded and the page answers a click;
 *  - a cluster map of 20,000 points in 12 clusters: until the canvas has drawn every point and
 *    the page answers a hover.
 * Each is loaded fresh (new page) `--repeat` times; the median is reported.
 * Run: npm run build && npx tsc -p tsconfig.bench.json && node dist-bench/bench/viewer.js
 */
const repeat = Number(process.argv[process.argv.indexOf("--repeat") + 1] || 5);
const steps = 2_000;
const points = 20_000;
const clusters = 12;
const webDir = fileURLToPath(new URL("../../dist/web/", import.meta.url));

async function makeData(root: string): Promise<void> {
  const session = join(root, "data", "session");
  await mkdir(join(session, "frames"), { recursive: true });
  for (let i = 0; i < 40; i++) {
    const image = await sharp({
      create: {
        width: 1280,
        height: 800,
        channels: 3,
        background: { r: 30 + i * 4, g: 40, b: 60 },
      },
    })
      .jpeg({ quality: 70 })
      .toBuffer();
    await writeFile(join(session, "frames", `f${i}.jpg`), image);
  }
  const types = ["click", "type", "scroll", "key", "drag"];
  const traceSteps = Array.from({ length: steps }, (_, index) => {
    const type = types[index % types.length] ?? "click";
    const action: Record<string, unknown> = { type };
    if (type === "click" || type === "scroll")
      Object.assign(action, { x: 100 + (index % 900), y: 300, dy: 2 });
    if (type === "type") action.text = `text ${index}`;
    if (type === "key") action.keys = ["cmd", "s"];
    if (type === "drag")
      action.path = [
        [100, 100],
        [300, 200],
        [500, 260],
      ];
    return {
      index,
      t: index * 0.5,
      actor: "human",
      kind: "action",
      action,
      ...(index % 2 === 0
        ? { frame: { path: `frames/f${(index / 2) % 40}.jpg`, width: 1280, height: 800 } }
        : {}),
    };
  });
  await writeFile(
    join(session, "trace.json"),
    JSON.stringify({
      id: "trace_bench",
      task: { title: "A long session" },
      environment: { screen: { width: 1280, height: 800 } },
      steps: traceSteps,
    }),
  );
  await writeFile(join(session, "results.json"), "[]");
  await writeFile(
    join(session, "scores.json"),
    JSON.stringify({
      score: 70,
      components: { outcomeAchievement: 70 },
      observations: ["Repeated clicks at steps 10, 20 and 30"],
    }),
  );
  await writeFile(
    join(session, "sft.json"),
    JSON.stringify(
      traceSteps
        .slice(0, 200)
        .map((step) => ({ role: "assistant", content: `step ${step.index}` })),
    ),
  );
  const run = join(root, "runs", "insights-bench");
  await mkdir(join(run, "viz"), { recursive: true });
  await writeFile(join(run, "manifest.json"), JSON.stringify({ id: "insights-bench" }));
  await writeFile(join(run, "privacy_audit.json"), JSON.stringify({ gates: {}, clusters: [] }));
  await writeFile(
    join(run, "labeled_clusters_privacy_filtered.json"),
    JSON.stringify({
      hidden: 0,
      clusters: Array.from({ length: clusters }, (_, id) => ({
        cluster_id: id,
        level: 0,
        name: `Cluster ${id}`,
        description: `Conversations of kind ${id}`,
        conversation_count: points / clusters,
      })),
    }),
  );
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const lines: string[] = [];
  for (let i = 0; i < points; i++) {
    const cluster = i % clusters;
    const angle = (cluster / clusters) * Math.PI * 2;
    lines.push(
      JSON.stringify({
        conversation_id: `c${i}`,
        x: Math.cos(angle) * 10 + (random() - 0.5) * 4,
        y: Math.sin(angle) * 10 + (random() - 0.5) * 4,
        cluster_id: cluster,
      }),
    );
  }
  await writeFile(join(run, "viz", "map_points.jsonl"), lines.join("\n"));
}

/** ms from navigation until `ready` holds and a frame later the page runs script again. */
async function timeToInteractive(page: Page, url: string, ready: (page: Page) => Promise<void>) {
  const start = performance.now();
  await page.goto(url);
  await ready(page);
  await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => resolve(null)))");
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const root = await mkdtemp(join(tmpdir(), "tracemill-bench-viewer-"));
const app = await buildViewerServer({
  runsDir: join(root, "runs"),
  dataDir: join(root, "data"),
  webDir,
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  await makeData(root);
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  const sessionKey = encodeURIComponent("data:session");
  const mapKey = encodeURIComponent("runs:insights-bench");
  const cases: [string, string, (page: Page) => Promise<void>][] = [
    ["empty page (baseline)", `${base}/#/nothing`, (page) => page.locator(".error").waitFor()],
    [
      `session, ${steps.toLocaleString("en")} steps`,
      `${base}/#/session/${sessionKey}`,
      async (page) => {
        await page.locator(`[data-testid=steps][data-count="${steps}"] [data-step="0"]`).waitFor();
        await page.locator("[data-testid=frame] img").waitFor();
        await page.waitForFunction(
          'document.querySelector("[data-testid=frame] img")?.naturalWidth > 0',
        );
        await page.locator('[data-step="1"]').click();
        await page.locator('[data-step="1"].sel').waitFor();
      },
    ],
    [
      `cluster map, ${points.toLocaleString("en")} points`,
      `${base}/#/insight/${mapKey}`,
      async (page) => {
        await page.locator(`[data-testid=cluster-map][data-points="${points}"]`).waitFor();
        await page.mouse.move(300, 400);
      },
    ],
  ];
  const results: { name: string; ms: number }[] = [];
  for (const [name, url, ready] of cases) {
    const times: number[] = [];
    for (let i = 0; i < repeat + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const ms = await timeToInteractive(page, url, ready);
      if (i > 0) times.push(ms); // the first load warms the server's file cache
      await page.close();
    }
    results.push({ name, ms: median(times) });
  }
  const baseline = results[0]?.ms ?? Number.NaN;
  console.log(`viewer time to interactive, median of ${repeat}, headless Chromium`);
  for (const { name, ms } of results) {
    console.log(
      `${name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / baseline).toFixed(2)}× baseline`,
    );
  }
} finally {
  await browser.close();
  await app.close();
  await rm(root, { recursive: true, force: true });
}
