import { z } from "zod";
import { TracemillError } from "../../core/errors.js";
import type { Step, Trace } from "../../core/trace.js";
import type { Episode, EpisodeStep, TranscriptLine } from "./episode.js";

/**
 * The inverse of episodeToTrace: the episode rebuilt from a robot Trace, so correction, training
 * and the LeRobot writer work on what the reader produced. The records come from the action
 * steps (state, action, intervention, weight, frame) in record order (`origin.offset`), the
 * transcript from the note steps; the file's own fields come from the adapter's meta. For every
 * episode `traceToEpisode(episodeToTrace(episode))` equals `episode`.
 */
const robotMetaSchema = z.object({
  session: z.string(),
  episode: z.number(),
  path: z.string(),
  metrics: z.record(z.string(), z.unknown()),
  extra: z.record(z.string(), z.unknown()),
  framePaths: z.array(z.string().nullable()).optional(),
  transcriptPath: z.string().optional(),
  transcriptCues: z.array(z.object({ index: z.number(), end_s: z.number() })).optional(),
});

export function traceToEpisode(trace: Trace): Episode {
  const meta = robotMetaSchema.safeParse(trace.meta);
  if (trace.kind !== "robot" || !meta.success) {
    const issue = meta.error?.issues[0];
    const why = issue ? `meta.${issue.path.join(".")}: ${issue.message}` : `kind ${trace.kind}`;
    throw new TracemillError("input_invalid", `trace ${trace.id} is not a robot episode (${why})`);
  }
  const { session, episode, path, metrics, extra, framePaths } = meta.data;
  const actions = trace.steps
    .filter((step) => step.kind === "action" && step.action?.type === "control")
    .sort((a, b) => offsetOf(a) - offsetOf(b));
  const steps = actions.map((step, index) => episodeStepOf(trace, step, index, framePaths));
  const rebuilt: Episode = { session, episode, path, steps, metrics, extra };
  if (actions.some((step) => step.frame !== undefined))
    rebuilt.frameFiles = actions.map((step) => step.frame?.path);
  const cues = meta.data.transcriptCues;
  if (cues !== undefined) rebuilt.transcript = transcriptOf(trace, cues);
  if (meta.data.transcriptPath !== undefined) rebuilt.transcriptPath = meta.data.transcriptPath;
  return rebuilt;
}

function episodeStepOf(
  trace: Trace,
  step: Step,
  index: number,
  framePaths: (string | null)[] | undefined,
): EpisodeStep {
  if (offsetOf(step) !== index || step.state === undefined || step.action?.type !== "control")
    throw new TracemillError(
      "input_invalid",
      `trace ${trace.id}: step ${step.index} is not record ${index} of the episode with its state`,
    );
  const rebuilt: EpisodeStep = {
    index,
    observation: [...step.state],
    action: [...step.action.values],
    intervention: step.intervention === true,
  };
  const framePath = framePaths?.[index];
  if (typeof framePath === "string") rebuilt.framePath = framePath;
  if (step.weight !== undefined) rebuilt.weightOrInclude = step.weight;
  return rebuilt;
}

function transcriptOf(
  trace: Trace,
  cues: readonly { index: number; end_s: number }[],
): TranscriptLine[] {
  const notes = trace.steps
    .filter((step) => step.kind === "note")
    .sort((a, b) => offsetOf(a) - offsetOf(b));
  if (notes.length !== cues.length)
    throw new TracemillError(
      "input_invalid",
      `trace ${trace.id}: ${notes.length} note step(s) for ${cues.length} transcript cue(s)`,
    );
  return notes.map((note, ordinal) => ({
    index: cues[ordinal]?.index ?? ordinal + 1,
    start_s: note.t,
    end_s: cues[ordinal]?.end_s ?? note.t,
    text: note.text ?? "",
  }));
}

function offsetOf(step: Step): number {
  return step.origin.offset ?? step.index;
}
