import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { buildExampleScreenSessions } from "./example-sessions.js";
import type { ProcessOptions } from "./options.js";
import { processScreenSessions } from "./process-sessions.js";

// The example sessions type a password into a secure field: the desktop one into an
// AXSecureTextField (from the accessibility tree), the web one into an input of type password.
const passwords = ["correct horse", "tr0ub4dor"];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-example-passwords-"));
  await buildExampleScreenSessions(join(root, "data"), { videos: false });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("passwords typed in the example sessions", () => {
  it.each(["desktop", "web"] as const)(
    '%s: written as type("<password>") and never in clear in any output or run file',
    async (format) => {
      const out = join(root, `out-${format}`);
      const runsDir = join(root, `runs-${format}`);
      const options: ProcessOptions = {
        format,
        data: join(root, "data", format),
        out,
        grade: true,
        chunkSize: 4,
        concurrency: 1,
        force: true,
        actionFormat: format === "desktop" ? "anthropic" : "openai",
        crop: false,
        augment: false,
        ffmpeg: "/nonexistent/ffmpeg",
        ffprobe: "/nonexistent/ffprobe",
      };
      const config = { ...defaultConfig(), runsDir, cacheDir: join(root, "cache") };
      const report = await processScreenSessions(options, config, {
        notice: () => {},
        toolVersion: "test",
      });
      expect(report.failures).toEqual([]);
      const files = [...(await everyFile(out)), ...(await everyFile(runsDir))];
      expect(files.length).toBeGreaterThan(5);
      for (const file of files) {
        const text = await readFile(file, "utf8");
        for (const password of passwords) expect(text, file).not.toContain(password);
      }
      const sft = await readFile(
        join(out, report.outcomes[0]?.sessionId ?? "", "sft.json"),
        "utf8",
      );
      expect(sft).toContain('type(\\"<password>\\")');
    },
  );

  it("desktop: focus steps and click targets come from the recorder's trees", async () => {
    const sft = JSON.parse(
      await readFile(join(root, "out-desktop", "20260101_120000", "sft.json"), "utf8"),
    ) as { content: unknown }[];
    const texts = sft.map((message) => message.content);
    expect(texts).toContain("Focused: Example Settings");
    expect(texts).toContain('```python\nclick(640, 300)  # "Email" text field\n```');
    expect(texts).toContain('```python\nclick(1120, 80)  # "Settings" button\n```');
    expect(texts).toContain('```python\nhotkey("cmd+s")\n```');
  });
});
