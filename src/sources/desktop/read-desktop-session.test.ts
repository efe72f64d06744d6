import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { sha256File } from "../../core/hash.js";
import { traceSchema } from "../../core/trace.js";
import { desktopSessionReader, listDesktopSessions, readDesktopSession } from "./index.js";

const samples = fileURLToPath(
  new URL("../../../test/fixtures/samples/screen-desktop", import.meta.url),
);
const sessionId = "20250817_232256";

describe("readDesktopSession on the real macOS sample", async () => {
  const { trace, warnings } = await readDesktopSession(samples, sessionId);
  const ofType = (type: string) => trace.steps.filter((step) => step.action?.type === type);

  it("finds 30 clicks (no drags, no double clicks) from the 30 mousedown/up pairs", () => {
    expect(ofType("click")).toHaveLength(30);
    expect(ofType("drag")).toHaveLength(0);
    expect(ofType("double_click")).toHaveLength(0);
    expect(ofType("type")).toHaveLength(0);
  });

  it("groups the 106 wheel events into 4 scrolls at the pointer", () => {
    // macOS deltas are positive-up (content direction): raw −269 is 269 down (dy > 0).
    expect(ofType("scroll").map((step) => step.action)).toEqual([
      { type: "scroll", x: 1568, y: 1309, dx: 0, dy: 269 },
      { type: "scroll", x: 1242, y: 1160, dx: 0, dy: 271 },
      { type: "scroll", x: 2490, y: 1330, dx: 0, dy: -230 },
      { type: "scroll", x: 2490, y: 1330, dx: 0, dy: 214 },
    ]);
  });

  it("puts clicks in physical pixels at the last mousemove (scale 2)", () => {
    // Line 352 is the move before the press on line 353: (35.109375, 177.4609375) logical.
    expect(trace.steps[1]).toMatchObject({
      action: { type: "click", x: 70, y: 355, button: "left" },
      origin: { file: `${sessionId}/input_log.jsonl`, line: 353 },
    });
  });

  it("reads task, objectives, environment and time base from meta.json", () => {
    expect(trace.task).toEqual({
      id: "688787554c3d6fdf7ac1acf0",
      title: "Configure Docker container resources",
      description: expect.stringMatching(/^Hi! You mentioned/),
      objectives: [
        "Open Docker Desktop on your machine",
        "Access settings menu within the Docker Desktop",
        "Navigate to Resources section",
        "Adjust memory and CPU settings for containers",
      ],
    });
    expect(trace.environment).toEqual({
      platform: "macos",
      app: "Docker Desktop",
      screen: { width: 2880, height: 1800, scale: 2 },
    });
    expect(trace.meta).toMatchObject({
      sessionId,
      metaId: "20250818_135137",
      startedAt: "2025-08-18T11:51:37.719Z",
      startedAtMs: Date.parse("2025-08-18T13:51:37.719+02:00"),
      durationS: 53,
      timeBase: "meta.timestamp",
      keyboardLayout: "fr",
      scaleSource: "axtree",
    });
    // The first click is on line 232, 2.638 s after the meta timestamp.
    expect(trace.steps[0]?.t).toBeCloseTo(2.638, 3);
  });

  it("is a valid trace whose steps are ordered and all carry an origin line", async () => {
    expect(traceSchema.parse(trace)).toEqual(trace);
    expect(trace.kind).toBe("screen");
    expect(trace.source.format).toBe("desktop-session");
    expect(trace.source.files.map((file) => file.path)).toEqual([
      `${sessionId}/input_log.jsonl`,
      `${sessionId}/meta.json`,
    ]);
    expect(trace.source.files[0]).toEqual({
      path: `${sessionId}/input_log.jsonl`,
      ...(await sha256File(join(samples, sessionId, "input_log.jsonl"))),
    });
    trace.steps.forEach((step, index) => {
      expect(step.index).toBe(index);
      expect(step.origin.line).toBeGreaterThan(0);
      if (index > 0) expect(step.t).toBeGreaterThanOrEqual(trace.steps[index - 1]?.t ?? 0);
    });
  });

  it("warns that the video is missing and that some clicks were on another monitor, nothing else", () => {
    expect(trace.media).toEqual([]);
    expect(warnings.map((warning) => warning.code).sort()).toEqual([
      "outside_recording",
      "video_missing",
    ]);
    // The recorder logged clicks above the primary display (y < 0): a monitor placed above it.
    const outside = trace.steps.filter((step) => step.outsideRecording);
    expect(outside.length).toBeGreaterThan(0);
    for (const step of outside)
      expect(step.action?.type === "click" && step.action.y < 0).toBe(true);
  });
});

describe("desktopSessionReader", () => {
  let data: string;
  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), "tracemill-desktop-"));
    await cp(join(samples, sessionId), join(data, sessionId), { recursive: true });
    await writeFile(join(data, sessionId, "recording.mp4"), Buffer.alloc(1024));
    await cp(join(samples, sessionId, "meta.json"), join(data, "broken", "meta.json"), {
      recursive: true,
    });
  });
  afterAll(async () => {
    await rm(data, { recursive: true, force: true });
  });

  it("reads a session folder given alone (its name is the id) with its video", async () => {
    const { traces } = await desktopSessionReader.read(join(data, sessionId));
    const [trace] = traces;
    expect(trace?.meta.sessionId).toBe(sessionId);
    expect(trace?.media).toEqual([
      {
        kind: "video",
        path: join(data, sessionId, "recording.mp4"),
        bytes: 1024,
        mimeType: "video/mp4",
      },
    ]);
    const fromSamples = await readDesktopSession(samples, sessionId);
    expect(trace?.id).toBe(fromSamples.trace.id);
    expect(trace?.steps).toEqual(fromSamples.trace.steps);
  });

  it("lists sessions and reports a session without input log as one warning, the others still read", async () => {
    expect((await listDesktopSessions(data)).map((session) => session.id)).toEqual([
      "20250817_232256",
      "broken",
    ]);
    expect(await desktopSessionReader.canRead(data)).toBe(true);
    const { traces, warnings } = await desktopSessionReader.read(data);
    expect(traces).toHaveLength(1);
    expect(warnings.filter((warning) => warning.code === "session_unreadable")).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^desktop session broken: no input log/),
      }),
    ]);
  });

  it("throws not_found for a missing session and an invalid id", async () => {
    await expect(readDesktopSession(data, "nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(desktopSessionReader.read(data, { sessions: ["nope"] })).rejects.toBeInstanceOf(
      TracemillError,
    );
    await expect(readDesktopSession(data, "../etc")).rejects.toMatchObject({
      code: "input_invalid",
    });
    expect(await desktopSessionReader.canRead(join(data, "nothing-here"))).toBe(false);
  });
});
