import { join } from "node:path";
import type { Config } from "../../core/config.js";
import { findMediaTool } from "../../media/index.js";
import { createRedactor } from "../../model/redact.js";
import { buildExampleScreenSessions } from "./example-sessions.js";
import type { ProcessOptions } from "./options.js";
import { runScreenPipeline } from "./run-screen-pipeline.js";

/**
 * The screen part of `tracemill demo`: builds the example sessions (with generated videos) and
 * processes and grades them offline, whatever model is configured.
 */
export interface ScreenDemoResult {
  dataDir: string;
  outDir: string;
  sessions: {
    sessionId: string;
    format: "desktop" | "web";
    steps: number;
    frames: number;
    score?: number;
    judge?: string;
  }[];
  failures: string[];
}

export async function runScreenDemo(
  out: string,
  config: Config,
  notice: (line: string) => void,
): Promise<ScreenDemoResult> {
  const dataDir = join(out, "screen", "data");
  const outDir = join(out, "screen", "out");
  const ffmpeg = await findMediaTool("ffmpeg");
  const { desktopDir, webDir } = await buildExampleScreenSessions(dataDir, {
    ffmpegPath: ffmpeg?.path,
  });
  const base: Omit<ProcessOptions, "format" | "data"> = {
    out: outDir,
    grade: true,
    chunkSize: 4,
    judge: "offline:default",
    concurrency: 2,
    force: true,
    actionFormat: "pyautogui",
    crop: false,
    augment: false,
  };
  const result: ScreenDemoResult = { dataDir, outDir, sessions: [], failures: [] };
  for (const [format, data] of [
    ["desktop", join(desktopDir, "..")],
    ["web", webDir],
  ] as const) {
    const { detail: report } = await runScreenPipeline(
      { ...base, format, data },
      { config, redactor: createRedactor(config.redaction), warn: notice },
    );
    for (const outcome of report.outcomes) {
      result.sessions.push({
        sessionId: outcome.sessionId,
        format,
        steps: outcome.steps,
        frames: outcome.frames,
        score: outcome.evaluation?.score,
        judge: outcome.evaluation?.judge.model,
      });
    }
    result.failures.push(
      ...report.failures.map((failure) => `${failure.sessionId}: ${failure.message}`),
    );
  }
  return result;
}
