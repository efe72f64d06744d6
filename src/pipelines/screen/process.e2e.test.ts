import { cp, mkdir, mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeScore } from "../../core/grade.js";
import { traceSchema } from "../../core/trace.js";
import { sftFileSchema } from "../../format/index.js";
import { screenSessionRubric } from "../../grade/index.js";
import { findMediaTool, generatePointerVideo } from "../../media/index.js";
import { startScriptedOpenAIServer } from "../../model/index.js";
import { requireFfmpeg, skipWithout } from "../../test-support/requirements.js";
import { runCli } from "../../test-support/run-cli.js";
import {
  buildExampleScreenSessions,
  exampleDesktopSessionId,
  exampleWebSessionId,
} from "./example-sessions.js";
import { sessionOutputFiles } from "./process-session.js";

/** `tracemill process` as users run it: the built CLI, real ffmpeg, real files. */
const sampleSession = new URL(
  "../../../test/fixtures/samples/screen-desktop/20250817_232256/",
  import.meta.url,
);
const sessionFiles = [...sessionOutputFiles, "scores.json"];
const media = await requireFfmpeg();
skipWithout(media);
let work: string;
let ffmpegPath: string;

beforeAll(async () => {
  if (!media.available) return;
  work = await mkdtemp(join(tmpdir(), "tracemill-process-"));
  ffmpegPath = (await findMediaTool("ffmpeg"))?.path ?? "";
  expect(ffmpegPath).not.toBe("");
});

async function readJson(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
}

