import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevtraceClient, type DevtraceClient } from "../client/devtrace-client.js";
import { devtraceDefaultWeights } from "../grade/devtrace-judge-types.js";
import { type DevtraceService, startDevtraceService } from "../server/start-service.js";
import { allAvailable, requireChromium, skipWithout } from "../test-support/requirements.js";
import {
  shotsDir as shots,
  startViewerBrowser,
  type ViewerBrowser,
} from "./__fixtures__/viewer-browser.js";

/**
 * `tracemill view --data <tracemill-data>` over a real devtrace store: a devtrace server runs on
 * a PGlite folder (and keeps it open, as `tracemill serve` does) while the viewer lists its traces
 * with their status, opens one with its events, command outputs (collapsed, redacted), judge and
 * chain, and sees a trace the server completes afterwards. Needs `npm run build` (dist/web).
 */
const chromium_ = await requireChromium();
skipWithout(chromium_);

const hmacKey = "viewer-live-store-test-key";
const apiToken = "tm_viewer_live_store_token_0123456789";
/** A GitHub token the command printed; uploaded whole, so the store keeps it as sent. */
const secret = "ghp_4f7Hk2Lm9Np3Qr8St1Uv6Wx0Yz5Ab2Cd7Ef9G";

let workspace: string;
let dataDir: string;
let service: DevtraceService;
let client: DevtraceClient;
let viewing: ViewerBrowser;
let sealedId: string;
let openId: string;

const event = (seq: number, rest: Record<string, unknown>) => ({
  id: `ev-${seq}`,
  seq,
  ts_client_s: 1_700_000_000 + seq * 2,
  ...rest,
});

beforeAll(async () => {
  if (!allAvailable(chromium_)) return;
  workspace = await mkdtemp(join(tmpdir(), "tracemill-viewer-store-"));
  dataDir = join(workspace, "tracemill-data");
  service = await startDevtraceService({
    dataDir,
    db: join(dataDir, "catalog"),
    apiTokens: [apiToken],
    hmacKey,
    workers: 0,
  });
  client = createDevtraceClient({ baseUrl: service.url, token: apiToken });
  const consent = { rationale: true, outputs: true, code: true };
  const created = await client.createTrace({
    participant_id: "p1",
    task_id: "calc-div",
    task_title: "Fix division by zero",
    consent,
  });
  sealedId = created.trace_id;
  await client.ingest(sealedId, {
    chunk_id: "c0",
    chunk_seq: 0,
    events: [
      event(0, {
        type: "file_edit",
        file_path: "calc/ops.py",
        diff_unified: "@@ -1 +1,2 @@\n def divide(a, b):\n+    if b == 0: raise ValueError\n",
      }),
      event(1, { type: "cmd_run", cmd: "pytest -q", exit_code: 0, stdout_ref: "out-1" }),
      event(2, { type: "cmd_run", cmd: "./deploy.sh", exit_code: 3, stderr_ref: "err-2" }),
      event(3, { type: "test_run", framework: "pytest", num_passed: 4, num_failed: 0 }),
    ],
    artifacts: {
      "out-1": { type: "stdout", event_id: "ev-1", content: "....\n4 passed in 0.12s\n" },
    },
  });
  await client.putArtifact(sealedId, "err-2", Buffer.from(`auth failed for ${secret}\n`), {
    type: "stderr",
    eventId: "ev-2",
  });
  await client.complete(sealedId);
  await service.backend.store.saveQa(sealedId, {
    judge: {
      judge: "offline:devtrace-signals/v1",
      offline: true,
      rubric_version: "1",
      weights: devtraceDefaultWeights,
      scores: {
        problem_understanding: 4,
        causal_linking: 4,
        experiment_design: 3,
        efficiency: 5,
        reproducibility: 4,
        safety_hygiene: 2,
      },
      overall: 3.75,
      feedback_summary: "Found the cause and tested the fix.",
      observations: ["safety_hygiene ran a deploy script with a token in its output"],
    },
  });
  const pending = await client.createTrace({
    participant_id: "p2",
    task_id: "calc-mul",
    task_title: "Speed up multiply",
    consent,
  });
  openId = pending.trace_id;
  await client.ingest(openId, {
    chunk_id: "c0",
    chunk_seq: 0,
    events: [event(0, { type: "cmd_run", cmd: "make bench", exit_code: 0 })],
  });
  viewing = await startViewerBrowser({ runsDir: join(workspace, "runs"), dataDir, hmacKey });
}, 120_000);

