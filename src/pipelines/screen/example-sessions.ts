import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generatePointerVideo } from "../../media/index.js";
import { encodeGuacamoleInstruction } from "../../sources/guacamole/index.js";

/**
 * Builds the example screen sessions from scratch, deterministically: a desktop session on a
 * retina screen (logical 640×400 points, 1280×800 pixels) and a web session recorded through
 * Guacamole, each with a generated video whose frames show the pointer. Used by `tracemill demo`,
 * the tests and examples/screen/build.mjs.
 */
export const exampleDesktopSessionId = "20260101_120000";
export const exampleWebSessionId = "6a1f00c0ffee00000000beef";
const startMs = Date.UTC(2026, 0, 1, 12, 0, 0);

interface PointerSample {
  t: number;
  x: number;
  y: number;
  pressed?: boolean;
}

export interface ExampleFiles {
  desktop: { dir: string; files: Record<string, string> };
  web: { files: Record<string, string> };
}

/** The text inputs (logs, metadata, .guac); videos are generated separately. */
export function exampleSessionTexts(): ExampleFiles {
  return { desktop: desktopTexts(), web: webTexts() };
}

export async function buildExampleScreenSessions(
  dataDir: string,
  options: { ffmpegPath?: string; videos?: boolean } = {},
): Promise<{ desktopDir: string; webDir: string }> {
  const texts = exampleSessionTexts();
  const desktopDir = join(dataDir, "desktop", exampleDesktopSessionId);
  const webDir = join(dataDir, "web");
  await mkdir(desktopDir, { recursive: true });
  await mkdir(webDir, { recursive: true });
  for (const [name, text] of Object.entries(texts.desktop.files))
    await writeFile(join(desktopDir, name), text);
  for (const [name, text] of Object.entries(texts.web.files))
    await writeFile(join(webDir, name), text);
  if (options.videos !== false && options.ffmpegPath) {
    await generatePointerVideo({
      out: join(desktopDir, "recording.mp4"),
      width: 1280,
      height: 800,
      fps: 10,
      durationS: desktopDurationS,
      pointer: desktopPointer().map((sample) => ({ ...sample, x: sample.x * 2, y: sample.y * 2 })),
      ffmpegPath: options.ffmpegPath,
    });
    await generatePointerVideo({
      out: join(webDir, `${exampleWebSessionId}.guac.m4v`),
      width: 1024,
      height: 768,
      fps: 10,
      durationS: webDurationS,
      pointer: webPointer(),
      ffmpegPath: options.ffmpegPath,
    });
  }
  return { desktopDir, webDir };
}

// ---- desktop: sign in to a demo app, open settings, adjust a slider, save -------------------

const desktopDurationS = 24;

function desktopPointer(): PointerSample[] {
  return [
    { t: 0, x: 320, y: 200 },
    { t: 1.5, x: 320, y: 150 },
    { t: 2, x: 320, y: 150, pressed: true },
    { t: 2.1, x: 320, y: 150 },
    { t: 8, x: 320, y: 150 },
    { t: 9, x: 560, y: 40 },
    { t: 9.5, x: 560, y: 40, pressed: true },
    { t: 9.6, x: 560, y: 40 },
    { t: 12, x: 200, y: 260 },
    { t: 13, x: 200, y: 260, pressed: true },
    { t: 14.2, x: 420, y: 262, pressed: true },
    { t: 14.3, x: 420, y: 262 },
    { t: 17, x: 300, y: 300 },
    { t: 21, x: 300, y: 300 },
    { t: 24, x: 330, y: 320 },
  ];
}

