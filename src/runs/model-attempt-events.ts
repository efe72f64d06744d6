import type { ModelAttempt } from "../model/types.js";
import type { Run } from "./run-session.js";

/**
 * The model door's `onAttempt` as run events: one `model-attempt` line per attempt sent (first
 * tries, retries with their wait, re-asks), so events.jsonl shows every request that left the
 * process. The writes are collected in `pending` for the command to await before it finishes.
 */
export function modelAttemptRecorder(
  run: Run | undefined,
  stage: string,
  pending: Promise<void>[],
): (attempt: ModelAttempt) => void {
  return (attempt) => {
    if (run === undefined) return;
    pending.push(
      run.event({
        type: "model-attempt",
        stage,
        item: attempt.requestId,
        schemaName: attempt.schemaName,
        attempt: attempt.attempt,
        ask: attempt.ask,
        outcome: attempt.outcome,
        ...(attempt.status === undefined ? {} : { status: attempt.status }),
        ...(attempt.errorType === undefined ? {} : { errorType: attempt.errorType }),
        ...(attempt.waitMs === undefined ? {} : { waitMs: attempt.waitMs }),
      }),
    );
  };
}
