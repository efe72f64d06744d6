import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { launchChromium } from "../src/viewer/__fixtures__/viewer-browser.js";
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
const repeatAt = process.argv.indexOf("--repeat");
const repeat = repeatAt === -1 ? 5 : Number(process.argv[repeatAt + 1]);
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

/**
 * In the page, from its first script on: each animation frame, checks `ready` (a JS expression);
 * when it holds, runs `then` (e.g. a click) and waits for `done`; records performance.now() (ms
 * since the page's navigation started) as window.__benchReady. This is the page's own time, free
 * of the harness's round trips to the browser, which on a loaded machine cost tens of ms each.
 */
function inPageProbe(ready: string, then = "", done = "true"): string {
  return `(() => {
    let stage = 0;
    const check = () => {
      try {
        if (stage === 0 && (${ready})) { ${then}; stage = 1; }
        if (stage === 1 && (${done})) { window.__benchReady = performance.now(); return; }
      } catch {}
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`;
}

/**
 * ms from navigation until `ready` holds and a frame later the page runs script again, as the
 * harness sees it (page.goto … through playwright's round trips), and the page's own time.
 */
async function timeToInteractive(page: Page, url: string, ready: (page: Page) => Promise<void>) {
  const start = performance.now();
  await page.goto(url);
  await ready(page);
  await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => resolve(null)))");
  const total = performance.now() - start;
  // Init scripts do not run in about:blank: there the page's time is the time so far.
  const inPage = Number(
    url === "about:blank"
      ? await page.evaluate("performance.now()")
      : await page
          .waitForFunction("window.__benchReady !== undefined")
          .then(() => page.evaluate("window.__benchReady")),
  );
  return { total, inPage };
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
const browser = await launchChromium();
try {
  await makeData(root);
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  const sessionKey = encodeURIComponent("data:session");
  const mapKey = encodeURIComponent("runs:insights-bench");
  const cases: [string, string, (page: Page) => Promise<void>, string][] = [
    ["about:blank (browser only)", "about:blank", async () => {}, inPageProbe("true")],
    [
      "empty page (baseline)",
      `${base}/#/nothing`,
      (page) => page.locator(".error").waitFor(),
      inPageProbe('document.querySelector(".error")'),
    ],
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
      inPageProbe(
        `document.querySelector('[data-testid=steps][data-count="${steps}"] [data-step="0"]') && document.querySelector("[data-testid=frame] img")?.naturalWidth > 0`,
        `document.querySelector('[data-step="1"]').click()`,
        `document.querySelector('[data-step="1"].sel')`,
      ),
    ],
    [
      `cluster map, ${points.toLocaleString("en")} points`,
      `${base}/#/insight/${mapKey}`,
      async (page) => {
        await page.locator(`[data-testid=cluster-map][data-points="${points}"]`).waitFor();
        await page.mouse.move(300, 400);
      },
      inPageProbe(`document.querySelector('[data-testid=cluster-map][data-points="${points}"]')`),
    ],
  ];
  const results: { name: string; ms: number; inPage: number; cold: number }[] = [];
  for (const [name, url, ready, probe] of cases) {
    const times: number[] = [];
    const inPage: number[] = [];
    let cold = Number.NaN;
    for (let i = 0; i < repeat + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.addInitScript(probe);
      const measured = await timeToInteractive(page, url, ready);
      // The first load is reported apart: it warms the server's file and answer caches.
      if (i === 0) cold = measured.total;
      else {
        times.push(measured.total);
        inPage.push(measured.inPage);
      }
      await page.close();
    }
    results.push({ name, ms: median(times), inPage: median(inPage), cold });
  }
  const baseline = results.find((each) => each.name.startsWith("empty"))?.ms ?? Number.NaN;
  console.log(`viewer time to interactive, median of ${repeat}, headless Chromium`);
  console.log(
    `${"page".padEnd(32)} ${"harness".padStart(8)} ${"in page".padStart(8)} ${"first".padStart(8)}  vs empty page`,
  );
  for (const { name, ms, inPage, cold } of results) {
    console.log(
      `${name.padEnd(32)} ${ms.toFixed(0).padStart(5)} ms ${inPage.toFixed(0).padStart(5)} ms ${cold
        .toFixed(0)
        .padStart(5)} ms  ${(ms / baseline).toFixed(2)}×`,
    );
  }
} finally {
  await browser.close();
  await app.close();
  await rm(root, { recursive: true, force: true });
}