function desktopTexts(): { dir: string; files: Record<string, string> } {
  const lines: unknown[] = [];
  const at = (t: number) => startMs + Math.round(t * 1000);
  const push = (t: number, event: string, data: Record<string, unknown>) =>
    lines.push({ data, event, time: at(t) });
  push(0, "ffmpeg_stderr", { output: "ffmpeg version 7.1 (example recorder)" });
  for (const sample of interpolate(desktopPointer(), 0.1))
    push(sample.t, "mousemove", { x: sample.x, y: sample.y });
  const click = (t: number) => {
    push(t, "mousedown", { button: "Left" });
    push(t + 0.1, "mouseup", { button: "Left" });
  };
  // The recorder's accessibility snapshots: the sign-in form (its password field is an
  // AXSecureTextField, so what is typed there is masked), then the app's main window.
  const app = { name: "Example Settings", bundle_id: "com.example.settings", pid: 4242 };
  push(0.5, "axtree_interaction", { focused_app: app, tree: [signInTree] });
  click(2);
  typeText(push, 3, "ada@example.com");
  key(push, 5.2, "Tab");
  push(5.3, "axtree_interaction", {
    focused_app: app,
    tree: [signInTree],
    focused_element: { role: "AXSecureTextField", bbox: [200, 178, 440, 202] },
  });
  typeText(push, 5.6, "correct horse");
  key(push, 7.4, "Return");
  push(8, "axtree_interaction", { focused_app: app, tree: [mainWindowTree] });
  click(9.5);
  push(13, "mousedown", { button: "Left" });
  push(14.3, "mouseup", { button: "Left" });
  for (let step = 0; step < 4; step++) push(17 + step * 0.15, "mousewheel", { delta: -1 });
  push(19.5, "keydown", { key: "MetaLeft" });
  key(push, 19.7, "KeyS");
  push(19.9, "keyup", { key: "MetaLeft" });
  lines.sort((a, b) => (a as { time: number }).time - (b as { time: number }).time);
  const meta = {
    id: "example-desktop",
    timestamp: new Date(startMs).toISOString(),
    duration_seconds: desktopDurationS,
    status: "completed",
    reason: "done",
    title: "Sign in and set the brightness",
    platform: "macos",
    locale: "en-US",
    primary_monitor: { width: 1280, height: 800 },
    scale_factor: 2,
    quest: {
      title: "Sign in and set the brightness",
      app: "Example Settings",
      objectives: [
        "Sign in as ada@example.com",
        "Open the Settings panel",
        "Drag the brightness slider to the right",
        "Save with cmd+s",
      ],
      content: "Sign in to the example app, open Settings, raise the brightness and save.",
      task_id: "example-brightness",
    },
  };
  return {
    dir: exampleDesktopSessionId,
    files: {
      "input_log.jsonl": `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`,
      "meta.json": `${JSON.stringify(meta, null, 2)}\n`,
    },
  };
}

const signInTree = {
  bbox: [0, 0, 640, 400],
  role: "AXWindow",
  title: "Sign in",
  children: [
    { bbox: [200, 138, 440, 162], role: "AXTextField", description: "Email", children: [] },
    {
      bbox: [200, 178, 440, 202],
      role: "AXSecureTextField",
      description: "Password",
      children: [],
    },
    { bbox: [260, 220, 380, 244], role: "AXButton", title: "Sign in", children: [] },
  ],
};

const mainWindowTree = {
  bbox: [0, 0, 640, 400],
  role: "AXWindow",
  title: "Example Settings",
  children: [
    { bbox: [520, 24, 600, 56], role: "AXButton", title: "Settings", children: [] },
    { bbox: [180, 248, 440, 272], role: "AXSlider", description: "Brightness", children: [] },
  ],
};

function typeText(
  push: (t: number, event: string, data: Record<string, unknown>) => void,
  t: number,
  text: string,
) {
  [...text].forEach((char, index) => {
    const time = t + index * 0.12;
    const name = rdevName(char);
    push(time, "keydown", { key: name, actual_char: char });
    push(time + 0.05, "keyup", { key: name });
  });
}

function key(
  push: (t: number, event: string, data: Record<string, unknown>) => void,
  t: number,
  name: string,
) {
  push(t, "keydown", { key: name });
  push(t + 0.05, "keyup", { key: name });
}

function rdevName(char: string): string {
  if (/^[a-z]$/i.test(char)) return `Key${char.toUpperCase()}`;
  if (/^[0-9]$/.test(char)) return `Num${char}`;
  const names: Record<string, string> = { " ": "Space", "@": "Num2", ".": "Dot", "-": "Minus" };
  return names[char] ?? "Unknown";
}

// ---- web: draw in a paint app through a remote desktop ---------------------------------------

const webDurationS = 20;

function webPointer(): PointerSample[] {
  return [
    { t: 0, x: 512, y: 384 },
    { t: 1.5, x: 40, y: 12 },
    { t: 2, x: 40, y: 12, pressed: true },
    { t: 2.1, x: 40, y: 12 },
    { t: 4, x: 120, y: 200 },
    { t: 4.4, x: 120, y: 200, pressed: true },
    { t: 4.5, x: 120, y: 200 },
    { t: 8, x: 300, y: 300 },
    { t: 8.5, x: 300, y: 300, pressed: true },
    { t: 10.5, x: 600, y: 460, pressed: true },
    { t: 10.6, x: 600, y: 460 },
    { t: 14, x: 700, y: 500 },
    { t: 20, x: 700, y: 500 },
  ];
}

