import { z } from "zod";
import { TracemillError } from "../../core/errors.js";
import { readJsonInput } from "../../core/files.js";

/**
 * A teleoperation episode as the "correct_and_train" recorder writes it: `trajectory` records
 * `[observation[], action[], intervention, framePath?, weightOrInclude?]` at a fixed step rate,
 * plus `metrics`. Corrected episodes are written back in the same shape.
 */
export const trajectoryRecordSchema = z
  .tuple([z.array(z.number()), z.array(z.number()), z.boolean()])
  .rest(z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type TrajectoryRecord = z.infer<typeof trajectoryRecordSchema>;

export const episodeFileSchema = z.looseObject({
  trajectory: z.array(trajectoryRecordSchema),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type EpisodeFile = z.infer<typeof episodeFileSchema>;

export interface EpisodeStep {
  index: number;
  observation: number[];
  action: number[];
  intervention: boolean;
  framePath?: string;
  /** The 5th element: a weight in [-1, 1] (weight strategy) or include flag (filter strategy). */
  weightOrInclude?: number | boolean;
}

export interface Episode {
  /** Study session id (the traj_metadata.json key), or "loose" for --episodes files. */
  session: string;
  /** Episode number within the session. */
  episode: number;
  path: string;
  steps: EpisodeStep[];
  metrics: Record<string, unknown>;
  /** Fields of the file other than trajectory and metrics, kept so a rewrite loses nothing. */
  extra: Record<string, unknown>;
  /**
   * Local image file for each step (by step index) when the reader found one; the record's own
   * framePath (often a path on the recording machine) is kept untouched for the rewrite.
   */
  frameFiles?: (string | undefined)[];
  /** Spoken transcript lines (from the episode's .srt), seconds from the episode's start. */
  transcript?: TranscriptLine[];
  /** Where the transcript came from, for warnings and provenance. */
  transcriptPath?: string;
}

export interface TranscriptLine {
  index: number;
  start_s: number;
  end_s: number;
  text: string;
}

export function parseEpisode(
  raw: unknown,
  where: { path: string; session: string; episode: number },
): Episode {
  const parsed = episodeFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.join(".") ?? "";
    throw new TracemillError(
      "input_invalid",
      `${where.path}: not a trajectory episode (${at ? `${at}: ` : ""}${issue?.message ?? "invalid"})`,
    );
  }
  const { trajectory, metrics, ...extra } = parsed.data;
  const steps = trajectory.map((record, index): EpisodeStep => {
    const [observation, action, intervention, framePath, weightOrInclude] = record;
    const step: EpisodeStep = { index, observation, action, intervention };
    if (typeof framePath === "string") step.framePath = framePath;
    if (typeof weightOrInclude === "number" || typeof weightOrInclude === "boolean") {
      step.weightOrInclude = weightOrInclude;
    }
    return step;
  });
  return { ...where, steps, metrics: metrics ?? {}, extra };
}

export async function readEpisodeFile(
  path: string,
  where: { session: string; episode: number },
): Promise<Episode> {
  const raw = await readJsonInput(path, "episode JSON");
  return parseEpisode(raw, { path, ...where });
}

/** Back to the file shape; steps keep their optional 4th/5th elements. */
export function episodeToFile(episode: Episode): EpisodeFile {
  const trajectory = episode.steps.map((step): TrajectoryRecord => {
    const record: TrajectoryRecord = [step.observation, step.action, step.intervention];
    if (step.framePath !== undefined || step.weightOrInclude !== undefined)
      record.push(step.framePath ?? null);
    if (step.weightOrInclude !== undefined) record.push(step.weightOrInclude);
    return record;
  });
  return { ...episode.extra, trajectory, metrics: episode.metrics };
}
