import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { readDesktopSession } from "../../sources/desktop/index.js";
import { readWebSession } from "../../sources/web/index.js";
import { processScreenSessions } from "./process-sessions.js";

// A corpus of recorder output that is well-formed JSON but cannot be real (issue 14, item 11):
// each must be `input_invalid` naming the file and line (or field), never `internal:` or a zod dump.
const start = Date.parse("2025-03-01T09:00:00Z");
const good = [
  { event: "mousemove", data: { x: 10, y: 10 }, time: start },
  { event: "mousedown", data: { button: "Left" }, time: start + 100 },
  { event: "mouseup", data: { button: "Left" }, time: start + 150 },
];
const corpus: { name: string; line: object; meta?: object; expected: RegExp }[] = [
  {
    name: "time -1e308",
    line: { event: "mousemove", data: { x: 1, y: 1 }, time: -1e308 },
    expected: /input_log\.jsonl:4: time -1e\+308 is not a date/,
  },
  {
    name: "time 1e24",
    line: { event: "keydown", data: { key: "KeyA" }, time: 1e24 },
    expected: /input_log\.jsonl:4: time 1e\+24/,
  },
  {
    name: "a drag through x = 1e308",
    line: { event: "mousemove", data: { x: 1e308, y: 5 }, time: start + 120 },
    expected: /input_log\.jsonl:4: mousemove at \(1e\+308, 5\) is outside any display/,
  },
  {
    name: "a wheel delta of -1e308",
    line: { event: "mousewheel", data: { delta: -1e308 }, time: start + 200 },
    expected: /input_log\.jsonl:4: mousewheel delta/,
  },
  {
    name: "a screen width of 1e308",
    line: { event: "mousemove", data: { x: 1, y: 1 }, time: start + 300 },
    meta: { primary_monitor: { width: 1e308, height: 800 } },
    expected: /meta\.json: primary_monitor\.width 1e\+308 is not a screen size/,
  },
  {
    name: "a meta timestamp of 1e24",
    line: { event: "mousemove", data: { x: 1, y: 1 }, time: start + 300 },
    meta: { timestamp: 1e24 },
    expected: /meta\.json: timestamp 1e\+24 is not a date/,
  },
];

let data: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "tracemill-invalid-input-"));
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

async function desktopSession(id: string, lines: object[], meta: object = {}) {
  await mkdir(join(data, "desktop", id), { recursive: true });
  await writeFile(
    join(data, "desktop", id, "input_log.jsonl"),
    `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`,
  );
  await writeFile(
    join(data, "desktop", id, "meta.json"),
    JSON.stringify({ platform: "macos", timestamp: new Date(start).toISOString(), ...meta }),
  );
}

describe("invalid recorder input", () => {
  it.each(corpus)("desktop: $name is input_invalid with file and line or field", async (entry) => {
    const id = entry.name.replace(/\W+/g, "_");
    await desktopSession(id, [...good, entry.line], entry.meta);
    const read = readDesktopSession(join(data, "desktop"), id);
    await expect(read).rejects.toMatchObject({ code: "input_invalid" });
    await expect(read).rejects.toThrow(entry.expected);
  });

  it("web: an event timestamp of 1e24 is input_invalid naming the file and line", async () => {
    const dir = join(data, "web");
    await mkdir(dir, { recursive: true });
    const events = {
      session_id: "w1",
      events: [
        { type: "quest", message: "Open the editor", timestamp: 1_737_663_140_617 },
        { type: "hint", message: "Click File", timestamp: 1e24 },
      ],
    };
    await writeFile(join(dir, "w1.events.json"), JSON.stringify(events, null, 2));
    const read = readWebSession(dir, "w1");
    await expect(read).rejects.toMatchObject({ code: "input_invalid" });
    await expect(read).rejects.toThrow(
      /w1\.events\.json:\d+: event 1 timestamp 1e\+24 is not a date/,
    );
  });

  it("process skips the bad session with one clear line and finishes the others", async () => {
    await desktopSession("ok", good);
    await desktopSession("bad", [
      ...good,
      { event: "mousemove", data: { x: 1, y: 1 }, time: -1e308 },
    ]);
    const out = join(data, "out");
    const notices: string[] = [];
    const config = {
      ...defaultConfig(),
      runsDir: join(data, "runs"),
      cacheDir: join(data, "cache"),
    };
    const report = await processScreenSessions(
      {
        format: "desktop",
        data: join(data, "desktop"),
        out,
        sessions: ["ok", "bad"],
        ffmpeg: "/nonexistent/ffmpeg",
        ffprobe: "/nonexistent/ffprobe",
        grade: false,
        chunkSize: 4,
        concurrency: 1,
        force: true,
        actionFormat: "pyautogui",
        crop: false,
        augment: false,
      },
      config,
      { notice: (line) => notices.push(line), toolVersion: "test" },
    );
    expect(report.outcomes.map((outcome) => outcome.sessionId)).toEqual(["ok"]);
    expect(report.failures).toEqual([
      expect.objectContaining({ sessionId: "bad", code: "input_invalid" }),
    ]);
    expect(notices.join("\n")).toMatch(/session bad: input_invalid: .*input_log\.jsonl:4: time/);
    expect(notices.join("\n")).not.toMatch(/internal|Invalid time value/);
    const metrics = JSON.parse(await readFile(join(out, "metrics.json"), "utf8"));
    expect(metrics.sessions).toEqual({ total: 2, processed: 1, failed: 1 });
  });
});
