import type { JobOptions } from "../../store/types.js";

/** The pg-boss queue that verifies and judges a completed developer trace. */
export const devtraceVerifyQueue = "devtrace.verify";

/** Two retries (three attempts), then the trace is marked failed with the reason. */
export const defaultDevtraceJobOptions: JobOptions = { retryLimit: 2, retryDelaySeconds: 5 };

/**
 * A job whose worker died (kill -9, a lost machine) stays `active` until pg-boss expires it; only
 * then is it retried. pg-boss 10 has no heartbeat, so the expiry must outlast a healthy job: the
 * sandbox's wall limit plus room for restoring the workspace and judging. With the default
 * 120 s wall limit that is 150 s instead of pg-boss's 15 minutes.
 */
export const devtraceJobOverheadSeconds = 30;

export function devtraceJobExpirySeconds(wallSeconds: number): number {
  return Math.ceil(wallSeconds) + devtraceJobOverheadSeconds;
}

/** How often expired jobs are looked for (pg-boss's default is 120 s). */
export const devtraceMaintenanceIntervalSeconds = 10;
