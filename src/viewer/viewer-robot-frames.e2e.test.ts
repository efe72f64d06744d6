import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRun } from "../runs/index.js";
import { allAvailable, requireChromium, skipWithout } from "../test-support/requirements.js";
import {
  shotsDir as shots,
  startViewerBrowser,
  type ViewerBrowser,
} from "./__fixtures__/viewer-browser.js";

/**
 * The robot episode view shows the episode's camera frames with a scrubber. The frames live in
 * the study folder the episode came from (outside the data folder, as in the demo); they are
 * served because a run recorded that study's episode as its input, and an episode whose sidecar
 * names any other folder gets no frames. Needs `npm run build` (dist/web).
 */
const chromium_ = await requireChromium();
skipWithout(chromium_);

const steps = 8;

let workspace: string;
let viewing: ViewerBrowser;

/** A study folder (trajectory_data_<session>/, videos_<session>/) and its corrected episode. */
async function makeEpisode(options: {
  study: string;
  corrected: string;
  session: string;
  episode: number;
}): Promise<string> {
  const { study, corrected, session, episode } = options;
  await mkdir(join(study, `trajectory_data_${session}`), { recursive: true });
  await mkdir(join(study, `videos_${session}`), { recursive: true });
  for (let step = 0; step < steps; step++) {
    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: step * 30, g: 90, b: 40 } },
    })
      .png()
      .toBuffer();
    await writeFile(join(study, `videos_${session}`, `frame_${episode}_${step}.png`), png);
  }
  const trajectory = Array.from({ length: steps }, (_, step) => [
    [step / steps, 0.5],
    [0.1 * step, -0.2],
    step >= 2 && step <= 4,
    `/home/operator/run/videos/frame_${episode}_${step}.png`,
  ]);
  const source = join(study, `trajectory_data_${session}`, `trajectory_0_${episode}.json`);
  await writeFile(source, JSON.stringify({ trajectory, metrics: {} }));
  await mkdir(join(corrected, session), { recursive: true });
  await writeFile(
    join(corrected, session, `trajectory_0_${episode}.json`),
    JSON.stringify({ trajectory, metrics: {} }),
  );
  await writeFile(
    join(corrected, session, `trajectory_0_${episode}.corrections.json`),
    JSON.stringify({
      session,
      episode,
      source: { path: source, sha256: "0".repeat(64) },
      judge: { name: "offline-smoothing" },
      segments: [{ start: 2, end: 4, status: "corrected" }],
      changes: [{ index: 3, field: "action", before: [0.3, -0.2], after: [0.25, -0.2] }],
    }),
  );
  return source;
}

beforeAll(async () => {
  if (!allAvailable(chromium_)) return;
  workspace = await mkdtemp(join(tmpdir(), "tracemill-viewer-robot-"));
  const runsDir = join(workspace, "runs");
  const dataDir = join(workspace, "out");
  const corrected = join(dataDir, "robot", "corrected");
  const recorded = await makeEpisode({
    study: join(workspace, "study"),
    corrected,
    session: "s1",
    episode: 0,
  });
  // A second study nobody recorded: its sidecar names it, the viewer must not read it.
  await makeEpisode({ study: join(workspace, "elsewhere"), corrected, session: "s2", episode: 0 });
  const run = await openRun({
    runsDir,
    command: "train",
    inputs: [recorded],
    config: {},
    toolVersion: "test",
  });
  await run.finish("completed");
  viewing = await startViewerBrowser({ runsDir, dataDir });
}, 120_000);

afterAll(async () => {
  await viewing?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

const episodeKey = (session: string) =>
  `data:robot/corrected/${session}/trajectory_0_0.corrections.json`;

describe("robot episode frames", () => {
  it("shows the episode's frames and scrubs through them", async () => {
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/#/robot/episode/${encodeURIComponent(episodeKey("s1"))}`);
    const image = page.locator("[data-testid=frames] img");
    await image.waitFor();
    expect(await image.getAttribute("data-frame-step")).toBe("0");
    await page.locator("[data-testid=frame-scrubber]").fill("5");
    await page.locator('[data-testid=frames] img[data-frame-step="5"]').waitFor();
    await page.waitForFunction(
      'document.querySelector("[data-testid=frames] img")?.naturalWidth === 64',
    );
    await page.locator("[data-testid=frames] [data-window='2']").click();
    expect(await page.locator("[data-testid=frame-step]").textContent()).toBe("2");
    expect(await page.locator("[data-testid=frames] h3").textContent()).toContain(
      "correction window 2–4",
    );
    await page.screenshot({ path: join(shots, "robot-frames.png"), fullPage: true });
    await page.close();
    expect(viewing.consoleErrors).toEqual([]);
  });

  it("serves a frame by step only, as an image", async () => {
    const answer = await viewing.app.inject({
      url: `/api/robot/frame?key=${encodeURIComponent(episodeKey("s1"))}&step=6`,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers["content-type"]).toBe("image/png");
    const meta = await sharp(answer.rawPayload).metadata();
    expect(meta.width).toBe(64);
    const bad = await viewing.app.inject({
      url: `/api/robot/frame?key=${encodeURIComponent(episodeKey("s1"))}&step=../x`,
    });
    expect(bad.statusCode).toBe(400);
  });

  it("reads no folder a sidecar names unless a run recorded it or it is in the data folder", async () => {
    const view = await viewing.app.inject({
      url: `/api/robot/episode?key=${encodeURIComponent(episodeKey("s2"))}`,
    });
    expect(view.statusCode).toBe(200);
    expect((view.json() as { frameFound: boolean[] }).frameFound).toEqual(Array(steps).fill(false));
    const frame = await viewing.app.inject({
      url: `/api/robot/frame?key=${encodeURIComponent(episodeKey("s2"))}&step=1`,
    });
    expect(frame.statusCode).toBe(404);
  });
});
