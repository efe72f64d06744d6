import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import {
  everyFile,
  findPlanted,
  type PlantedSecret,
  plantedSecrets,
} from "../../test-support/planted-secrets.js";
import { writePlantedSessions } from "../../test-support/planted-sessions.js";
import { exampleDesktopSessionId } from "./example-sessions.js";
import type { ProcessOptions } from "./options.js";
import { processScreenSessions } from "./process-sessions.js";

/**
 * Issue 17: the screen path redacts typed text, window titles, the quest (meta.json) and web
 * messages before any file is written, and says how many of each kind it replaced.
 */
let root: string;
let secrets: PlantedSecret[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-session-privacy-"));
  secrets = await plantedSecrets();
  await writePlantedSessions(join(root, "data"), secrets);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function processOptions(format: "desktop" | "web", out: string): ProcessOptions {
  return {
    format,
    data: join(root, "data", format),
    out,
    grade: true,
    chunkSize: 8,
    concurrency: 1,
    force: true,
    actionFormat: format === "desktop" ? "anthropic" : "openai",
    crop: false,
    augment: false,
    ffmpeg: "/nonexistent/ffmpeg",
    ffprobe: "/nonexistent/ffprobe",
  };
}

describe("screen sessions: the privacy boundary", () => {
  it.each(["desktop", "web"] as const)(
    "%s: no planted secret in trace, results, sft (all variants), previews, scores, metrics or the run folder",
    async (format) => {
      const out = join(root, `out-${format}`);
      const runsDir = join(root, `runs-${format}`);
      const config = { ...defaultConfig(), runsDir, cacheDir: join(root, `cache-${format}`) };
      const report = await processScreenSessions(processOptions(format, out), config, {
        notice: () => {},
        toolVersion: "test",
      });
      expect(report.failures).toEqual([]);
      const sessionDir = report.outcomes[0]?.outDir ?? "";
      const written = await everyFile(sessionDir);
      const names = written.map((file) => file.slice(sessionDir.length + 1));
      for (const name of ["trace.json", "results.json", "sft.json", "scores.json", "sft.html"])
        expect(names).toContain(name);
      expect(names.some((name) => /^sft\.(anthropic|openai)\.json$/.test(name))).toBe(true);
      const files = [...(await everyFile(out)), ...(await everyFile(runsDir))];
      expect(await findPlanted(files, secrets)).toEqual([]);

      // The markers say what was there; metrics.json counts it per kind.
      const trace = await readFile(join(sessionDir, "trace.json"), "utf8");
      expect(trace).toContain("[REDACTED:");
      const metrics = JSON.parse(await readFile(join(sessionDir, "metrics.json"), "utf8"));
      const kinds = new Set(secrets.map((secret) => secret.kind));
      expect(metrics.redactions.total).toBeGreaterThanOrEqual(secrets.length);
      for (const kind of Object.keys(metrics.redactions.byKind)) expect(kinds).toContain(kind);
      const summary = JSON.parse(await readFile(join(out, "metrics.json"), "utf8"));
      expect(summary.redactions).toEqual(metrics.redactions);
    },
  );

  it("desktop: each secret typed, shown in a title and named in the quest is counted", async () => {
    const metrics = JSON.parse(
      await readFile(join(root, "out-desktop", exampleDesktopSessionId, "metrics.json"), "utf8"),
    );
    // Typed text, window title, quest objective and quest content: four places per secret. With
    // the full corpus a few typed secrets run into their neighbour and are counted as one span
    // (986 of 988 today); the no-leak test below is what guards the values themselves.
    expect(metrics.redactions.total).toBeGreaterThanOrEqual(Math.floor(secrets.length * 3.9));
    const trace = JSON.parse(
      await readFile(join(root, "out-desktop", exampleDesktopSessionId, "trace.json"), "utf8"),
    ) as { steps: { action?: { type: string; text?: string; title?: string } }[] };
    const typed = trace.steps.filter((step) => step.action?.type === "type");
    const titles = trace.steps.filter((step) => step.action?.title?.startsWith("Inbox - "));
    expect(typed.some((step) => step.action?.text?.includes("[REDACTED:"))).toBe(true);
    expect(titles.length).toBe(secrets.length);
    for (const step of titles) expect(step.action?.title).toContain("[REDACTED:");
  });

  it("regrading an earlier run's outputs (from before redaction) writes no secret to scores.json", async () => {
    const out = join(root, "out-regrade");
    const runsDir = join(root, "runs-regrade");
    const config = { ...defaultConfig(), runsDir, cacheDir: join(root, "cache-regrade") };
    const options = { ...processOptions("web", out), grade: false };
    const first = await processScreenSessions(options, config, {
      notice: () => {},
      toolVersion: "test",
    });
    const sessionDir = first.outcomes[0]?.outDir ?? "";
    // An output written before this change: raw secrets in sft.json.
    const raw = [
      { role: "user", content: "Open the app", timestamp: 0 },
      ...secrets.map((secret, index) => ({
        role: "assistant",
        content: `\`\`\`python\ntype(${JSON.stringify(secret.value)})\n\`\`\``,
        timestamp: index + 1,
      })),
    ];
    await writeFile(join(sessionDir, "sft.json"), JSON.stringify(raw));
    await processScreenSessions({ ...options, grade: true, force: false }, config, {
      notice: () => {},
      toolVersion: "test",
    });
    const scores = join(sessionDir, "scores.json");
    expect(await findPlanted([scores, ...(await everyFile(runsDir))], secrets)).toEqual([]);
  });
});
