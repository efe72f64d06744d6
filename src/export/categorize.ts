import type { Category, CategoryThresholds, ExportRecord } from "./types.js";

/** What categorize needs from a grade: the score, the judge's confidence and other judges' scores. */
export interface CategorizableGrade {
  score: number;
  confidence?: number;
  otherScores?: readonly number[];
}

/**
 * Maps a grade to one category. Doubt wins over score: a low-confidence grade, judges that
 * disagree, or a required verification that did not pass go to a human before any score counts,
 * so a high score can never carry an unproven record into training data.
 */
export function categorize(
  grade: CategorizableGrade,
  verification: ExportRecord["verification"],
  thresholds: CategoryThresholds,
): Category {
  if (needsHumanReview(grade, verification, thresholds)) return "needs_human_review";
  if (grade.score >= thresholds.acceptScore) return "accepted";
  if (grade.score >= thresholds.partialScore) return "partially_accepted";
  return "rejected";
}

function needsHumanReview(
  grade: CategorizableGrade,
  verification: ExportRecord["verification"],
  thresholds: CategoryThresholds,
): boolean {
  // A score that is not a number cannot be trusted to pick a category.
  if (!Number.isFinite(grade.score)) return true;
  if (grade.confidence !== undefined && !(grade.confidence >= thresholds.minConfidence)) {
    return true;
  }
  if (judgeSpread(grade) > thresholds.maxJudgeSpread) return true;
  // A missing result of a required verification counts as a failure: unproven is not passed.
  if (verification?.required === true && verification.passed !== true) return true;
  return false;
}

/** Largest difference between any two judges' scores (0 with a single judge). */
export function judgeSpread(grade: CategorizableGrade): number {
  const scores = [grade.score, ...(grade.otherScores ?? [])];
  if (scores.some((score) => !Number.isFinite(score))) return Number.POSITIVE_INFINITY;
  return Math.max(...scores) - Math.min(...scores);
}
