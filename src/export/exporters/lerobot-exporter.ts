import type { Provenance } from "../../core/dataset-row.js";
import type { Grade } from "../../core/grade.js";
import type { Trace } from "../../core/trace.js";
import type { Redactor } from "../../model/redact.js";
import { traceToEpisode } from "../../sources/robot/trace-to-episode.js";
import { categorize } from "../categorize.js";
import { piiTotal, redactStrings } from "../checks/pii-check.js";
import {
  type Category,
  defaultExportOptions,
  type ExportOptions,
  type QuarantineReason,
  type QuarantineRecord,
} from "../types.js";
import { type Finding, piiFinding, trainingCategoryFindings } from "./record-checks.js";

/**
 * The firewall's checks for robot episodes on their way to a LeRobot dataset, pure: each episode
 * arrives as its Trace (kind `robot`, `episodeToTrace`) with the provenance its files gave, and
 * either stays (in input order) or becomes a quarantine record naming every reason at once.
 * A dataset needs one observation and one action width: the first episode with steps sets them.
 * The grade gate: the episode's grade is categorized with the export's thresholds; accepted
 * episodes stay, partially accepted ones only with `includePartial`, and rejected or
 * needs_human_review ones never (as for SFT: a training set takes no unreviewed doubt), each
 * refused one with reason `category_disallowed` and its grade's id and score. Kept episodes'
 * provenance names their grade (`gradeId`).
 */
export interface RobotEpisodeRecord {
  /** The episode as its robot Trace: every check reads the Trace (the episode rebuilt from it). */
  trace: Trace;
  /** Undefined when the episode's file could not be read (nothing proves the row's source). */
  provenance?: Provenance;
  /** Where the episode was read from, relative to the export's input folder. */
  origin: { file: string };
  /** The episode's grade (the offline robot judge unless a model judged it). */
  grade?: Grade;
  /** Why the judge gave no grade (a model answer that failed validation): quarantined with it. */
  gradeError?: string;
}

export interface RobotEpisodeChecks {
  kept: RobotEpisodeRecord[];
  quarantined: QuarantineRecord[];
}

export function checkRobotEpisodes(
  records: readonly RobotEpisodeRecord[],
  redactor?: Redactor,
  options: ExportOptions = defaultExportOptions,
): RobotEpisodeChecks {
  const episodes = records.map((record) => traceToEpisode(record.trace));
  const firstSteps = episodes.find((episode) => episode.steps.length > 0)?.steps[0];
  const width = {
    observation: firstSteps?.observation.length ?? 0,
    action: firstSteps?.action.length ?? 0,
  };
  const seen = new Set<string>();
  const kept: RobotEpisodeRecord[] = [];
  const quarantined: QuarantineRecord[] = [];
  for (const [position, record] of records.entries()) {
    const episode = episodes[position] as (typeof episodes)[number];
    const findings: Finding[] = [];
    if (seen.has(record.trace.id))
      findings.push({ reason: "duplicate_id", error: `trace ${record.trace.id} already exported` });
    seen.add(record.trace.id);
    if (record.provenance === undefined)
      findings.push({ reason: "missing_provenance", error: "the episode file cannot be read" });
    if (episode.steps.length === 0)
      findings.push({ reason: "empty_content", error: "episode has no steps" });
    const odd = episode.steps.find(
      (step) =>
        step.observation.length !== width.observation || step.action.length !== width.action,
    );
    if (odd !== undefined) {
      findings.push({
        reason: "schema_violation",
        error: `step ${odd.index} has dimensions ${odd.observation.length}/${odd.action.length}, expected ${width.observation}/${width.action}`,
      });
    }
    if (redactor !== undefined) {
      const kinds = redactStrings(textOf(record, episode.extra), redactor).kinds;
      if (piiTotal(kinds) > 0) findings.push(piiFinding(kinds));
    }
    const category =
      record.grade === undefined
        ? undefined
        : categorize(record.grade, undefined, options.thresholds);
    if (record.grade === undefined && record.gradeError !== undefined)
      findings.push({ reason: "category_disallowed", error: `no grade: ${record.gradeError}` });
    else findings.push(...robotCategoryFindings(category, options));
    if (findings.length > 0) quarantined.push(quarantineOf(record, findings, category));
    else if (record.provenance !== undefined && record.grade !== undefined)
      kept.push({ ...record, provenance: { ...record.provenance, gradeId: record.grade.id } });
    else kept.push(record);
  }
  return { kept, quarantined };
}

/** The grade gate: what may enter a training dataset, by category and the export's flags. */
export function robotCategoryFindings(
  category: Category | undefined,
  options: Pick<ExportOptions, "includePartial">,
): Finding[] {
  return trainingCategoryFindings(category, options, {
    reason: "category_disallowed",
    dataset: "a LeRobot dataset",
    missing: "episode has no grade",
  });
}

/** What a LeRobot dataset carries as text: the task, spoken notes and the file's other fields. */
function textOf(record: RobotEpisodeRecord, extra: Record<string, unknown>): unknown {
  return {
    task: record.trace.task,
    notes: record.trace.steps.flatMap((step) => (step.text === undefined ? [] : [step.text])),
    extra,
  };
}

function quarantineOf(
  record: RobotEpisodeRecord,
  findings: readonly Finding[],
  category: Category | undefined,
): QuarantineRecord {
  const reasons: QuarantineReason[] = [];
  for (const finding of findings)
    if (!reasons.includes(finding.reason)) reasons.push(finding.reason);
  return {
    exporter: "lerobot",
    recordId: record.trace.id,
    reasons,
    errors: findings.map((finding) => finding.error),
    ...(category === undefined ? {} : { category }),
    ...(record.grade === undefined
      ? {}
      : { grade: { id: record.grade.id, score: record.grade.score } }),
    ...(record.provenance === undefined ? {} : { provenance: record.provenance }),
    origin: record.origin,
  };
}
