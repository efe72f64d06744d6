import type { Trace } from "../core/trace.js";
import type { DevtraceJudgement } from "../grade/devtrace-judge-types.js";
import {
  completenessOf,
  type DevtraceCompleteness,
  type DevtraceOutcomeStatus,
  outcomeStatusOf,
  type SealedOutline,
} from "../sources/devtrace/completeness.js";
import type { DevtraceEvent } from "../sources/devtrace/events.js";
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
  /** `validated` only when every chunk arrived and the tests ran; else incomplete/unverified. */
  status: DevtraceRecord["status"] | Exclude<DevtraceOutcomeStatus, "validated">;
  /** Why a finished trace reads incomplete or unverified. */
  status_reason?: string;
  failure_reason?: string;
  /** Given up by an operator (POST …/abandon) before it was completed. */
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

/** How an abandoned trace's failure_reason starts; GET shows `abandoned: true` for it. */
export const abandonedPrefix = "abandoned";

export function isAbandoned(record: Pick<DevtraceRecord, "status" | "failure_reason">): boolean {
  return record.status === "failed" && (record.failure_reason ?? "").startsWith(abandonedPrefix);
}

export function blobKeyOf(artifact: Pick<StoredArtifact, "sha256">): string {
  return `sha256/${artifact.sha256}`;
}

/** The status fields GET /v1/traces/{id} and the list both answer for a record. */
export interface TraceStatusFields {
  status: TraceDocument["status"];
  status_reason?: string;
  failure_reason?: string;
  abandoned?: true;
}

/**
 * How a trace reads to a client, the one place for it: the catalog status, except that a
 * validated trace reads what its seal and tests earn (outcomeStatusOf: incomplete / unverified /
 * validated) with the reason; plus the failure reason and whether it was abandoned. `sealed` is
 * the whole sealed trace (GET) or its outline (the list); both read the same.
 */
export function statusFieldsOf(
  record: DevtraceRecord,
  sealed: SealedOutline | undefined,
  validation: DevtraceQa["validation"],
): TraceStatusFields {
  const outcome =
    record.status === "validated" && sealed !== undefined
      ? outcomeStatusOf(sealed, validation)
      : undefined;
  return {
    status: outcome?.status ?? record.status,
    ...(outcome?.reason === undefined ? {} : { status_reason: outcome.reason }),
    ...(record.failure_reason === undefined ? {} : { failure_reason: record.failure_reason }),
    ...(isAbandoned(record) ? { abandoned: true as const } : {}),
  };
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
