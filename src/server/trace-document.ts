import type { Trace } from "../core/trace.js";
import type { DevtraceJudgement } from "../grade/devtrace-judge-types.js";
import { completenessOf, type DevtraceCompleteness } from "../sources/devtrace/completeness.js";
import type { DevtraceEvent } from "../sources/devtrace/events.js";
import { statusFieldsOf, type TraceStatusFields } from "../store/devtrace-status.js";
import type { DevtraceQa, DevtraceRecord, StoredArtifact } from "../store/types.js";

/**
 * The document GET /v1/traces/{id} answers once a trace is validated or failed. Its top level
 * keeps the PR Telemetry field names (session, task, repo, events, metrics, integrity, qa with
 * `judge.model` and `judge.scores.overall`) so the reference client and viewer read it unchanged;
 * `trace` is the tracemill Trace (kind devtrace) that export and the viewer use.
 */
export interface TraceDocument {
  trace_version: "1.0";
  trace_id: string;
  /** The status fields (statusFieldsOf, src/store/devtrace-status.ts). */
  status: TraceStatusFields["status"];
  status_reason?: string;
  failure_reason?: string;
  abandoned?: true;
  /** Chunk and event seqs that never arrived (present once sealed). */
  completeness?: DevtraceCompleteness;
  session: { participant_id: string; role: "human_dev"; consent: DevtraceRecord["consent"] };
  task: { id: string; title: string; description?: string };
  repo: { origin: string; start_commit: string; known_failing_tests?: string[] };
  events: DevtraceEvent[];
  artifacts: (StoredArtifact & { blob_key: string })[];
  metrics: {
    duration_s: number;
    num_events: number;
    num_edits: number;
    num_cmds: number;
    num_test_runs: number;
    files_touched: number;
  };
  integrity: Trace["integrity"] | null;
  created_at: string;
  completed_at: string | null;
  qa: {
    validation: DevtraceQa["validation"] | null;
    judge: JudgeView | null;
  };
  trace: Trace | null;
}

export type JudgeView = DevtraceJudgement & {
  /** The reference client's name for `judge`. */
  model: string;
  scores: DevtraceJudgement["scores"] & { overall: number };
};

export function blobKeyOf(artifact: Pick<StoredArtifact, "sha256">): string {
  return `sha256/${artifact.sha256}`;
}

export function buildTraceDocument(input: {
  record: DevtraceRecord;
  trace: Trace | undefined;
  qa: DevtraceQa;
  artifacts: readonly StoredArtifact[];
}): TraceDocument {
  const { record, trace, qa } = input;
  const events = eventsOf(trace);
  return {
    trace_version: "1.0",
    trace_id: record.trace_id,
    ...statusFieldsOf(record, trace, qa.validation),
    ...(trace === undefined ? {} : { completeness: completenessOf(trace) }),
    session: { participant_id: record.participant_id, role: "human_dev", consent: record.consent },
    task: {
      id: record.task_id,
      title: record.task_title,
      ...(record.task_description === undefined ? {} : { description: record.task_description }),
    },
    repo: {
      origin: record.repo_origin ?? "",
      start_commit: record.start_commit ?? "",
      ...(record.known_failing_tests === undefined
        ? {}
        : { known_failing_tests: record.known_failing_tests }),
    },
    events,
    artifacts: input.artifacts.map((artifact) => ({ ...artifact, blob_key: blobKeyOf(artifact) })),
    metrics: metricsOf(events),
    integrity: trace?.integrity ?? null,
    created_at: record.created_at,
    completed_at: record.completed_at ?? null,
    qa: {
      validation: qa.validation ?? null,
      judge: qa.judge ? judgeView(qa.judge) : null,
    },
    trace: trace ?? null,
  };
}

export function judgeView(judgement: DevtraceJudgement): JudgeView {
  return {
    ...judgement,
    model: judgement.judge,
    scores: { ...judgement.scores, overall: judgement.overall },
  };
}

function eventsOf(trace: Trace | undefined): DevtraceEvent[] {
  const events = trace?.meta?.events;
  return Array.isArray(events) ? (events as DevtraceEvent[]) : [];
}

function metricsOf(events: readonly DevtraceEvent[]): TraceDocument["metrics"] {
  const files = new Set<string>();
  let edits = 0;
  let commands = 0;
  let testRuns = 0;
  for (const event of events) {
    if (event.type === "file_edit") {
      edits++;
      files.add(event.file_path);
    } else if (event.type === "code_change") {
      edits++;
      for (const file of event.files_changed ?? []) files.add(file);
    } else if (event.type === "cmd_run") commands++;
    else if (event.type === "test_run") testRuns++;
  }
  const first = events[0]?.ts_client_s ?? 0;
  const last = events.at(-1)?.ts_client_s ?? first;
  return {
    duration_s: last - first,
    num_events: events.length,
    num_edits: edits,
    num_cmds: commands,
    num_test_runs: testRuns,
    files_touched: files.size,
  };
}
