import { TracemillError } from "../core/errors.js";
import { createRedactor, type Redactor } from "../model/redact.js";
import { devtraceGrade } from "../pipelines/devtrace/export-devtraces.js";
import { verifyStoredDevtrace } from "../pipelines/devtrace/verify-stored-trace.js";
import { devtraceStepOf } from "../sources/devtrace/event-steps.js";
import type { ArtifactRef, DevtraceEvent } from "../sources/devtrace/events.js";
import { statusFieldsOf, type TraceStatusFields } from "../store/devtrace-status.js";
import type { BlobStore, DevtraceStore, StoredArtifact } from "../store/types.js";
import {
  type DevtraceStep,
  type DevtraceSummary,
  type DevtraceView,
  overallOf,
  storeKeyPrefix,
  toJudge,
  toStep,
} from "./devtrace-view.js";
import type { Json } from "./read-json.js";

/**
 * Developer traces read from the live catalog (read-only): the list with each trace's status,
 * tests and judge score, and one trace's events (from its stored chunks, so a trace still being
 * ingested shows too), command outputs from the blob store, verification, judge and integrity.
 * Everything text passes the redactor on its way to the page, although the server redacted
 * events at ingest: artifacts uploaded whole (PUT …/artifacts) are stored as sent.
 */
/** Characters of one command output sent to the page. */
export const outputLimit = 20_000;
const listLimit = 500;

export interface StoreReader {
  store: DevtraceStore;
  blobs?: BlobStore;
  hmacKey?: string;
  redactor?: Redactor;
}

export async function storeDevtraceList(reader: StoreReader): Promise<DevtraceSummary[]> {
  // One query for the page with each trace's qa (not one more per trace).
  const listed = await reader.store.listTracesWithOutline({ limit: listLimit });
  const redactor = reader.redactor ?? createRedactor();
  return listed.map(({ record, qa, sealed }) => {
    const passed = qa.validation?.tests_passed;
    const overall =
      qa.judge === undefined ? undefined : overallOfScores(qa.judge.scores, qa.judge.weights);
    return {
      key: `${storeKeyPrefix}${record.trace_id}`,
      id: record.trace_id,
      title: redactor.redactText(record.task_title).text,
      steps: record.num_events,
      ...viewerStatusOf(statusFieldsOf(record, sealed, qa.validation), redactor),
      ...(typeof passed === "boolean" ? { testsPassed: passed } : {}),
      ...(overall === undefined ? {} : { overall }),
    };
  });
}

function overallOfScores(
  scores: Record<string, number>,
  weights: Record<string, number>,
): number | undefined {
  const dimensions = Object.entries(weights).map(([key, weight]) => ({ key, weight }));
  return overallOf({ components: scores, rubric: { dimensions } } as unknown as Json);
}

