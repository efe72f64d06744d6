import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { traceSchema } from "../../core/trace.js";
import { encodeGuacamoleInstruction as enc } from "../guacamole/encode-guacamole-instruction.js";
import { readWebSession } from "./read-web-session.js";
import { listWebSessions, webSessionReader } from "./web-session-reader.js";

const sampleDir = fileURLToPath(
  new URL("../../../test/fixtures/samples/screen-web/", import.meta.url),
);
const sampleId = "6792a2a124f444f0e39ce887";
const temporary: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tracemill-web-"));
  temporary.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("web session reader on the real sample (events + race sessions, no .guac)", () => {
  it("maps quests and hints to user messages, reasonings to assistant, rewards to signals", async () => {
    const { trace, warnings } = await readWebSession(sampleDir, sampleId);
    expect(traceSchema.safeParse(trace).success).toBe(true);
    const count = (actor: string, kind: string) =>
      trace.steps.filter((step) => step.actor === actor && step.kind === kind).length;
    expect(count("user", "message")).toBe(31); // 7 quests + 24 hints
    expect(count("assistant", "message")).toBe(23);
    const rewards = trace.steps.filter((step) => step.signal !== undefined);
    expect(rewards).toHaveLength(6);
    expect(
      rewards.every((step) => step.actor === "environment" && step.kind === "observation"),
    ).toBe(true);
    expect(rewards[0]?.signal).toEqual({ name: "reward", value: 0.9276075504891328 });
    expect(trace.steps.map((step) => step.index)).toEqual(trace.steps.map((_, index) => index));

    // No top-level timestamp: t = 0 is the race session's created_at (2025-01-23T20:12:17.306Z).
    expect(trace.meta).toMatchObject({
      sessionId: sampleId,
      challenge: "paint",
      category: "creative",
      startedAt: "2025-01-23T20:12:17.306Z",
      startedAtMs: 1737663137306,
      timeBase: "race_session.created_at",
    });
    expect(trace.steps[0]?.t).toBeCloseTo(3.311, 3);
    expect(trace.steps[0]?.origin).toEqual({ file: `${sampleId}.events.json`, line: 7 });
    expect(trace.task?.title).toBe("Draw a cartoon character using jspaint.app");
    expect(trace.task?.description).toBe(
      "Open the XFCE Activities overview and launch a relevant application",
    );
    expect(trace.task?.objectives).toHaveLength(7);
    expect(trace.source.files.map((file) => file.path)).toEqual([
      `${sampleId}.events.json`,
      "viralmind.race_sessions.json",
    ]);
    expect(trace.media).toEqual([]);
    expect(warnings.map((warning) => warning.code).sort()).toEqual([
      "guac_missing",
      "video_missing",
    ]);
  });

  it("is listed and read through the SourceReader, with a stable id", async () => {
    expect(await listWebSessions(sampleDir)).toEqual([sampleId]);
    expect(await webSessionReader.canRead(sampleDir)).toBe(true);
    const first = await webSessionReader.read(sampleDir);
    const again = await webSessionReader.read(join(sampleDir, `${sampleId}.events.json`));
    expect(first.traces).toHaveLength(1);
    expect(again.traces[0]?.id).toBe(first.traces[0]?.id);
    expect(first.traces[0]?.source.format).toBe("web-session");
  });

  it("falls back to the first event when neither a timestamp nor a race session exists", async () => {
    const dir = await tempDir();
    await copyFile(
      join(sampleDir, `${sampleId}.events.json`),
      join(dir, `${sampleId}.events.json`),
    );
    const { trace, warnings } = await readWebSession(dir, sampleId);
    expect(trace.meta.startedAtMs).toBe(1737663140617);
    expect(trace.steps[0]?.t).toBe(0);
    expect(trace.task?.title).toBe(
      "Open the XFCE Activities overview and launch a relevant application",
    );
    expect(warnings.map((warning) => warning.code)).toContain("web_time_base_fallback");
  });
});

