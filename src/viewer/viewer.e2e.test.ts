import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRun } from "../runs/index.js";
import { allAvailable, requireChromium, skipWithout } from "../test-support/requirements.js";
import { runCli } from "../test-support/run-cli.js";
import {
  shotsDir as shots,
  startViewerBrowser,
  type ViewerBrowser,
  builtWebDir as webDir,
} from "./__fixtures__/viewer-browser.js";
import { buildStaticReport } from "./static-report.js";

/**
 * The viewer in Debian's Chromium over the demo's real outputs (made here with `tracemill demo`
 * in a temp folder). Each view opens and shows its key elements, navigation works, a running run
 * updates live, and a screenshot of each view lands in test-output/viewer/. Needs `npm run build`
 * (the CLI and dist/web).
 */
const chromium_ = await requireChromium();
skipWithout(chromium_);

const demoKey = "tracemill-demo-key";

let workspace: string;
let runsDir: string;
let dataDir: string;
let demoStdout: string;
let viewing: ViewerBrowser;

beforeAll(async () => {
  if (!allAvailable(chromium_)) return;
  workspace = await mkdtemp(join(tmpdir(), "tracemill-viewer-"));
  const demo = await runCli(["demo"], { cwd: workspace, timeoutMs: 400_000 });
  expect(demo.code, demo.stderr).toBe(0);
  demoStdout = demo.stdout;
  runsDir = join(workspace, "runs");
  dataDir = join(workspace, "demo-out");
  viewing = await startViewerBrowser({ runsDir, dataDir, hmacKey: demoKey, pollMs: 100 });
}, 480_000);

