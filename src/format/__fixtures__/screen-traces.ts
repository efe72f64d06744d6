import sharp from "sharp";
import { type Step, type Trace, traceSchema } from "../../core/trace.js";

/** Small screen Traces built by hand, as the readers and the frame pipeline would fill them. */

export const startedAtMs = Date.UTC(2025, 7, 17, 21, 22, 56);
const frame = (name: string, t: number) => ({
  kind: "image" as const,
  path: `frames/${name}.jpg`,
  t,
  width: 1280,
  height: 800,
});
const origin = (line: number) => ({ file: "input_log.jsonl", line });

export const typedText = '<script>alert(1)</script> "q" ``` end\nnext';

/** A macOS retina session: 2880×1800 physical, scale 2, frames resized to 1280×800. */
export function desktopTrace(): Trace {
  const steps: Omit<Step, "index">[] = [
    { t: 0.5, actor: "environment", kind: "observation", action: { type: "focus", app: "Docker Desktop", title: "Settings" }, origin: origin(1) },
    { t: 1, actor: "human", kind: "action", action: { type: "click", x: 1440, y: 900, button: "left" }, frame: frame("step-0001", 0.99), origin: origin(2) },
    { t: 2, actor: "human", kind: "action", action: { type: "double_click", x: 201, y: 99, button: "left" }, frame: frame("step-0002", 1.99), origin: origin(3) },
    { t: 3, actor: "human", kind: "action", action: { type: "drag", path: [[100, 100], [500, 300], [1000, 601]], button: "left" }, frame: frame("step-0003", 2.99), origin: origin(4) },
    { t: 4, actor: "human", kind: "action", action: { type: "type", text: typedText }, frame: frame("step-0004", 3.99), origin: origin(5) },
    { t: 5, actor: "human", kind: "action", action: { type: "key", keys: ["cmd", "c"] }, origin: origin(6) },
    { t: 6, actor: "environment", kind: "observation", frame: frame("idle-0006.0", 6), origin: origin(7) },
    { t: 12, actor: "human", kind: "action", action: { type: "scroll", x: 1440, y: 900, dx: 0, dy: 3 }, frame: frame("step-0007", 11.99), origin: origin(8) },
    { t: 13, actor: "human", kind: "action", action: { type: "click", x: 2879, y: 1799, button: "right" }, origin: origin(9) },
  ];
  return traceSchema.parse({
    schema: "tracemill.trace/v1",
    id: "trace_desktop0000000000000000",
    kind: "screen",
    source: { format: "desktop-session", files: [] },
    task: {
      id: "task-1",
      title: "Configure Docker container resources",
      description: "Set memory and CPU limits.",
      objectives: ["Open Docker Desktop", "Adjust memory and CPU"],
    },
    environment: { platform: "macos", app: "Docker Desktop", screen: { width: 2880, height: 1800, scale: 2 } },
    steps: steps.map((s, index) => ({ ...s, index })),
    media: [],
    meta: { sessionId: "20250817_232256", startedAt: new Date(startedAtMs).toISOString(), startedAtMs, durationS: 20 },
  });
}

/** A web (Guacamole) session: messages, a reward, 1280×800 at scale 1, one frame. */
export function webTrace(): Trace {
  const steps: Omit<Step, "index">[] = [
    { t: 0, actor: "user", kind: "message", text: "Open the Activities overview", origin: { file: "x.events.json", line: 1 } },
    { t: 1, actor: "user", kind: "message", text: "Click the Applications Menu", origin: { file: "x.events.json", line: 2 } },
    { t: 2, actor: "assistant", kind: "message", text: "The menu is open.", origin: { file: "x.events.json", line: 3 } },
    { t: 3, actor: "human", kind: "action", action: { type: "click", x: 20, y: 10, button: "left" }, frame: frame("step-0003", 2.99), origin: { file: "x.guac", offset: 10 } },
    { t: 4, actor: "environment", kind: "observation", text: "Good progress", signal: { name: "reward", value: 0.5 }, origin: { file: "x.events.json", line: 4 } },
    { t: 5, actor: "human", kind: "action", action: { type: "key", keys: ["enter"] }, origin: { file: "x.guac", offset: 20 } },
    { t: 6, actor: "human", kind: "action", action: { type: "scroll", dx: 0, dy: -2 }, origin: { file: "x.guac", offset: 30 } },
  ];
  return traceSchema.parse({
    schema: "tracemill.trace/v1",
    id: "trace_web000000000000000000",
    kind: "screen",
    source: { format: "web-session", files: [] },
    task: { title: "Open the Activities overview" },
    environment: { screen: { width: 1280, height: 800, scale: 1 } },
    steps: steps.map((s, index) => ({ ...s, index })),
    media: [],
    meta: { sessionId: "6792a2a124f444f0e39ce887", startedAtMs },
  });
}

/** A readImage over real JPEGs made with sharp: one colour per path, so images are tellable apart. */
export async function jpegReader(width = 1280, height = 800) {
  const cache = new Map<string, Buffer>();
  const reads: string[] = [];
  const make = async (path: string) => {
    let hash = 0;
    for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) & 0xffffff;
    const background = { r: hash & 255, g: (hash >> 8) & 255, b: (hash >> 16) & 255 };
    return sharp({ create: { width, height, channels: 3, background } }).jpeg({ quality: 60 }).toBuffer();
  };
  return {
    reads,
    readImage: async (path: string) => {
      reads.push(path);
      const cached = cache.get(path) ?? (await make(path));
      cache.set(path, cached);
      return cached;
    },
  };
}
