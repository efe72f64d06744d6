import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { desktopTrace, jpegReader, webTrace } from "./__fixtures__/screen-traces.js";
import { imageSizeOfBase64 } from "./image-size.js";
import { renderResultsHtml } from "./render-results-html.js";
import { renderSftHtml } from "./render-sft-html.js";
import { traceToResults } from "./trace-to-results.js";
import { traceToSft } from "./trace-to-sft.js";

/** Any src= or href= attribute (inside a tag) whose value is not a data: URI or a #fragment. */
const externalRef = /<[a-z][^>]*?\s(?:src|href)\s*=\s*(?!["']?(?:data:|#))/gi;

async function imagesOf(paths: string[]): Promise<Map<string, string>> {
  const { readImage } = await jpegReader();
  const map = new Map<string, string>();
  for (const path of paths) map.set(path, (await readImage(path)).toString("base64"));
  return map;
}

describe("renderResultsHtml", () => {
  it("is self-contained: no script, no external URL, every image a data: URI", async () => {
    const trace = desktopTrace();
    const results = traceToResults(trace);
    const paths = results.flatMap((e) => (e.frame ? [e.frame.path] : []));
    const html = renderResultsHtml(trace, results, await imagesOf(paths));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(externalRef)).toBeNull();
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(paths.length);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("draws each action in its image's pixel space", async () => {
    const trace = desktopTrace();
    const results = traceToResults(trace);
    const html = renderResultsHtml(
      trace,
      results,
      await imagesOf(["frames/step-0001.jpg", "frames/step-0003.jpg", "frames/step-0007.jpg"]),
    );
    expect(html).toContain('viewBox="0 0 1280 800"');
    expect(html).toContain('<circle class="mark" cx="640" cy="400"'); // click at 1440, 900 physical
    expect(html).toContain('<polyline class="mark" points="44,44 222,133 444,267"/>'); // the drag
    // the scroll (dy > 0: down) is an arrow starting at the pointer, pointing down
    expect(html).toMatch(
      /<line class="mark" x1="640" y1="400" x2="640" y2="4\d\d(\.\d)?"\/><polygon/,
    );
    expect(html).toContain("frame frames/step-0002.jpg not available");
    expect(html).toContain("click (left) at 1440, 900 (logical 720, 450)");
  });

  it("escapes the task, messages and anything put in an image map", async () => {
    const trace = webTrace();
    trace.task = { title: '<b onclick="x">Task</b>' };
    const step = trace.steps[2];
    if (step) step.text = "<img src=http://evil.example/x.png>";
    const html = renderResultsHtml(trace, traceToResults(trace), {
      "frames/step-0003.jpg": '"><script>alert(1)</script>',
    });
    expect(html).toContain("&lt;b onclick=&quot;x&quot;&gt;Task&lt;/b&gt;");
    expect(html).toContain("&lt;img src=http://evil.example/x.png&gt;");
    expect(html).not.toMatch(/<script/i);
    expect(html.match(externalRef)).toBeNull();
    expect(html).toContain("not base64");
    expect(html).toContain("reward = 0.5 — Good progress");
  });
});

describe("renderSftHtml", () => {
  it("shows the chat with actions drawn on the screenshot before them", async () => {
    const { readImage } = await jpegReader();
    const sft = await traceToSft(desktopTrace(), { readImage });
    const html = renderSftHtml(sft, { title: "Docker <resources>", sessionId: "20250817_232256" });
    expect(html.match(externalRef)).toBeNull();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("<title>Docker &lt;resources&gt;</title>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(5);
    expect(html).toContain('<circle class="mark" cx="640" cy="400"');
    expect(html).toContain('<polyline class="mark" points="44,44 222,133 444,267"/>');
    expect(html).toContain("<dt>Actions</dt><dd>7</dd>");
  });

  it("scales screen-space coordinates onto the image", async () => {
    const { readImage } = await jpegReader();
    const sft = await traceToSft(desktopTrace(), { readImage, coordinateSpace: "screen" });
    const html = renderSftHtml(sft, {
      coordinateSpace: "screen",
      screen: { width: 2880, height: 1800 },
    });
    expect(html).toContain('<circle class="mark" cx="640" cy="400"');
  });
});

describe("imageSizeOfBase64", () => {
  it("reads JPEG and PNG headers and refuses anything else", async () => {
    const create = { width: 321, height: 123, channels: 3 as const, background: "#123456" };
    const jpeg = await sharp({ create }).jpeg({ progressive: true }).withMetadata().toBuffer();
    const png = await sharp({ create: { ...create, width: 7, height: 5 } })
      .png()
      .toBuffer();
    expect(imageSizeOfBase64(jpeg.toString("base64"))).toEqual({ width: 321, height: 123 });
    expect(imageSizeOfBase64(png.toString("base64"))).toEqual({ width: 7, height: 5 });
    expect(
      imageSizeOfBase64(Buffer.from("not an image at all").toString("base64")),
    ).toBeUndefined();
    expect(imageSizeOfBase64(jpeg.subarray(0, 20).toString("base64"))).toBeUndefined();
  });
});
