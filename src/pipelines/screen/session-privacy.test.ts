import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
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
import {
  exampleDesktopSessionId,
  exampleSessionTexts,
  exampleWebSessionId,
} from "./example-sessions.js";
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

/** The example sessions with every secret planted in each text the recorders capture. */
async function writePlantedSessions(data: string, planted: PlantedSecret[]): Promise<void> {
  const texts = exampleSessionTexts();
  const startMs = Date.UTC(2026, 0, 1, 12, 0, 0);
  const desktopDir = join(data, "desktop", exampleDesktopSessionId);
  await mkdir(desktopDir, { recursive: true });
  const meta = JSON.parse(texts.desktop.files["meta.json"] as string);
  meta.duration_seconds = 30 + planted.length * 4;
  meta.quest.objectives.push(...planted.map((secret) => `Use ${secret.value} here`));
  meta.quest.content = `${meta.quest.content} Account: ${planted.map((s) => s.value).join(" ; ")}`;
  const lines = (texts.desktop.files["input_log.jsonl"] as string)
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { time: number });
  planted.forEach((secret, index) => {
    const t = 30 + index * 4;
    const at = (seconds: number) => startMs + Math.round(seconds * 1000);
    // A window title that carries the secret (the app changes so a focus step is written).
    lines.push({
      time: at(t),
      event: "axtree_interaction",
      data: { focused_app: { name: `Mail ${index}` }, title: `Inbox - ${secret.value}` },
    } as never);
    [...secret.value].forEach((char, position) => {
      const time = at(t + 0.5 + position * 0.02);
      lines.push({ time, event: "keydown", data: { key: "Unknown", actual_char: char } } as never);
      lines.push({ time: time + 5, event: "keyup", data: { key: "Unknown" } } as never);
    });
  });
  lines.sort((a, b) => a.time - b.time);
  await writeFile(join(desktopDir, "meta.json"), JSON.stringify(meta));
  await writeFile(
    join(desktopDir, "input_log.jsonl"),
    `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`,
  );

  const webDir = join(data, "web");
  await mkdir(webDir, { recursive: true });
  const eventsName = `${exampleWebSessionId}.events.json`;
  const events = JSON.parse(texts.web.files[eventsName] as string);
  const template = events.events[1];
  planted.forEach((secret, index) => {
    for (const type of ["hint", "reasoning", "quest"])
      events.events.push({
        ...template,
        type,
        message: `${type} ${index}: ${secret.value}`,
        timestamp: startMs + 15_000 + index * 10,
      });
  });
  const race = JSON.parse(texts.web.files["viralmind.race_sessions.json"] as string);
  race[0].prompt = `${race[0].prompt} for ${planted.map((secret) => secret.value).join(" and ")}`;
  for (const [name, text] of Object.entries(texts.web.files)) {
    const replaced =
      name === eventsName
        ? JSON.stringify(events)
        : name === "viralmind.race_sessions.json"
          ? JSON.stringify(race)
          : text;
    await writeFile(join(webDir, name), replaced);
  }
}

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
    // Typed text, window title, quest objective and quest content: four places per secret.
    expect(metrics.redactions.total).toBeGreaterThanOrEqual(secrets.length * 4);
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