describe("tracemill process", () => {
  it("processes the real desktop sample copied as a session folder (-i), with a generated video of its length", async () => {
    const sessionDir = join(work, "copied", "20250817_232256");
    await mkdir(join(work, "copied"), { recursive: true });
    await cp(sampleSession, sessionDir, { recursive: true });
    // The sample's recording.mp4 is not available: a video of the right length (53 s) at half resolution.
    await generatePointerVideo({
      out: join(sessionDir, "recording.mp4"),
      width: 1440,
      height: 900,
      fps: 5,
      durationS: 53,
      pointer: [{ t: 0, x: 720, y: 450 }],
      ffmpegPath,
    });
    const result = await runCli(["process", "-f", "desktop", "-i", sessionDir, "--grade"], {
      cwd: work,
    });
    expect(result.code, result.stderr).toBe(0);
    for (const file of sessionFiles) await stat(join(sessionDir, file));
    const trace = traceSchema.parse(await readJson(join(sessionDir, "trace.json")));
    expect(trace.environment?.screen).toEqual({ width: 2880, height: 1800, scale: 2 });
    expect(trace.steps.filter((step) => step.action?.type === "click")).toHaveLength(30);
    expect(trace.steps.some((step) => step.frame)).toBe(true);
    const sft = sftFileSchema.parse(await readJson(join(sessionDir, "sft.json")));
    expect(sft.filter((message) => typeof message.content !== "string").length).toBeGreaterThan(0);
    // Frames are half the screen's width, so SFT coordinates are too: every click lands inside the 1440-wide image.
    for (const message of sft) {
      const click =
        typeof message.content === "string"
          ? /click\((-?\d+), (-?\d+)\)/.exec(message.content)
          : null;
      if (click) expect(Number(click[1])).toBeLessThan(1440);
    }
    const scores = await readJson(join(sessionDir, "scores.json"));
    expect(scores).toMatchObject({
      sessionId: "20250817_232256",
      offline: true,
      judge: { provider: "offline" },
    });
    expect(scores.score).toBe(computeScore(screenSessionRubric(), scores.components));
    expect(result.stderr).toMatch(/judge offline/);
  });

  it("processes the generated desktop and web examples, and grades an existing sft.json without reprocessing", async () => {
    const data = join(work, "examples");
    const { desktopDir, webDir } = await buildExampleScreenSessions(data, { ffmpegPath });
    const out = join(work, "examples-out");
    const desktop = await runCli(
      [
        "--json",
        "process",
        "-f",
        "desktop",
        "-d",
        join(desktopDir, ".."),
        "-o",
        out,
        "--crop",
        "--action-format",
        "anthropic",
      ],
      { cwd: work },
    );
    expect(desktop.code, desktop.stderr).toBe(0);
    expect(JSON.parse(desktop.stdout).outcomes[0]).toMatchObject({
      sessionId: exampleDesktopSessionId,
      regraded: false,
    });
    await stat(join(out, exampleDesktopSessionId, "sft.anthropic.json"));
    const trace = traceSchema.parse(
      await readJson(join(out, exampleDesktopSessionId, "trace.json")),
    );
    expect(trace.media.filter((media) => media.crop).length).toBeGreaterThan(0);

    const web = await runCli(
      ["process", "-f", "web", "-d", webDir, "-o", out, "--grade", "--action-format", "openai"],
      { cwd: work },
    );
    expect(web.code, web.stderr).toBe(0);
    const webSft = sftFileSchema.parse(await readJson(join(out, exampleWebSessionId, "sft.json")));
    expect(
      webSft.some(
        (message) =>
          message.role === "assistant" &&
          typeof message.content === "string" &&
          /drag\(/.test(message.content),
      ),
    ).toBe(true);
    expect(JSON.stringify(webSft)).not.toMatch(/rewarded you/);
    await stat(join(out, exampleWebSessionId, "sft.openai.json"));

    const before = (await stat(join(out, exampleDesktopSessionId, "trace.json"))).mtimeMs;
    const regrade = await runCli(
      ["--json", "process", "-f", "desktop", "-d", join(desktopDir, ".."), "-o", out, "--grade"],
      { cwd: work },
    );
    expect(regrade.code, regrade.stderr).toBe(0);
    expect(JSON.parse(regrade.stdout).outcomes[0]).toMatchObject({ regraded: true });
    expect((await stat(join(out, exampleDesktopSessionId, "trace.json"))).mtimeMs).toBe(before);
    await stat(join(out, exampleDesktopSessionId, "scores.json"));
  });

  it("grades through an OpenAI-compatible judge over real HTTP with the score computed from the components", async () => {
    const data = join(work, "scripted");
    await buildExampleScreenSessions(data, { ffmpegPath, videos: false });
    const server = await startScriptedOpenAIServer({
      answers: [
        {
          match: { schemaName: "screen_chunk_summary" },
          value: { summary: "The person signs in and opens settings." },
          times: 20,
        },
        {
          match: { schemaName: "screen_session_verdict" },
          value: {
            summary: "Signed in, raised the brightness and saved.",
            observations: [
              "Typed the account email",
              "Dragged the brightness slider and saved with cmd+s",
            ],
            reasoning: "All objectives appear in the actions.",
            confidence: 0.8,
            outcomeAchievement: 90,
            processQuality: 70,
            efficiency: 40,
          },
        },
      ],
    });
    try {
      const out = join(work, "scripted-out");
      const result = await runCli(
        [
          "process",
          "-f",
          "desktop",
          "-d",
          join(data, "desktop"),
          "-o",
          out,
          "--grade",
          "--judge",
          "openai:judge-model",
          "--base-url",
          server.url,
          "--no-cache",
          "--weights",
          "outcome=0.6,process=0.3,efficiency=0.1",
        ],
        { cwd: work },
      );
      expect(result.code, result.stderr).toBe(0);
      const scores = await readJson(join(out, exampleDesktopSessionId, "scores.json"));
      expect(scores).toMatchObject({
        offline: false,
        judge: { provider: "openai", model: "judge-model" },
        components: { outcomeAchievement: 90, processQuality: 70, efficiency: 40 },
      });
      expect(scores.score).toBe(Math.round(0.6 * 90 + 0.3 * 70 + 0.1 * 40));
      const kinds = server.requests.map((request) =>
        JSON.stringify(request.body).includes("screen_session_verdict"),
      );
      expect(kinds.at(-1)).toBe(true);
      expect(kinds.filter(Boolean)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("reports a missing session in one line, exits non-zero, and still finishes the others", async () => {
    const data = join(work, "partial");
    await buildExampleScreenSessions(data, { ffmpegPath, videos: false });
    const out = join(work, "partial-out");
    const result = await runCli(
      [
        "process",
        "-f",
        "desktop",
        "-d",
        join(data, "desktop"),
        "-o",
        out,
        "-s",
        `no-such-session,${exampleDesktopSessionId}`,
      ],
      { cwd: work },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tracemill: session no-such-session: not_found: .+$/m);
    await stat(join(out, exampleDesktopSessionId, "sft.json"));
    const metrics = await readJson(join(out, "metrics.json"));
    expect(metrics.sessions).toEqual({ total: 2, processed: 1, failed: 1 });
  });

  it("augments web sessions through a vision model, and says so instead of faking it offline", async () => {
    const data = join(work, "augment");
    const { webDir } = await buildExampleScreenSessions(data, { ffmpegPath });
    const server = await startScriptedOpenAIServer({
      answers: [
        {
          match: { schemaName: "screen_dense_caption" },
          value: { caption: "A paint application with an empty canvas." },
          times: 100,
        },
        {
          match: { schemaName: "screen_structured_data" },
          value: { title: "Paint", elements: [{ type: "menu", text: "Applications" }] },
          times: 100,
        },
        {
          match: { schemaName: "screen_state_transition" },
          value: { change: "A line appeared on the canvas.", succeeded: true },
          times: 100,
        },
      ],
    });
    try {
      const out = join(work, "augment-out");
      const result = await runCli(
        [
          "process",
          "-f",
          "web",
          "-d",
          webDir,
          "-o",
          out,
          "--augment",
          "--judge",
          "openai:vision-model",
          "--base-url",
          server.url,
          "--no-cache",
        ],
        { cwd: work },
      );
      expect(result.code, result.stderr).toBe(0);
      const items = await readJson(join(out, exampleWebSessionId, "augment.json"));
      const trace = traceSchema.parse(await readJson(join(out, exampleWebSessionId, "trace.json")));
      expect(items).toHaveLength(
        trace.steps.filter((step) => step.kind === "action" && step.frame).length,
      );
      expect(items[0]).toMatchObject({
        model: "openai:vision-model",
        denseCaption: { caption: expect.any(String) },
        structuredData: { title: "Paint" },
      });
      expect(items.some((item: { stateTransition?: unknown }) => item.stateTransition)).toBe(true);
      expect(JSON.stringify(server.requests[0]?.body)).toMatch(/data:image\/jpeg;base64,/);
    } finally {
      await server.close();
    }

    const offline = await runCli(
      [
        "--json",
        "process",
        "-f",
        "web",
        "-d",
        webDir,
        "-o",
        join(work, "augment-offline"),
        "--augment",
      ],
      { cwd: work },
    );
    expect(offline.code, offline.stderr).toBe(0);
    const outcome = JSON.parse(offline.stdout).outcomes[0];
    expect(outcome.warnings.map((warning: { code: string }) => warning.code)).toContain(
      "augment_skipped",
    );
    await expect(
      stat(join(work, "augment-offline", exampleWebSessionId, "augment.json")),
    ).rejects.toThrow();
  });
});
