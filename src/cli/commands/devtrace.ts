import { access, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { createDevtraceClient, type TraceDocumentBody } from "../../client/devtrace-client.js";
import { TracemillError } from "../../core/errors.js";
import { readJsonInput } from "../../core/files.js";
import { devtraceDimensions } from "../../grade/devtrace-judge-types.js";
import { exportDevtraces } from "../../pipelines/devtrace/export-devtraces.js";
import { openDevtraceBackend } from "../../pipelines/devtrace/open-backend.js";
import { parseDuration, pruneDevtraces } from "../../pipelines/devtrace/prune-devtraces.js";
import {
  readTaskFile,
  type SubmitChunkFolderResult,
  submitChunkFolder,
} from "../../pipelines/devtrace/submit-chunk-folder.js";
import { hmacKeyFileName } from "../../server/hmac-key.js";
import {
  type DevtraceFileVerification,
  verifyDevtraceFile,
} from "../../sources/devtrace/verify-trace.js";
import { integerFlag } from "../flag-values.js";
import { emit, notice } from "../output.js";

export interface SubmitFlags {
  server: string;
  token?: string;
  task?: string;
  snapshot?: string;
  wait: boolean;
  timeout: string;
  allowGaps?: boolean;
}

/** `devtrace submit` (loaded when the command runs; the options live in devtrace-command.ts). */
export async function devtraceSubmitAction(
  chunksDir: string,
  flags: SubmitFlags,
  command: Command,
): Promise<void> {
  const result = await runSubmit(chunksDir, flags, (line) => notice(command, line));
  emit(command, () => renderSubmit(result), result);
}

export async function devtraceVerifyAction(
  file: string,
  flags: { key?: string; dataDir: string },
  command: Command,
): Promise<void> {
  const key = await keyFor(flags);
  const verification = await verifyTraceFile(file, key);
  emit(command, () => renderVerification(file, verification), verification);
  if (!verification.ok) process.exitCode = 1;
}

export async function devtracePruneAction(
  flags: { olderThan: string; db?: string; blobs?: string; dataDir: string },
  command: Command,
): Promise<void> {
  const before = new Date(Date.now() - parseDuration(flags.olderThan));
  const result = await withBackend(flags, (backend) =>
    pruneDevtraces({ store: backend.store, blobs: backend.blobs, before }),
  );
  emit(
    command,
    `pruned ${result.traceIds.length} trace(s) created before ${before.toISOString()}, ${result.blobsDeleted} blob(s) deleted`,
    { before: before.toISOString(), ...result },
  );
}

export async function devtraceExportAction(
  flags: { out: string; db?: string; blobs?: string; dataDir: string },
  command: Command,
): Promise<void> {
  const result = await withBackend(flags, (backend) =>
    exportDevtraces(backend.store, resolve(flags.out)),
  );
  emit(
    command,
    [
      `exported ${result.exported.length} validated trace(s) to ${resolve(flags.out)}; next: tracemill export all --from ${flags.out} --out exports`,
      ...result.skipped.map((skip) => `skipped ${skip.traceId}: ${skip.reason}`),
    ].join("\n"),
    result,
  );
}

/** The catalog and blobs named by --db/--blobs (default under --data-dir), closed after `work`. */
async function withBackend<T>(
  flags: { db?: string; blobs?: string; dataDir: string },
  work: (backend: Awaited<ReturnType<typeof openDevtraceBackend>>) => Promise<T>,
): Promise<T> {
  const backend = await openDevtraceBackend({
    ...(flags.db === undefined ? {} : { db: flags.db }),
    ...(flags.blobs === undefined ? {} : { blobs: flags.blobs }),
    dataDir: resolve(flags.dataDir),
    blobEnvironment: process.env,
  });
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

export async function runSubmit(
  chunksDir: string,
  flags: SubmitFlags,
  progress: (line: string) => void,
): Promise<SubmitChunkFolderResult> {
  const token = flags.token ?? process.env.TRACEMILL_API_TOKEN;
  if (token === undefined || token === "") {
    throw new TracemillError(
      "config_invalid",
      "no API token: pass --token or set TRACEMILL_API_TOKEN",
    );
  }
  const task = await taskFor(chunksDir, flags.task);
  return submitChunkFolder({
    client: createDevtraceClient({ baseUrl: flags.server, token }),
    chunksDir: resolve(chunksDir),
    ...(task === undefined ? {} : { task }),
    ...(flags.snapshot === undefined ? {} : { snapshotDir: resolve(flags.snapshot) }),
    wait: flags.wait !== false,
    timeoutMs: integerFlag("--timeout", flags.timeout, { min: 1 }) * 1000,
    onProgress: progress,
    allowGaps: flags.allowGaps === true,
  });
}

async function taskFor(chunksDir: string, taskFile: string | undefined) {
  if (taskFile !== undefined) return readTaskFile(resolve(taskFile));
  const beside = join(dirname(resolve(chunksDir)), "task.json");
  const exists = await access(beside).then(
    () => true,
    () => false,
  );
  return exists ? readTaskFile(beside) : undefined;
}

export async function verifyTraceFile(
  file: string,
  key: string,
): Promise<DevtraceFileVerification> {
  const data = await readJsonInput(resolve(file), "sealed trace");
  return verifyDevtraceFile(sealedPart(data), key);
}

/** The tracemill Trace inside a GET answer, or the reference-shaped top level, or the Trace itself. */
function sealedPart(data: unknown): unknown {
  if (typeof data !== "object" || data === null) return data;
  const document = data as Record<string, unknown>;
  if (typeof document.trace === "object" && document.trace !== null) return document.trace;
  if (Array.isArray(document.events) && document.integrity !== undefined) {
    return { meta: { events: document.events }, integrity: document.integrity };
  }
  return data;
}

async function keyFor(flags: { key?: string; dataDir: string }): Promise<string> {
  if (flags.key !== undefined && flags.key !== "") return flags.key;
  const fromEnvironment = process.env.TRACEMILL_HMAC_KEY;
  if (fromEnvironment !== undefined && fromEnvironment !== "") return fromEnvironment;
  const path = join(resolve(flags.dataDir), hmacKeyFileName);
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    throw new TracemillError(
      "config_invalid",
      `no HMAC key: pass --key, set TRACEMILL_HMAC_KEY, or point --data-dir at the server's data folder (no ${path})`,
    );
  }
}

export function renderVerification(file: string, verification: DevtraceFileVerification): string {
  if (verification.ok) return `${file}: chain ok, ${verification.verified} event(s) verified`;
  const broken = verification.firstBroken;
  return `${file}: chain BROKEN at event #${broken?.index ?? "?"}${broken?.event_id ? ` (${broken.event_id})` : ""}: ${broken?.reason ?? "unknown"}; ${verification.verified} event(s) verified before it`;
}

export function renderSubmit(result: SubmitChunkFolderResult): string {
  const lines = [
    `trace ${result.traceId}: ${result.chunksSent} chunk(s), ${result.eventsAdded} event(s) added, ${result.completed.num_events} sealed`,
  ];
  for (const warning of result.warnings) lines.push(`warning: ${warning.message}`);
  const document = result.result;
  if (document === undefined) {
    lines.push(`status: ${result.completed.status} (not waiting; job ${result.completed.job_id})`);
    return lines.join("\n");
  }
  lines.push(
    `status: ${document.status}${document.failure_reason ? ` (${document.failure_reason})` : ""}`,
  );
  lines.push(...renderQa(document));
  return lines.join("\n");
}

function renderQa(document: TraceDocumentBody): string[] {
  const lines: string[] = [];
  const validation = document.qa?.validation;
  if (validation) {
    const passed = validation.tests_passed;
    lines.push(
      `tests passed: ${passed === null ? `unknown (${String(validation.reason ?? "not run")})` : String(passed)} — ${String(validation.num_passed)} passed, ${String(validation.num_failed)} failed (${String(validation.framework ?? "?")}, sandbox ${String(validation.sandbox)})`,
    );
  }
  const judge = document.qa?.judge as
    | {
        judge?: string;
        overall?: number;
        scores?: Record<string, number>;
        feedback_summary?: string;
      }
    | null
    | undefined;
  if (judge) {
    lines.push(`judge ${judge.judge}: overall ${judge.overall?.toFixed(2)} / 5`);
    for (const name of devtraceDimensions) {
      const score = judge.scores?.[name];
      if (score !== undefined) lines.push(`  ${name}: ${score}`);
    }
    if (judge.feedback_summary) lines.push(`feedback: ${judge.feedback_summary}`);
  }
  return lines;
}
