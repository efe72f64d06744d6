import { renderTally } from "../runs/run-tally.js";
import type { LossValues } from "./train-config.js";
import type {
  CorrectAndTrainResult,
  EvaluatePipelineResult,
  TrainPipelineResult,
} from "./train-pipeline.js";

/** Human-readable summaries of training, correct-and-train and evaluation (the CLI prints them). */
export function renderTrainResult(result: TrainPipelineResult): string {
  return [
    `episodes:    ${renderTally(result.tally)} (${result.read.source})`,
    ...renderTraining(result.training),
    ...(result.lerobot
      ? [
          `lerobot:     ${result.lerobot.outDir} (${result.lerobot.episodes} episodes, ${result.lerobot.frames} frames)`,
        ]
      : []),
    `run:         ${result.runId}`,
    ...result.read.leftOut.map((item) => `left out: ${item.what}: ${item.reason}`),
  ].join("\n");
}

export function renderCorrectAndTrain(result: CorrectAndTrainResult): string {
  const lines = [
    `episodes read:   ${result.read.episodes} (${result.read.leftOut.length} left out)`,
  ];
  if (result.correction) {
    const summary = result.correction;
    lines.push(
      `correction:      ${summary.judge.name}${summary.judge.offline ? " (offline baseline, no model ran)" : ""}: ${summary.processed} processed, ${summary.skipped} already corrected, ${summary.failed} failed, ${summary.segments} segments, ${summary.corrected_steps} steps changed`,
    );
  } else {
    lines.push("correction:      skipped");
  }
  lines.push(`trained on:      ${result.trainedOn.episodes} ${result.trainedOn.source} episodes`);
  if (result.training) lines.push(...renderTraining(result.training));
  if (result.lerobot) lines.push(`lerobot:         ${result.lerobot.outDir}`);
  lines.push(`run:             ${result.runId}`);
  for (const item of [...result.read.leftOut, ...result.trainedOn.leftOut])
    lines.push(`left out: ${item.what}: ${item.reason}`);
  for (const warning of result.correction?.warnings ?? [])
    lines.push(`warning: ${warning.session}/${warning.episode}: ${warning.message}`);
  return lines.join("\n");
}

function renderTraining(training: TrainPipelineResult["training"]): string[] {
  const split = training.split.byTime
    ? "one episode, split by time"
    : `${training.split.train.length} train / ${training.split.validation.length} validation episodes`;
  return [
    `split:       ${split} (${training.counts.trainSamples} / ${training.counts.validationSamples} steps)`,
    `training:    ${training.iterations} iterations on ${training.backend}${training.resumedFrom !== undefined ? `, resumed from ${training.resumedFrom}` : ""}, ${(training.durationMs / 1000).toFixed(1)} s`,
    ...(training.firstTrain && training.lastTrain
      ? [`train loss:  ${formatTerms(training.firstTrain)} → ${formatTerms(training.lastTrain)}`]
      : []),
    ...(training.validation ? [`validation:  ${formatTerms(training.validation)}`] : []),
    `checkpoint:  ${training.lastCheckpoint}`,
    `plot:        ${training.plot}`,
    ...training.warnings.map((warning) => `warning: ${warning}`),
  ];
}

export function renderEvaluation(result: EvaluatePipelineResult): string {
  const { evaluation } = result;
  return [
    `checkpoint:  ${evaluation.checkpoint} (iteration ${evaluation.iteration})`,
    `held out:    ${evaluation.episodes} episodes, ${evaluation.samples} steps (${result.heldOut === "validation-split" ? "the checkpoint's validation split" : "every episode given; none was in the validation split"})`,
    `loss:        ${formatTerms(evaluation.terms)}`,
    `action MAE:  ${evaluation.mae.map((value) => value.toFixed(4)).join(", ")} (per dimension)`,
    `action RMSE: ${evaluation.rmse.toFixed(4)} (per dimension ${evaluation.rmsePerDimension.map((value) => value.toFixed(4)).join(", ")})`,
  ].join("\n");
}

function formatTerms(terms: LossValues): string {
  return `total ${terms.total.toFixed(4)} (base ${terms.base.toFixed(4)}, delta ${terms.delta.toFixed(4)}, jump ${terms.jump.toFixed(4)}, sat ${terms.sat.toFixed(4)}, jac ${terms.jac.toFixed(4)})`;
}
