import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { TracemillError } from "../../core/errors.js";
import type { Trace } from "../../core/trace.js";
import { judgeDevtrace } from "../../grade/devtrace-judge.js";
import type { ModelClient } from "../../model/model-client.js";
import { createRedactor, type Redactor } from "../../model/redact.js";
import { outcomeStatusOf } from "../../sources/devtrace/completeness.js";
import { finalPatchOf } from "../../sources/devtrace/final-patch.js";
import { redactVerifyResult } from "../../sources/devtrace/redact-blob.js";
import type {
  BlobStore,
  DevtraceRecord,
  DevtraceStore,
  JobContext,
  JobQueue,
  StoredArtifact,
} from "../../store/types.js";
import type { SandboxLimits, VerifyRequest, VerifyResult } from "../../verify/types.js";
import { verifyDevtrace } from "../../verify/verify-devtrace.js";
import { devtraceVerifyQueue } from "./queue.js";

/**
 * The job behind a completed developer trace: validating → restore the workspace (the snapshot
 * artifact, else repo_origin + start_commit + the final patch) → tests in the sandbox → judge →
 * qa saved → validated. A throw with retries left is rethrown for pg-boss to retry; on the last
 * attempt the trace is marked failed with the reason. Failing tests are a result, not a failure.
 */
export interface DevtraceJobDeps {
  store: DevtraceStore;
  blobs: BlobStore;
  /** The judge's model client; absent or offline → the offline signals judge. */
  judgeClient?: ModelClient;
  verify?: (request: VerifyRequest) => Promise<VerifyResult>;
  judge?: typeof judgeDevtrace;
  limits?: Partial<SandboxLimits>;
  runner?: VerifyRequest["runner"];
  /** Redacts what the tests printed (the verification log) before it is stored; built-in default. */
  redactor?: Redactor;
  /** How long a job waits for the complete that queued it to commit; default 5 s. */
  completeWaitMs?: number;
  /** One line per job attempt, for the worker's log (see `formatJobLine`). */
  onJobDone?: (entry: DevtraceJobLogEntry) => void;
}

/** What one job attempt did: `result` is the trace's reading afterwards, or why nothing was done. */
export interface DevtraceJobLogEntry {
  traceId: string;
  kind: string;
  jobId: string;
  attempt: number;
  attempts: number;
  durationMs: number;
  result: string;
}

export function formatJobLine(entry: DevtraceJobLogEntry): string {
  return `job ${entry.kind} trace=${entry.traceId} id=${entry.jobId} attempt=${entry.attempt}/${entry.attempts} duration=${(entry.durationMs / 1000).toFixed(2)}s result=${entry.result}`;
}

export const devtraceJobDataSchema = z.object({ trace_id: z.string().min(1) });

const snapshotTypes = new Set(["workspace_snapshot", "snapshot"]);

export async function processDevtraceJob(
  data: Record<string, unknown>,
  job: JobContext,
  deps: DevtraceJobDeps,
): Promise<string> {
  const parsed = devtraceJobDataSchema.safeParse(data);
  if (!parsed.success) {
    // Retrying cannot fix a malformed job; there is no trace to mark.
    return "skipped: malformed job data";
  }
  const traceId = parsed.data.trace_id;
  const record = await waitForCompletion(deps.store, traceId, deps.completeWaitMs ?? 5000);
  if (!record) return "skipped: no such trace";
  if (record.job_id !== undefined && record.job_id !== job.id) {
    return "skipped: another job owns this trace";
  }
  // Finished already: a redelivered job must not redo (or undo) the result.
  if (record.status === "validated" || record.status === "failed") {
    return `skipped: already ${record.status}`;
  }

  try {
    await deps.store.setStatus(traceId, "validating");
    const trace = await deps.store.getSealedTrace(traceId);
    if (!trace) throw new TracemillError("not_found", `trace ${traceId} has no sealed trace`);
    // The log shows the snapshot's files (assertion sources, printed values): it is redacted
    // before the judge, the catalog and GET see it.
    const verification = redactVerifyResult(
      await (deps.verify ?? verifyDevtrace)(await verifyRequestFor(deps, record, trace)),
      deps.redactor ?? defaultRedactor(),
    );
    const judgement = await (deps.judge ?? judgeDevtrace)(trace, {
      verification,
      ...(deps.judgeClient === undefined ? {} : { client: deps.judgeClient }),
    });
    await deps.store.saveQa(traceId, { validation: withReason(verification), judge: judgement });
    await deps.store.setStatus(traceId, "validated");
    const reading = outcomeStatusOf(trace, verification).status;
    return reading === "validated" ? `validated (${judgement.outcome ?? "judged"})` : reading;
  } catch (error) {
    if (job.retryCount < job.retryLimit) throw error;
    const message = error instanceof Error ? error.message : String(error);
    await deps.store.setStatus(
      traceId,
      "failed",
      `verification failed after ${job.retryCount + 1} attempt(s): ${message}`,
    );
    throw error;
  }
}