function webTexts(): { files: Record<string, string> } {
  const base = startMs;
  const message = (type: string, t: number, text: string, metadata?: Record<string, unknown>) => ({
    session_id: exampleWebSessionId,
    challenge: "paint",
    category: "creative",
    type,
    message: text,
    timestamp: base + Math.round(t * 1000),
    frame: 0,
    coordinates: {},
    trajectory: [],
    ...(metadata ? { metadata } : {}),
  });
  const events = {
    session_id: exampleWebSessionId,
    challenge: "paint",
    category: "creative",
    events: [
      message("quest", 0.2, "Open the paint application and draw a line across the canvas"),
      message("hint", 0.3, "Click the Applications menu in the top-left corner"),
      message(
        "reasoning",
        3.5,
        "The Applications menu is open; the paint application is listed under Graphics.",
      ),
      message("hint", 5, "Drag on the canvas to draw a line"),
      message("input", 13.5, "Focus moved to the unlock field", { input_type: "password" }),
      message("input", 14.8, "Focus moved to the canvas label", { input_type: "text" }),
      message(
        "reasoning",
        11,
        "A line now crosses the canvas from the upper left to the lower right.",
      ),
      message("reward", 12, "The judge rewarded you 0.80 $VIRAL for this (80% of 1.00)", {
        scoreValue: 0.8,
        rewardValue: 0.8,
      }),
    ],
  };
  const raceSessions = [
    {
      _id: { $oid: exampleWebSessionId },
      challenge: "paint",
      prompt: "Draw a line in the paint application",
      category: "creative",
      status: "completed",
      created_at: { $date: new Date(base).toISOString() },
    },
  ];
  return {
    files: {
      [`${exampleWebSessionId}.events.json`]: `${JSON.stringify(events, null, 2)}\n`,
      "viralmind.race_sessions.json": `${JSON.stringify(raceSessions, null, 2)}\n`,
      [`${exampleWebSessionId}.guac`]: guacRecording(),
    },
  };
}

/** A Guacamole recording: display instructions interleaved with input, timestamps from a monotonic clock. */
function guacRecording(): string {
  const clock = 5_000_000;
  const ms = (t: number) => String(clock + Math.round(t * 1000));
  const parts: string[] = [
    encodeGuacamoleInstruction("size", ["0", "1024", "768"]),
    encodeGuacamoleInstruction("sync", [ms(0), "1"]),
    encodeGuacamoleInstruction("img", ["1", "14", "0", "image/png", "0", "0"]),
    encodeGuacamoleInstruction("blob", [
      "1",
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==".repeat(
        40,
      ),
    ]),
    encodeGuacamoleInstruction("end", ["1"]),
  ];
  let pressed = false;
  for (const sample of interpolate(webPointer(), 0.1)) {
    if (Math.round(sample.t * 10) % 20 === 0)
      parts.push(encodeGuacamoleInstruction("sync", [ms(sample.t), "1"]));
    pressed = sample.pressed === true;
    parts.push(
      encodeGuacamoleInstruction("mouse", [
        String(Math.round(sample.x)),
        String(Math.round(sample.y)),
        pressed ? "1" : "0",
        ms(sample.t),
      ]),
    );
  }
  const keys = (t: number, keysyms: number[]) => {
    keysyms.forEach((keysym, index) => {
      parts.push(encodeGuacamoleInstruction("key", [String(keysym), "1", ms(t + index * 0.15)]));
      parts.push(
        encodeGuacamoleInstruction("key", [String(keysym), "0", ms(t + index * 0.15 + 0.05)]),
      );
    });
  };
  keys(
    13.6,
    [..."tr0ub4dor"].map((char) => char.codePointAt(0) as number),
  );
  keys(
    15,
    [..."line 1"].map((char) => char.codePointAt(0) as number),
  );
  parts.push(encodeGuacamoleInstruction("key", ["65507", "1", ms(17)]));
  keys(17.2, [0x73]);
  parts.push(encodeGuacamoleInstruction("key", ["65507", "0", ms(17.6)]));
  parts.push(encodeGuacamoleInstruction("mouse", ["700", "500", "16", ms(18)]));
  parts.push(encodeGuacamoleInstruction("mouse", ["700", "500", "0", ms(18.05)]));
  parts.push(
    encodeGuacamoleInstruction("copy", ["-1", "0", "0", "64", "64", "14", "0", "10", "10"]),
  );
  parts.push(encodeGuacamoleInstruction("sync", [ms(webDurationS), "1"]));
  return parts.join("");
}

/** Samples the pointer path every `step` seconds, linear between keyframes; pressed as at the last keyframe. */
function interpolate(points: PointerSample[], step: number): PointerSample[] {
  const samples: PointerSample[] = [];
  const end = points.at(-1)?.t ?? 0;
  for (let index = 0; index * step <= end + 1e-9; index++) {
    const t = Math.round(index * step * 1000) / 1000;
    const beforeIndex = Math.max(
      0,
      points.findLastIndex((point) => point.t <= t),
    );
    const before = points[beforeIndex] as PointerSample;
    const after = points[beforeIndex + 1] ?? before;
    const span = after.t - before.t;
    const ratio = span <= 0 ? 0 : (t - before.t) / span;
    samples.push({
      t,
      x: Math.round((before.x + (after.x - before.x) * ratio) * 100) / 100,
      y: Math.round((before.y + (after.y - before.y) * ratio) * 100) / 100,
      pressed: before.pressed === true,
    });
  }
  return samples;
}
