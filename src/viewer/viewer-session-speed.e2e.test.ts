import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allAvailable, requireChromium, skipWithout } from "../test-support/requirements.js";
import { startViewerBrowser, type ViewerBrowser } from "./__fixtures__/viewer-browser.js";

/**
 * What keeps a long session's page quick (bench/viewer.ts measures it): the page's data is
 * requested by index.html while the app's script loads (and not again by the app), the timeline
 * is one canvas rather than a DOM element per step, and thumbnails wait for the full-size frame.
 * Needs `npm run build` (dist/web).
 */
const chromium_ = await requireChromium();
skipWithout(chromium_);

const steps = 300;

let workspace: string;
let viewing: ViewerBrowser;

beforeAll(async () => {
  if (!allAvailable(chromium_)) return;
  workspace = await mkdtemp(join(tmpdir(), "tracemill-viewer-speed-"));
  const session = join(workspace, "data", "session");
  await mkdir(join(session, "frames"), { recursive: true });
  for (let i = 0; i < 20; i++) {
    const jpeg = await sharp({
      create: { width: 640, height: 400, channels: 3, background: { r: i * 12, g: 60, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    await writeFile(join(session, "frames", `f${i}.jpg`), jpeg);
  }
  const traceSteps = Array.from({ length: steps }, (_, index) => ({
    index,
    t: index * 0.5,
    actor: "human",
    kind: "action",
    action: { type: index % 2 === 0 ? "click" : "type", x: 10, y: 20, text: `t${index}` },
    ...(index % 5 === 0
      ? { frame: { path: `frames/f${(index / 5) % 20}.jpg`, width: 640, height: 400 } }
      : {}),
  }));
  await writeFile(
    join(session, "trace.json"),
    JSON.stringify({ id: "trace_speed", task: { title: "Long" }, steps: traceSteps }),
  );
  await writeFile(join(session, "results.json"), "[]");
  viewing = await startViewerBrowser({
    runsDir: join(workspace, "runs"),
    dataDir: join(workspace, "data"),
  });
}, 120_000);

afterAll(async () => {
  await viewing?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

describe("a long session's page", () => {
  it("asks for its data once, early; draws the timeline on a canvas; loads thumbnails after the frame", async () => {
    const page = await viewing.newPage();
    const log: string[] = [];
    page.on("request", (request) => log.push(`start ${new URL(request.url()).pathname}`));
    page.on("requestfinished", (request) => {
      const url = new URL(request.url());
      log.push(`end ${url.pathname}${url.pathname === "/api/frame" ? url.search : ""}`);
    });
    await page.goto(`${viewing.base}/#/session/${encodeURIComponent("data:session")}`);
    await page.locator(`[data-testid=steps][data-count="${steps}"] [data-step="0"]`).waitFor();
    await page.locator("[data-testid=thumbs] img").first().waitFor();

    // index.html started the session request before the app's script ran; the app used it.
    const sessionRequests = log.filter((line) => line === "start /api/session");
    expect(sessionRequests).toHaveLength(1);
    expect(
      await page.evaluate("Object.keys(window.__TRACEMILL_EARLY__ ?? { missing: 1 })"),
    ).toEqual([]);

    // One canvas for every step's tick, no element per step.
    expect(await page.locator("[data-testid=ticks]").getAttribute("data-ticks")).toBe(
      String(steps),
    );
    expect(await page.locator(".timeline .tick").count()).toBe(0);

    // The first frame request is the full-size frame; thumbnails start after it finished.
    const frameStarts = log
      .map((line, position) => ({ line, position }))
      .filter(({ line }) => line === "start /api/frame");
    const mainEnd = log.findIndex((line) => line.startsWith("end /api/frame"));
    expect(frameStarts.length).toBeGreaterThan(1);
    expect(frameStarts.filter(({ position }) => position < mainEnd)).toHaveLength(1);
    await page.close();
  });
});
