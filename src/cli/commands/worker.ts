import { resolve } from "node:path";
import type { Command } from "commander";
import { blobEnvironment } from "../../config/environment.js";
import { TracemillError } from "../../core/errors.js";
import { openDevtraceBackend } from "../../pipelines/devtrace/open-backend.js";
import {
  formatJobLine,
  startDevtraceWorkers,
} from "../../pipelines/devtrace/process-devtrace-job.js";
import { isPostgresUrl } from "../../store/open-catalog.js";
import { integerFlag } from "../flag-values.js";
import { configFor, emit, notice } from "../output.js";
import { judgeClientFor, waitForSignal } from "./serve.js";

export interface WorkerFlags {
  db?: string;
  blobs?: string;
  dataDir: string;
  concurrency: string;
  judge?: string;
}

/** `worker` (loaded when the command runs; the options live in worker-command.ts). */
export async function workerAction(flags: WorkerFlags, command: Command): Promise<void> {
  const config = await configFor(command, flags.judge ? { model: { provider: flags.judge } } : {});
  // Refused before anything is opened: a second process on a PGlite folder corrupts it.
  if (flags.db === undefined || !isPostgresUrl(flags.db)) {
    throw new TracemillError(
      "config_invalid",
      `worker: --db ${flags.db ?? `(default: ${resolve(flags.dataDir)}/catalog, embedded PGlite)`} is an embedded catalog, which only one process may open; run the workers inside the server instead (tracemill serve --workers N), or put the catalog on Postgres (tracemill serve --db postgres://… --no-workers, then tracemill worker --db postgres://…)`,
      { details: { plain: true } },
    );
  }
  const backend = await openDevtraceBackend({
    ...(flags.db === undefined ? {} : { db: flags.db }),
    ...(flags.blobs === undefined ? {} : { blobs: flags.blobs }),
    dataDir: resolve(flags.dataDir),
    blobEnvironment: blobEnvironment(),
  });
  const concurrency = integerFlag("--concurrency", flags.concurrency, { min: 1 });
  const judgeClient = judgeClientFor(config);
  await startDevtraceWorkers(
    backend.jobs,
    {
      store: backend.store,
      blobs: backend.blobs,
      ...(judgeClient === undefined ? {} : { judgeClient }),
      onJobDone: (entry) => notice(command, formatJobLine(entry)),
    },
    { concurrency },
  );
  emit(command, `tracemill worker: ${concurrency} worker(s) on devtrace.verify`, {
    concurrency,
    queue: "devtrace.verify",
  });
  await waitForSignal();
  notice(command, "worker: shutting down (waiting for running jobs)");
  await backend.close();
}
