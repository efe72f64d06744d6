import { resolve } from "node:path";
import type { Command } from "commander";
import { openDevtraceBackend } from "../../pipelines/devtrace/open-backend.js";
import { startDevtraceWorkers } from "../../pipelines/devtrace/process-devtrace-job.js";
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
  if (flags.db === undefined || !isPostgresUrl(flags.db)) {
    notice(
      command,
      "worker: the catalog is a PGlite folder, which one process at a time can open; use --db postgres://… to work beside a server",
    );
  }
  const backend = await openDevtraceBackend({
    ...(flags.db === undefined ? {} : { db: flags.db }),
    ...(flags.blobs === undefined ? {} : { blobs: flags.blobs }),
    dataDir: resolve(flags.dataDir),
    blobEnvironment: process.env,
  });
  const concurrency = integerFlag("--concurrency", flags.concurrency, { min: 1 });
  const judgeClient = judgeClientFor(config);
  await startDevtraceWorkers(
    backend.jobs,
    {
      store: backend.store,
      blobs: backend.blobs,
      ...(judgeClient === undefined ? {} : { judgeClient }),
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