let builtInRedactor: Redactor | undefined;
function defaultRedactor(): Redactor {
  builtInRedactor ??= createRedactor();
  return builtInRedactor;
}

/** `tests_passed: null` always says why, even from a verifier that forgot to. */
function withReason(verification: VerifyResult): VerifyResult {
  if (verification.tests_passed !== null || verification.reason) return verification;
  return { ...verification, reason: "the verifier gave no result and no reason" };
}

/**
 * Registers the handler on the queue (in `serve` by default, or alone in `tracemill worker`);
 * each attempt reports one log entry (trace id, kind, duration, result) to `deps.onJobDone`.
 */
export async function startDevtraceWorkers(
  jobs: JobQueue,
  deps: DevtraceJobDeps,
  options: { concurrency?: number } = {},
): Promise<void> {
  await jobs.work(
    devtraceVerifyQueue,
    async (data, job) => {
      const started = Date.now();
      const entry = (result: string): DevtraceJobLogEntry => ({
        traceId: typeof data.trace_id === "string" ? data.trace_id : "?",
        kind: devtraceVerifyQueue,
        jobId: job.id,
        attempt: job.retryCount + 1,
        attempts: job.retryLimit + 1,
        durationMs: Date.now() - started,
        result,
      });
      try {
        const result = await processDevtraceJob(data, job, deps);
        deps.onJobDone?.(entry(result));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const last = job.retryCount >= job.retryLimit;
        deps.onJobDone?.(entry(`${last ? "failed" : "retry"}: ${message}`));
        throw error;
      }
    },
    { concurrency: options.concurrency ?? 1 },
  );
}

/**
 * The complete route queues the job just before its catalog write commits, so a fast worker can
 * see the trace still ingesting: wait a little, then let pg-boss retry.
 */
async function waitForCompletion(
  store: DevtraceStore,
  traceId: string,
  waitMs: number,
): Promise<DevtraceRecord | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const record = await store.getTrace(traceId);
    if (!record) return undefined;
    if (record.status !== "created" && record.status !== "ingesting") return record;
    if (Date.now() >= deadline) {
      throw new TracemillError("conflict", `trace ${traceId} is ${record.status}, not completed`);
    }
    await sleep(100);
  }
}

async function verifyRequestFor(
  deps: DevtraceJobDeps,
  record: DevtraceRecord,
  trace: Trace,
): Promise<VerifyRequest> {
  const snapshot = await findSnapshot(deps.store, record.trace_id);
  const base: VerifyRequest = {
    traceId: record.trace_id,
    ...(record.known_failing_tests === undefined
      ? {}
      : { knownFailingTests: record.known_failing_tests }),
    ...(deps.limits === undefined ? {} : { limits: deps.limits }),
    ...(deps.runner === undefined ? {} : { runner: deps.runner }),
  };
  if (snapshot) {
    return { ...base, snapshot: await deps.blobs.get(`sha256/${snapshot.sha256}`) };
  }
  const finalPatch = finalPatchOf(trace);
  return {
    ...base,
    ...(record.repo_origin === undefined ? {} : { repoOrigin: record.repo_origin }),
    ...(record.start_commit === undefined ? {} : { startCommit: record.start_commit }),
    ...(finalPatch === undefined ? {} : { finalPatch }),
  };
}

/** The latest snapshot artifact, whether PUT on its own or sent inline in a chunk. */
export async function findSnapshot(
  store: DevtraceStore,
  traceId: string,
): Promise<StoredArtifact | undefined> {
  const [artifacts, chunks] = await Promise.all([
    store.listArtifacts(traceId),
    store.listChunks(traceId),
  ]);
  const candidates = [...chunks.flatMap((chunk) => chunk.artifacts), ...artifacts];
  const byType = candidates.filter((artifact) => snapshotTypes.has(artifact.type.toLowerCase()));
  if (byType.length > 0) return byType.at(-1);
  return candidates.filter((artifact) => /snapshot/i.test(artifact.key)).at(-1);
}
