import type { JobOptions } from "../../store/types.js";

/** The pg-boss queue that verifies and judges a completed developer trace. */
export const devtraceVerifyQueue = "devtrace.verify";

/** Two retries (three attempts), then the trace is marked failed with the reason. */
export const defaultDevtraceJobOptions: JobOptions = { retryLimit: 2, retryDelaySeconds: 5 };
