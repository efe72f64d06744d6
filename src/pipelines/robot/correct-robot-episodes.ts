import { resolve } from "node:path";
import { removeStaleTemporaries } from "../../core/stale-temporaries.js";
import {
  type CorrectEpisodesOptions,
  type CorrectionSummary,
  correctEpisodes,
} from "../../correct/index.js";
import {
  correctionExitCode,
  correctionTally,
  recordCorrectionSummary,
} from "../../correct/record-correction.js";
import { createConfiguredModelClient, languageModelOf } from "../../model/configured-client.js";
import { requestCounts } from "../../model/request-metrics.js";
import { openRun } from "../../runs/index.js";
import { modelAttemptRecorder } from "../../runs/model-attempt-events.js";
import type { SkippedEpisode } from "../../sources/robot/index.js";
import type { SourceWarning } from "../../sources/types.js";
import { toolVersion } from "../../version.js";
import { countsFromTally, type PipelineDeps, type PipelineReport } from "../types.js";
import { type RobotInputSource, readRobotInput } from "./read-robot-input.js";

/** What to correct and how: the episodes, where corrected copies go, the correction settings. */
export interface RobotCorrectionInput {
  source: RobotInputSource;
  correctedDir: string;
  correction: Omit<CorrectEpisodesOptions, "correctedDir" | "client" | "onProgress" | "dryRun">;
  /** Builds and returns the requests without sending or writing anything (no run folder). */
  dryRun?: boolean;
}

export interface RobotCorrectionResult {
  /** The run folder's id (none for a dry run). */
  runId?: string;
  read: { episodes: number; skipped: SkippedEpisode[]; warnings: SourceWarning[] };
  summary: CorrectionSummary;
  /** The model door's counts (requests_needed, _sent, …) when a model was asked. */
  requests?: Record<string, number>;
}

/**
 * Robot correction: read the episodes, find the takeover segments, ask the model (or run the
 * offline smoothing baseline) and write corrected copies with sidecars. A real run (not a dry
 * run) is recorded in a run folder: inputs, one item-done event per episode, warnings and counts
 * (episodes in = corrected + failed + skipped).
 */
export async function correctRobotEpisodes(
  input: RobotCorrectionInput,
  deps: PipelineDeps,
): Promise<PipelineReport<RobotCorrectionResult>> {
  const correctedDir = resolve(input.correctedDir);
  const dryRun = input.dryRun === true;
  const read = await readRobotInput(input.source);
  const run = dryRun
    ? undefined
    : await openRun({
        runsDir: deps.config.runsDir,
        command: "correct",
        inputs: read.episodes.map((episode) => episode.path),
        config: {
          ...input.correction,
          correctedDir,
          dryRun,
          includeFailed: input.source.includeFailed === true,
          model: deps.config.model,
        },
        toolVersion,
        redactor: deps.redactor,
      });
  // Episode files are written under `<name>.tmp-<pid>-…` and renamed: clear those of killed runs.
  if (!dryRun) await removeStaleTemporaries(correctedDir);
  const pending: Promise<void>[] = [];
  const client =
    deps.client ??
    languageModelOf(
      createConfiguredModelClient(deps.config, {
        redactor: deps.redactor,
        onAttempt: modelAttemptRecorder(run, "correct", pending),
      }),
    );
  try {
    const summary = await correctEpisodes(read.episodes, {
      ...input.correction,
      correctedDir,
      dryRun,
      ...(client === undefined ? {} : { client }),
      onProgress: (event) => {
        const item = `${event.session}/${event.episode}`;
        if (run !== undefined)
          pending.push(
            run.event({ type: "item-done", stage: "correct", item, status: event.status }),
          );
        deps.onProgress?.("correct", event.done, event.total, `${item} ${event.status}`);
      },
    });
    await Promise.all(pending);
    const requests = client === undefined ? undefined : requestCounts(client.usage());
    const failed = correctionExitCode(summary, read.episodes.length) !== 0;
    if (run !== undefined) {
      await recordCorrectionSummary(run, summary, "", read.skipped.length);
      run.addMetrics({ counts: { left_out: read.skipped.length, ...requests } });
      await run.finish(failed ? "failed" : "completed");
    }
    const detail: RobotCorrectionResult = {
      runId: run?.id,
      read: { episodes: read.episodes.length, skipped: read.skipped, warnings: read.warnings },
      summary,
      ...(requests === undefined ? {} : { requests }),
    };
    return {
      kind: "robot",
      runId: run?.id,
      status: dryRun ? "dry-run" : failed ? "failed" : "completed",
      counts: countsFromTally(correctionTally(summary, read.skipped.length), {
        failed: summary.failed,
      }),
      warnings: [
        ...read.warnings.map((warning) => warning.message),
        ...summary.warnings.map(
          (warning) => `${warning.session}/${warning.episode}: ${warning.message}`,
        ),
      ],
      outputs: dryRun ? [] : [correctedDir],
      detail,
    };
  } catch (error) {
    await Promise.allSettled(pending);
    await run?.finish("failed");
    throw error;
  }
}