export async function storeDevtraceView(
  reader: StoreReader,
  traceId: string,
): Promise<DevtraceView> {
  const { store } = reader;
  const redactor = reader.redactor ?? createRedactor();
  const record = await store.getTrace(traceId);
  if (record === undefined) {
    throw new TracemillError("not_found", `no trace "${traceId}" in the store`);
  }
  const [chunks, extra, qa, sealed] = await Promise.all([
    store.listChunks(traceId),
    store.listArtifacts(traceId),
    store.getQa(traceId),
    store.getSealedTrace(traceId),
  ]);
  const artifacts = [...chunks.flatMap((chunk) => chunk.artifacts), ...extra];
  const events = chunks
    .flatMap((chunk) => chunk.events)
    .sort((a, b) => a.seq - b.seq || a.ts_client_s - b.ts_client_s);
  const first = events[0]?.ts_client_s ?? 0;
  const steps: DevtraceStep[] = [];
  for (const [index, event] of events.entries()) {
    const step = stepOf(event, index, first);
    if (event.type === "cmd_run") {
      const stdout = await outputOf(reader.blobs, artifacts, event, "stdout", event.stdout_ref);
      const stderr = await outputOf(reader.blobs, artifacts, event, "stderr", event.stderr_ref);
      if (stdout !== undefined) step.stdout = stdout;
      if (stderr !== undefined) step.stderr = stderr;
    }
    steps.push(redactor.redactValue(step));
  }
  const tests = steps.filter((step) => step.tests !== undefined);
  const validation = qa.validation;
  let chain: DevtraceView["chain"];
  if (sealed === undefined) {
    chain = {
      links: 0,
      events: events.length,
      status: "unchecked",
      detail: `not sealed yet (status ${record.status})`,
    };
  } else {
    const checked = await verifyStoredDevtrace(store, traceId, reader.hmacKey);
    const problems = [
      ...(checked.firstBroken === undefined ? [] : [checked.firstBroken.reason]),
      ...(checked.problems ?? []),
    ];
    const links = sealed.integrity?.links.length ?? 0;
    chain = {
      links,
      events: events.length,
      status: checked.ok ? (reader.hmacKey === undefined ? "unchecked" : "ok") : "broken",
      detail: checked.ok
        ? reader.hmacKey === undefined
          ? `${checked.chunksChecked} stored chunks match the seal; pass --hmac-key to verify the ${links} links`
          : `all ${checked.verified} links verify; ${checked.chunksChecked} stored chunks match the seal`
        : `broken: ${problems.join("; ")}`,
    };
    if (sealed.integrity?.algorithm !== undefined) chain.algorithm = sealed.integrity.algorithm;
  }
  const view: DevtraceView = {
    key: `${storeKeyPrefix}${traceId}`,
    id: traceId,
    title: redactor.redactText(record.task_title).text,
    ...(record.task_description === undefined
      ? {}
      : { description: redactor.redactText(record.task_description).text }),
    ...viewerStatusOf(statusFieldsOf(record, sealed, validation), redactor),
    steps,
    verification: {
      ...(validation === undefined ? {} : { required: true }),
      ...(typeof validation?.tests_passed === "boolean" ? { passed: validation.tests_passed } : {}),
      ...(tests[0]?.tests === undefined ? {} : { before: tests[0].tests }),
      ...(validation === undefined
        ? tests.at(-1)?.tests === undefined
          ? {}
          : { after: tests.at(-1)?.tests }
        : {
            after: {
              passed: validation.num_passed,
              failed: validation.num_failed,
              failedTests: validation.failing_tests,
              ...(validation.framework === null ? {} : { framework: validation.framework }),
            },
          }),
      logs:
        validation === undefined
          ? []
          : [
              ...(validation.reason === undefined ? [] : [validation.reason]),
              ...(validation.log.length > 0 ? [redactor.redactText(cap(validation.log)).text] : []),
            ],
    },
    chain,
    warnings: [`live store: catalog status ${record.status}`],
  };
  if (qa.judge !== undefined && sealed !== undefined) {
    const grade = devtraceGrade(
      sealed,
      qa.judge,
      record.completed_at ?? record.updated_at,
      validation,
    );
    view.judge = redactor.redactValue(toJudge(grade as unknown as Json));
  }
  return view;
}

/** The API's status fields in the viewer's names; a failure reason may quote client text. */
function viewerStatusOf(
  fields: TraceStatusFields,
  redactor: Redactor,
): Pick<DevtraceView, "status" | "statusReason" | "failureReason" | "abandoned"> {
  return {
    status: fields.status,
    ...(fields.status_reason === undefined ? {} : { statusReason: fields.status_reason }),
    ...(fields.failure_reason === undefined
      ? {}
      : { failureReason: redactor.redactText(fields.failure_reason).text }),
    ...(fields.abandoned === undefined ? {} : { abandoned: fields.abandoned }),
  };
}

/**
 * A stored event as the page's step: the event's Trace step (the one mapping, event-steps.ts),
 * read by the same view-model code as a trace folder's steps. A commit's message sits in its
 * action, and this view has always shown it as the step's text.
 */
function stepOf(event: DevtraceEvent, index: number, first: number): DevtraceStep {
  const step = toStep(
    devtraceStepOf(event, index, first, { file: "store" }) as unknown as Json,
    index,
  );
  if (event.type === "commit") step.text = event.message;
  return step;
}

/** The artifact a ref names (a key of the trace's artifacts, or a sha256), else one for the event. */
async function outputOf(
  blobs: BlobStore | undefined,
  artifacts: StoredArtifact[],
  event: DevtraceEvent,
  type: "stdout" | "stderr",
  ref: ArtifactRef | undefined,
): Promise<string | undefined> {
  if (blobs === undefined) return undefined;
  let sha256: string | undefined;
  if (typeof ref === "string") sha256 = artifacts.find((each) => each.key === ref)?.sha256;
  else if (ref !== undefined) sha256 = ref.sha256;
  sha256 ??= artifacts.find(
    (each) => each.event_id === event.id && each.type.toLowerCase() === type,
  )?.sha256;
  if (sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  const bytes = await blobs.get(`sha256/${sha256}`).catch(() => undefined);
  return bytes === undefined ? undefined : cap(bytes.toString("utf8"));
}

function cap(text: string): string {
  return text.length <= outputLimit
    ? text
    : `${text.slice(0, outputLimit)}\n… (${text.length - outputLimit} more characters not shown)`;
}
