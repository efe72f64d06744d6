import type { Provenance } from "../../core/dataset-row.js";
import type { Trace } from "../../core/trace.js";
import type { Redactor } from "../../model/redact.js";
import type { Episode } from "../../sources/robot/episode.js";
import { piiTotal, redactStrings } from "../checks/pii-check.js";
import type { QuarantineReason, QuarantineRecord } from "../types.js";
import { type Finding, piiFinding } from "./record-checks.js";

/**
 * The firewall's checks for robot episodes on their way to a LeRobot dataset, pure: each episode
 * arrives as its Trace (kind `robot`, `episodeToTrace`) with the provenance its files gave, and
 * either stays (in input order) or becomes a quarantine record naming every reason at once.
 * A dataset needs one observation and one action width: the first episode with steps sets them.
 */
export interface RobotEpisodeRecord {
  episode: Episode;
  trace: Trace;
  /** Undefined when the episode's file could not be read (nothing proves the row's source). */
  provenance?: Provenance;
  /** Where the episode was read from, relative to the export's input folder. */
  origin: { file: string };
}

export interface RobotEpisodeChecks {
  kept: RobotEpisodeRecord[];
  quarantined: QuarantineRecord[];
}

export function checkRobotEpisodes(
  records: readonly RobotEpisodeRecord[],
  redactor?: Redactor,
): RobotEpisodeChecks {
  const firstSteps = records.find((record) => record.episode.steps.length > 0)?.episode.steps[0];
  const width = {
    observation: firstSteps?.observation.length ?? 0,
    action: firstSteps?.action.length ?? 0,
  };
  const seen = new Set<string>();
  const kept: RobotEpisodeRecord[] = [];
  const quarantined: QuarantineRecord[] = [];
  for (const record of records) {
    const findings: Finding[] = [];
    if (seen.has(record.trace.id))
      findings.push({ reason: "duplicate_id", error: `trace ${record.trace.id} already exported` });
    seen.add(record.trace.id);
    if (record.provenance === undefined)
      findings.push({ reason: "missing_provenance", error: "the episode file cannot be read" });
    if (record.episode.steps.length === 0)
      findings.push({ reason: "empty_content", error: "episode has no steps" });
    const odd = record.episode.steps.find(
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
      const kinds = redactStrings(textOf(record), redactor).kinds;
      if (piiTotal(kinds) > 0) findings.push(piiFinding(kinds));
    }
    if (findings.length === 0) kept.push(record);
    else quarantined.push(quarantineOf(record, findings));
  }
  return { kept, quarantined };
}

/** What a LeRobot dataset carries as text: the task, spoken notes and the file's other fields. */
function textOf(record: RobotEpisodeRecord): unknown {
  return {
    task: record.trace.task,
    notes: record.trace.steps.flatMap((step) => (step.text === undefined ? [] : [step.text])),
    extra: record.episode.extra,
  };
}

function quarantineOf(record: RobotEpisodeRecord, findings: readonly Finding[]): QuarantineRecord {
  const reasons: QuarantineReason[] = [];
  for (const finding of findings)
    if (!reasons.includes(finding.reason)) reasons.push(finding.reason);
  return {
    exporter: "lerobot",
    recordId: record.trace.id,
    reasons,
    errors: findings.map((finding) => finding.error),
    ...(record.provenance === undefined ? {} : { provenance: record.provenance }),
    origin: record.origin,
  };
}