describe("web session reader with a crafted .guac", () => {
  const base = 1_700_000_000_000;

  function recording(): string {
    const mouse = (x: number, y: number, mask: number, ms: number) =>
      enc("mouse", [String(x), String(y), String(mask), String(ms)]);
    const key = (keysym: number, down: boolean, ms: number) =>
      enc("key", [String(keysym), down ? "1" : "0", String(ms)]);
    const parts = [
      enc("size", ["0", "1280", "720"]),
      enc("sync", ["50000", "0"]),
      // Display instructions interleaved with input: long base64, values holding ; and ,
      enc("img", ["1", "14", "0", "image/png", "0", "0"]),
      enc("blob", ["1", "iVBORw0KGgo;,.".repeat(40_000)]),
      enc("name", ["mouse,1.5,1.5,1.1;"]),
      enc("cfill", ["14", "0", "255", "0", "0", "255"]),
      mouse(100, 100, 0, 50100),
      mouse(100, 100, 1, 50200),
      mouse(100, 100, 0, 50250), // left click at (100, 100), pressed at t = 0.2
      enc("sync", ["51000"]),
      mouse(300, 200, 4, 51100),
      mouse(300, 200, 0, 51150), // right click
      mouse(400, 400, 1, 52000),
      mouse(450, 420, 1, 52100),
      mouse(500, 450, 1, 52200),
      mouse(500, 450, 0, 52600), // drag
      mouse(500, 450, 16, 52800),
      mouse(500, 450, 0, 52810),
      mouse(500, 450, 16, 52850),
      mouse(500, 450, 0, 52860), // two wheel-down steps
      enc("end", ["1"]),
    ];
    // "héllo 😀": é is a Latin-1 keysym, 😀 is Unicode keysym 0x0101F600.
    let ms = 54000;
    for (const keysym of [0x68, 0xe9, 0x6c, 0x6c, 0x6f, 0x20, 0x0101f600]) {
      parts.push(key(keysym, true, ms), key(keysym, false, ms + 40));
      ms += 100;
    }
    parts.push(
      key(0xffe3, true, 57000),
      key(0x63, true, 57100),
      key(0x63, false, 57150),
      key(0xffe3, false, 57200),
    );
    parts.push(enc("sync", ["58000"]), "5.mouse,3.10"); // truncated
    return parts.join("");
  }

  async function session(dir: string): Promise<void> {
    const events = {
      session_id: "65a0000000000000000000s1", // differs from the file name on purpose
      challenge: "notes",
      category: "productivity",
      timestamp: base,
      events: [
        { type: "quest", message: "Type a greeting", timestamp: base + 100 },
        { type: "reasoning", message: "The editor is open.", timestamp: base + 3000 },
        { type: "mystery", message: "?", timestamp: base + 3500 },
        {
          type: "reward",
          message: "Well done (70%)",
          timestamp: base + 9000,
          metadata: { scoreValue: 0.7 },
        },
      ],
    };
    await writeFile(join(dir, "s1.events.json"), JSON.stringify(events, null, 2));
    await writeFile(join(dir, "s1.guac"), recording());
    await writeFile(join(dir, "s1.guac.m4v"), Buffer.from("not really a video"));
  }

  it("merges input actions and messages in time order and warns about the truncated end", async () => {
    const dir = await tempDir();
    await session(dir);
    const { trace, warnings } = await readWebSession(dir, "s1");
    const timeline = trace.steps.map((step) => [step.t, step.action?.type ?? step.actor]);
    expect(timeline).toEqual([
      [0.1, "user"],
      [0.2, "click"], // a click is timed at its press
      [1.1, "click"],
      [2, "drag"],
      [2.8, "scroll"],
      [3, "assistant"],
      [4, "type"],
      [7.1, "key"],
      [9, "environment"],
    ]);
    const actions = trace.steps.map((step) => step.action).filter((action) => action !== undefined);
    expect(actions[0]).toEqual({ type: "click", x: 100, y: 100, button: "left" });
    expect(actions[1]).toEqual({ type: "click", x: 300, y: 200, button: "right" });
    expect(actions[2]).toMatchObject({ type: "drag", button: "left" });
    const drag = actions[2];
    if (drag?.type !== "drag") throw new Error("expected a drag");
    expect(drag.path[0]).toEqual([400, 400]);
    expect(drag.path.at(-1)).toEqual([500, 450]);
    expect(actions[3]).toMatchObject({ type: "scroll", dx: 0, dy: 2 });
    expect(actions[4]).toEqual({ type: "type", text: "héllo 😀" });
    expect(actions[5]).toEqual({ type: "key", keys: ["ctrl", "c"] });
    expect(trace.steps.at(-1)?.signal).toEqual({ name: "reward", value: 0.7 });
    expect(trace.steps[1]?.origin.file).toBe("s1.guac");
    expect(trace.environment?.screen).toEqual({ width: 1280, height: 720, scale: 1 });
    expect(trace.meta).toMatchObject({
      startedAtMs: base,
      timeBase: "events.timestamp",
      durationS: 9,
    });
    expect(trace.media).toEqual([
      expect.objectContaining({ kind: "video", path: join(dir, "s1.guac.m4v"), bytes: 18 }),
    ]);
    expect(trace.source.files.map((file) => file.path)).toEqual(["s1.events.json", "s1.guac"]);
    expect(warnings.map((warning) => warning.code).sort()).toEqual([
      "guac_truncated",
      "web_event_type_unknown",
      "web_session_id_mismatch",
    ]);
  });

  it("reports a session without its events file as one not_found error, the others still read", async () => {
    const dir = await tempDir();
    await session(dir);
    await writeFile(join(dir, "orphan.guac"), enc("sync", ["1"]));
    expect(await listWebSessions(dir)).toEqual(["orphan", "s1"]);
    await expect(readWebSession(dir, "orphan")).rejects.toMatchObject({ code: "not_found" });
    const result = await webSessionReader.read(dir);
    expect(result.traces.map((trace) => trace.meta.sessionId)).toEqual(["s1"]);
    expect(
      result.warnings.filter((warning) => warning.code === "web_session_unreadable"),
    ).toHaveLength(1);
  });

  it("refuses an events file that is not JSON", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "bad.events.json"), "{ not json");
    const error = await readWebSession(dir, "bad").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TracemillError);
    expect((error as TracemillError).code).toBe("input_invalid");
    expect((error as TracemillError).message).toMatch(/bad\.events\.json is not JSON/);
  });
});