afterAll(async () => {
  await viewing?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

async function apiGet<T>(path: string): Promise<T> {
  const response = await fetch(`${viewing.base}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** The machine is shared: give the page time. */
const patient = { timeout: 15_000 };

const hash = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join("/")}`;

describe("tracemill view in Chromium over the demo's outputs", () => {
  it("the demo ends by printing the view command", () => {
    const lines = demoStdout.trimEnd().split("\n");
    expect(lines.at(-1)?.trim()).toBe(
      `npx tracemill view --runs-dir runs --data demo-out --hmac-key ${demoKey}`,
    );
  });

  it("Runs: every run with command, status, counts, warnings, errors and stages; opens a run", async () => {
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/`);
    const rows = page.locator("[data-testid=runs] tbody tr");
    const { runs } = await apiGet<{ runs: { id: string; command: string }[] }>("/api/runs");
    expect(runs.length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => rows.count(), patient).toBe(runs.length);
    const demoRun = runs.find((run) => run.command === "demo");
    expect(demoRun).toBeDefined();
    const row = page.locator(`tr[data-run="${demoRun?.id}"]`);
    expect(await row.textContent()).toContain("completed");
    expect(await row.locator("[data-stage]").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "runs.png") });
    // A process run links to the session it wrote; follow it.
    const processRun = runs.find((run) => run.command === "process");
    await page.locator(`tr[data-run="${processRun?.id}"] a`).click();
    await page.locator("[data-testid=run-detail]").waitFor();
    expect(page.url()).toContain(hash("run", processRun?.id ?? ""));
    await page.locator("[data-link-kind=session]").first().click();
    await page.locator("[data-testid=session]").waitFor();
    await page.close();
  });

  it("Screen session: timeline, thumbnails, step list, frame with the action drawn, SFT, grade, filter", async () => {
    const { sessions } = await apiGet<{ sessions: { key: string; steps: number }[] }>(
      "/api/sessions",
    );
    expect(sessions.length).toBe(2);
    const session = sessions[0]!;
    const view = await apiGet<{
      steps: { index: number; type: string; path?: unknown }[];
      grade: { score: number; observations: { steps: number[] }[] };
    }>(`/api/session?key=${encodeURIComponent(session.key)}`);
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/${hash("sessions")}`);
    await page.locator("[data-testid=sessions] tbody tr").first().click();
    await page.locator("[data-testid=session]").waitFor();
    const stepList = page.locator("[data-testid=steps]");
    const listed = async () => Number(await stepList.getAttribute("data-count"));
    expect(await listed()).toBe(session.steps);
    expect(await stepList.locator("[data-step]").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=thumbs] img").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=grade]").textContent()).toContain(
      String(view.grade.score),
    );
    expect(await page.locator("[data-testid=messages] .msg").count()).toBeGreaterThan(0);
    // Jump to a drag: the frame shows the drag path.
    const drag = view.steps.find((step) => step.type === "drag" || step.path !== undefined);
    expect(drag).toBeDefined();
    await page.locator(`[data-testid=steps] [data-step="${drag?.index}"]`).click();
    await expect
      .poll(() => page.locator("[data-testid=current-step]").textContent(), patient)
      .toContain(`Step ${drag?.index}`);
    await page.locator("[data-testid=overlay] [data-draw=drag] polyline").waitFor();
    await page.locator("[data-testid=frame] img").waitFor();
    expect(
      await page
        .locator("[data-testid=frame] img")
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "session.png") });
    // An observation links to its steps.
    const linked = view.grade.observations.find((observation) => observation.steps.length > 0);
    expect(linked).toBeDefined();
    const target = linked?.steps[0] ?? 0;
    await page.locator(`[data-goto-step="${target}"]`).first().click();
    await expect
      .poll(() => page.locator("[data-testid=current-step]").textContent(), patient)
      .toContain(`Step ${target}`);
    // Filtering out a type removes its steps from the list.
    const observations = view.steps.filter((step) => step.type === "observation").length;
    await page.locator("[data-testid=type-filter] [data-type=observation]").click();
    await expect.poll(listed, patient).toBe(session.steps - observations);
    await page.close();
  });

  it("Conversation insights: map with hover summary, hierarchy search and drill-down, privacy, eval; hidden clusters never reach the page", async () => {
    const { insights } = await apiGet<{ insights: { key: string }[] }>("/api/insights");
    expect(insights.length).toBe(1);
    const key = insights[0]!.key;
    const view = await apiGet<{
      map: { x: number[] };
      clusters: { id: string; name: string; level: number }[];
    }>(`/api/insight?key=${encodeURIComponent(key)}`);
    const runDir = join(runsDir, key.replace(/^runs:/, ""));
    const audit = JSON.parse(await readFile(join(runDir, "privacy_audit.json"), "utf8")) as {
      clusters: { kept: boolean; cluster_id: number | string }[];
    };
    const labeled = JSON.parse(await readFile(join(runDir, "labeled_clusters.json"), "utf8")) as {
      clusters: { cluster_id: number | string; name: string }[];
    };
    const hiddenIds = audit.clusters.filter((cluster) => !cluster.kept).map((c) => c.cluster_id);
    const hiddenNames = labeled.clusters
      .filter((cluster) => hiddenIds.includes(cluster.cluster_id))
      .map((cluster) => cluster.name);
    expect(hiddenNames.length).toBeGreaterThan(0);
    // A hidden cluster's members are not found, not sent.
    const refused = await fetch(
      `${viewing.base}/api/insight/members?key=${encodeURIComponent(key)}&cluster=${hiddenIds[0]}`,
    );
    expect(refused.status).toBe(404);
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/${hash("insights")}`);
    await page.locator("[data-testid=insights-list] tbody tr").first().click();
    const canvas = page.locator("[data-testid=cluster-map]");
    await expect
      .poll(() => canvas.getAttribute("data-points"), patient)
      .toBe(String(view.map.x.length));
    // Hover every few pixels until a point answers with its cluster's summary.
    const box = await canvas.boundingBox();
    let tooltip: string | null = null;
    for (let y = 10; y < (box?.height ?? 0) && tooltip === null; y += 8) {
      for (let x = 10; x < (box?.width ?? 0) && tooltip === null; x += 8) {
        await page.mouse.move((box?.x ?? 0) + x, (box?.y ?? 0) + y);
        if ((await page.locator("[data-testid=map-tooltip]").count()) > 0) {
          tooltip = await page.locator("[data-testid=map-tooltip]").textContent();
        }
      }
    }
    expect(view.clusters.some((cluster) => tooltip?.includes(cluster.name))).toBe(true);
    await page.screenshot({ path: join(shots, "insights.png") });
    // Search the hierarchy for a base cluster and drill down to its members.
    const baseCluster = view.clusters.find((cluster) => cluster.level === 0)!;
    await page.locator("[data-testid=hierarchy-search]").fill(baseCluster.name.slice(0, 8));
    const node = page.locator(`[data-node="l0-${baseCluster.id}"]`);
    await node.click();
    await expect
      .poll(() => page.locator("[data-testid=members]").textContent(), patient)
      .toContain(baseCluster.name);
    expect(await page.locator("[data-testid=members] li").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=privacy]").textContent()).toContain("hidden");
    expect(await page.locator("[data-testid=evaluation]").textContent()).toContain("accuracy");
    const html = await page.content();
    for (const name of hiddenNames) expect(html).not.toContain(name);
    const sent = JSON.stringify(view);
    for (const name of hiddenNames) expect(sent).not.toContain(name);
    await page.close();
  });

  it("Datasets: per export counts that add up, sample rows, quarantine with reasons, receipts", async () => {
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/${hash("datasets")}`);
    const rows = page.locator("[data-testid=datasets] tbody tr");
    await expect.poll(() => rows.count(), patient).toBe(3);
    await rows.filter({ hasText: "exports-seed" }).first().click();
    await page.locator("[data-testid=dataset]").waitFor();
    const counts = page.locator("[data-testid=counts]");
    expect(await counts.count()).toBe(3);
    for (const text of await counts.allTextContents()) {
      const [input, written, quarantined, skipped] = (text.match(/\d+/g) ?? []).map(Number);
      expect(input).toBe((written ?? 0) + (quarantined ?? 0) + (skipped ?? 0));
      expect(text).toContain("adds up");
    }
    const quarantined = page.locator("[data-exporter=sft] [data-testid=quarantine] tr");
    expect(await quarantined.count()).toBeGreaterThan(0);
    expect(await quarantined.first().textContent()).toMatch(/[a-z_]+/);
    expect(await page.locator("[data-exporter=sft] pre").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "datasets.png") });
    await page.close();
  });

  it("Developer traces: list with status, events, verification, six judge scores, chain status", async () => {
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/${hash("devtraces")}`);
    const rows = page.locator("[data-testid=devtraces] tbody tr");
    await expect.poll(() => rows.count(), patient).toBe(4);
    await rows.filter({ hasText: /fail/ }).first().click();
    await page.locator("[data-testid=devtrace]").waitFor();
    expect(
      await page.locator("[data-testid=events-timeline] [data-event]").count(),
    ).toBeGreaterThan(3);
    expect(await page.locator("[data-testid=events-timeline] .diff").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=verification]").textContent()).toContain("fail");
    expect(await page.locator("[data-testid=judge] [data-dimension]").count()).toBe(6);
    expect(await page.locator("[data-testid=chain] .badge").textContent()).toBe("ok");
    await page.screenshot({ path: join(shots, "devtrace.png"), fullPage: true });
    await page.close();
  });

  it("Robot: actions before and after correction with windows shaded, frames, loss curves per term", async () => {
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/${hash("robot")}`);
    await page.locator("[data-testid=robot] a").first().click();
    await page.locator("[data-testid=episode]").waitFor();
    await page.locator("[data-testid=action-0] canvas").waitFor();
    expect(await page.locator("[data-testid=windows] li").count()).toBeGreaterThan(0);
    // The demo's frames (examples/robot/study/videos_<session>/, the run's recorded input).
    await page.waitForFunction(
      'document.querySelector("[data-testid=frames] img")?.naturalWidth > 0',
    );
    await page.screenshot({ path: join(shots, "robot-episode.png") });
    await page.goto(`${viewing.base}/${hash("robot")}`);
    await page.locator("[data-testid=robot] a", { hasText: "bc" }).first().click();
    await page.locator("[data-testid=loss-train] canvas").waitFor();
    expect(await page.locator("[data-testid=loss-train] .u-legend").textContent()).toContain(
      "delta",
    );
    await page.screenshot({ path: join(shots, "robot-training.png") });
    await page.close();
  });

  it("a running run updates live as its events file grows", async () => {
    const run = await openRun({
      runsDir,
      command: "live-test",
      inputs: [],
      config: {},
      toolVersion: "test",
    });
    try {
      const stage = await run.stage("work");
      const page = await viewing.newPage();
      await page.goto(`${viewing.base}/${hash("run", run.id)}`);
      await page.locator("[data-testid=run-detail]").waitFor();
      expect(await page.locator("h1 .badge").textContent()).toBe("running");
      for (let item = 0; item < 3; item++) {
        await stage.appendItem(`item-${item}`, { n: item });
      }
      await expect
        .poll(() => page.locator('[data-stage-row="work"] .done').textContent(), patient)
        .toBe("3");
      await expect
        .poll(() => page.locator("[data-testid=events]").textContent(), patient)
        .toContain("item-2");
      await page.screenshot({ path: join(shots, "run-live.png") });
      // The runs list follows it too.
      await page.goto(`${viewing.base}/`);
      await stage.appendItem("item-3", { n: 3 });
      await expect
        .poll(
          () => page.locator(`tr[data-run="${run.id}"] [data-stage=work] .done`).textContent(),
          patient,
        )
        .toBe("4");
      await stage.complete();
      await run.finish("completed");
      await expect
        .poll(() => page.locator(`tr[data-run="${run.id}"] .badge`).textContent(), patient)
        .toBe("completed");
      await page.close();
    } finally {
      await run.finish("completed").catch(() => undefined);
    }
  });

  it("view --static writes one self-contained file that shows the run's views offline", async () => {
    const { runs } = await apiGet<{ runs: { id: string; command: string }[] }>("/api/runs");
    const demoRun = runs.find((run) => run.command === "demo")!;
    const report = await buildStaticReport({
      runsDir,
      dataDir,
      webDir,
      runId: demoRun.id,
      hmacKey: demoKey,
    });
    const file = join(shots, "report.html");
    await writeFile(file, report.html);
    expect(report.html).not.toMatch(/<script[^>]+src=/);
    expect(report.html).not.toMatch(/<link[^>]+stylesheet/);
    const page = await viewing.newPage();
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file:") && !request.url().startsWith("data:")) {
        requests.push(request.url());
      }
    });
    await page.goto(pathToFileURL(file).href);
    await page.locator(`tr[data-run="${demoRun.id}"]`).waitFor();
    await page.locator("[data-nav=sessions]").click();
    await page.locator("[data-testid=sessions] tbody tr").first().click();
    await page.locator("[data-testid=frame] img").waitFor();
    expect(
      await page
        .locator("[data-testid=frame] img")
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    await page.locator("[data-nav=insights]").click();
    await page.locator("[data-testid=insights-list] tbody tr").first().click();
    await page.locator("[data-testid=cluster-map][data-ready]").waitFor();
    await page.screenshot({ path: join(shots, "static-report.png") });
    expect(requests).toEqual([]);
    await page.close();
  });

  it("no page logged a console error", () => {
    expect(viewing.consoleErrors).toEqual([]);
  });
});
