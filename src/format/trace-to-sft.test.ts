import { describe, expect, it } from "vitest";
import type { SourceWarning } from "../sources/types.js";
import {
  desktopTrace,
  jpegReader,
  startedAtMs,
  typedText,
  webTrace,
} from "./__fixtures__/screen-traces.js";
import { type SftMessage, sftFileSchema } from "./sft-message.js";
import { traceToSft } from "./trace-to-sft.js";

const text = (m: SftMessage | undefined) =>
  typeof m?.content === "string" ? m.content : undefined;
const codes = (sft: SftMessage[]) =>
  sft.filter((m) => m.role === "assistant" && text(m)?.startsWith("```python")).map((m) => text(m));

describe("traceToSft on a desktop session with frames", () => {
  it("starts with the task, then image + action pairs in time order", async () => {
    const { readImage } = await jpegReader();
    const sft = await traceToSft(desktopTrace(), { readImage });
    expect(sftFileSchema.parse(sft)).toHaveLength(sft.length);
    expect(sft[0]?.role).toBe("user");
    expect(text(sft[0])).toBe(
      "Task: Configure Docker container resources\n\nSet memory and CPU limits.\n\n" +
        "Objectives:\n- Open Docker Desktop\n- Adjust memory and CPU",
    );
    expect(sft[0]?.timestamp).toBe(startedAtMs);
    const shape = sft.slice(1).map((m) => (typeof m.content === "string" ? m.role : "image"));
    // click, double, drag, type have frames; key has none; the idle frame is left out; scroll has
    // one; the last right click has none. The focus observation is a user text ("Focused: …").
    expect(shape).toEqual([
      "user",
      "image",
      "assistant",
      "image",
      "assistant",
      "image",
      "assistant",
      "image",
      "assistant",
      "assistant",
      "image",
      "assistant",
      "assistant",
    ]);
    const times = sft.map((m) => m.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(sft[1]).toMatchObject({
      role: "user",
      content: "Focused: Docker Desktop — Settings",
      timestamp: startedAtMs + 500,
    });
    expect(sft[2]?.timestamp).toBe(startedAtMs + 1000);
  });

  it("writes coordinates in the screenshot's pixels (physical × 1280 / 2880)", async () => {
    const { readImage } = await jpegReader();
    const sft = await traceToSft(desktopTrace(), { readImage });
    expect(codes(sft)).toEqual([
      "```python\nclick(640, 400)\n```",
      "```python\ndouble_click(89, 44)\n```",
      "```python\ndrag([(44, 44), (222, 133), (444, 267)])\n```",
      `\`\`\`python\ntype(${JSON.stringify(typedText).replace(/`/g, "\\u0060")})\n\`\`\``,
      '```python\nhotkey("cmd+c")\n```',
      "```python\nscroll(-3)\n```",
      // No frame of its own: the session's screenshot space still applies; the last physical
      // pixel stays the last image pixel.
      "```python\nright_click(1279, 799)\n```",
    ]);
  });

  it("writes physical pixels with coordinateSpace screen", async () => {
    const { readImage } = await jpegReader();
    const sft = await traceToSft(desktopTrace(), { readImage, coordinateSpace: "screen" });
    expect(codes(sft)[0]).toBe("```python\nclick(1440, 900)\n```");
    expect(codes(sft)[2]).toBe("```python\ndrag([(100, 100), (500, 300), (1000, 601)])\n```");
  });

  it("keeps typed text inside its code block: no raw newline, quote or backtick escapes it", async () => {
    const { readImage } = await jpegReader();
    const sft = await traceToSft(desktopTrace(), { readImage });
    const block = codes(sft)[3] as string;
    const inner = block.slice("```python\n".length, -"\n```".length);
    expect(inner.split("\n")).toHaveLength(1);
    expect(inner).not.toContain("`");
    expect(JSON.parse(inner.slice("type(".length, -1))).toBe(typedText);
  });

  it("embeds each frame as base64 JPEG read through readImage, and idle frames only when asked", async () => {
    const reader = await jpegReader();
    const sft = await traceToSft(desktopTrace(), { readImage: reader.readImage });
    const images = sft.filter((m) => typeof m.content !== "string");
    expect(images).toHaveLength(5);
    expect(reader.reads).not.toContain("frames/idle-0006.0.jpg");
    const first = images[0]?.content;
    expect(typeof first === "object" && Buffer.from(first.data, "base64").subarray(0, 2)).toEqual(
      Buffer.from([0xff, 0xd8]),
    );
    const withIdle = await traceToSft(desktopTrace(), {
      readImage: reader.readImage,
      includeIdleFrames: true,
    });
    expect(withIdle.filter((m) => typeof m.content !== "string")).toHaveLength(6);
  });

  it("leaves out a frame it cannot read, with a warning, and goes on", async () => {
    const warnings: SourceWarning[] = [];
    const sft = await traceToSft(desktopTrace(), {
      readImage: async (path) => {
        if (path.includes("0002")) throw new Error("ENOENT: no such file");
        return (await jpegReader()).readImage(path);
      },
      onWarning: (w) => warnings.push(w),
    });
    expect(sft.filter((m) => typeof m.content !== "string")).toHaveLength(4);
    expect(warnings).toEqual([
      expect.objectContaining({ code: "frame_unreadable", file: "frames/step-0002.jpg" }),
    ]);
    expect(codes(sft)).toHaveLength(7);
  });
});

describe("traceToSft on a web session", () => {
  it("has messages as text, no reward, and an image only where a frame exists", async () => {
    const { readImage } = await jpegReader();
    const sft = await traceToSft(webTrace(), { readImage });
    expect(sft.map((m) => [m.role, typeof m.content === "string" ? m.content : "<image>"])).toEqual(
      [
        ["user", "Task: Open the Activities overview"],
        // the quest repeating the task title is said once
        ["user", "Click the Applications Menu"],
        ["assistant", "The menu is open."],
        ["user", "<image>"],
        ["assistant", "```python\nclick(20, 10)\n```"],
        ["assistant", '```python\nhotkey("enter")\n```'],
        ["assistant", "```python\nscroll(2)\n```"],
      ],
    );
    expect(JSON.stringify(sft)).not.toMatch(/Good progress|reward/);
  });

  it("can add the scroll position", async () => {
    const { readImage } = await jpegReader();
    const trace = webTrace();
    const step = trace.steps[6];
    if (step?.action?.type === "scroll") Object.assign(step.action, { x: 640, y: 400 });
    const sft = await traceToSft(trace, { readImage, scrollWithPosition: true });
    expect(text(sft.at(-1))).toBe("```python\nscroll(2, x=640, y=400)\n```");
  });
});