afterAll(async () => {
  await viewing?.close();
  await service?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

describe("viewer over the live devtrace store (PGlite, server running)", () => {
  it("lists the store's traces with their status", async () => {
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/#/devtraces`);
    const sealedRow = page.locator("[data-testid=devtraces] tr", { hasText: sealedId });
    await sealedRow.waitFor();
    expect(await sealedRow.locator("[data-status]").getAttribute("data-status")).toBe("completed");
    const openRow = page.locator("[data-testid=devtraces] tr", { hasText: openId });
    expect(await openRow.locator("[data-status]").getAttribute("data-status")).toBe("ingesting");
    expect(await page.locator("[data-nav=devtraces] .n").textContent()).toBe("2");
    await page.close();
    // Each row's judge score comes with the page's one catalog query.
    const answer = await viewing.app.inject({ url: "/api/devtraces" });
    const rows = (answer.json() as { devtraces: { id: string; overall?: number }[] }).devtraces;
    expect(rows.find((row) => row.id === sealedId)?.overall).toBeGreaterThan(0);
    expect(rows.find((row) => row.id === openId)?.overall).toBeUndefined();
  });

  it("shows one trace's events, collapsed redacted command outputs, judge and chain", async () => {
    const page = await viewing.newPage();
    await page.goto(`${viewing.base}/#/devtrace/${encodeURIComponent(`store:${sealedId}`)}`);
    await page.locator("[data-testid=events-timeline] [data-event]").first().waitFor();
    expect(await page.locator("[data-testid=events-timeline] [data-event]").count()).toBe(4);
    const stdout = page.locator('[data-event="1"] details[data-output=stdout]');
    expect(await stdout.getAttribute("open")).toBeNull();
    expect(await stdout.locator("pre").isVisible()).toBe(false);
    await stdout.locator("summary").click();
    expect(await stdout.locator("pre").textContent()).toContain("4 passed in 0.12s");
    expect(await page.locator('[data-event="2"] pre').first().textContent()).toContain("exit 3");
    const stderr = page.locator('[data-event="2"] details[data-output=stderr]');
    await stderr.locator("summary").click();
    const stderrText = (await stderr.locator("pre").textContent()) ?? "";
    expect(stderrText).toContain("auth failed for");
    expect(stderrText).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator("[data-testid=judge] [data-dimension]").count()).toBe(6);
    expect(await page.locator("[data-testid=chain]").textContent()).toContain("ok");
    await page.screenshot({ path: join(shots, "devtrace-live-store.png"), fullPage: true });
    await page.close();
  });

  it("sees a trace the server completes after the viewer opened the store", async () => {
    const before = await viewing.app.inject({ url: "/api/devtraces" });
    const listed = (before.json() as { devtraces: { id: string; status?: string }[] }).devtraces;
    expect(listed.find((each) => each.id === openId)?.status).toBe("ingesting");
    await client.complete(openId);
    let status: string | undefined;
    for (let attempt = 0; attempt < 40 && status !== "completed"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const answer = await viewing.app.inject({ url: "/api/devtraces" });
      const rows = (answer.json() as { devtraces: { id: string; status?: string }[] }).devtraces;
      status = rows.find((each) => each.id === openId)?.status;
    }
    expect(status).toBe("completed");
  });

  it("logged no console errors", () => {
    expect(viewing.consoleErrors).toEqual([]);
  });
});
