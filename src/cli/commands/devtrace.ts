import { access, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { createDevtraceClient, type TraceDocumentBody } from "../../client/devtrace-client.js";
import {
  apiTokenFromEnvironment,
  blobEnvironment,
  hmacKeyFromEnvironment,
} from "../../config/environment.js";
import { exitStatuses, TracemillError } from "../../core/errors.js";
import { readJsonInput } from "../../core/files.js";
import { devtraceDimensions } from "../../grade/devtrace-judge-types.js";
import { createRedactor } from "../../model/redact.js";
import { openDevtraceBackend } from "../../pipelines/devtrace/open-backend.js";
import { parseDuration, pruneDevtraces } from "../../pipelines/devtrace/prune-devtraces.js";
import { runDevtracePipeline } from "../../pipelines/devtrace/run-devtrace-pipeline.js";
import {
  readTaskFile,
  type SubmitChunkFolderResult,
  submitChunkFolder,
} from "../../pipelines/devtrace/submit-chunk-folder.js";
import { verifyStoredDevtrace } from "../../pipelines/devtrace/verify-stored-trace.js";
import { hmacKeyFileName } from "../../server/hmac-key.js";
import { legacySealReason } from "../../sources/devtrace/completeness.js";
import {
  chunkHashProblems,
  type DevtraceFileVerification,
  topLevelEventsProblems,
  verifyDevtraceFile,
} from "../../sources/devtrace/verify-trace.js";
import { integerFlag } from "../flag-values.js";
import { configFor, emit, notice } from "../output.js";

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
  file: string | undefined,
  flags: { key?: string; dataDir: string; stored?: string; db?: string; blobs?: string },
  command: Command,
): Promise<void> {
  const key = await keyFor(flags);
  if (flags.stored !== undefined) {
    const traceId = flags.stored;
    const verification = await withBackend(flags, (backend) =>
      verifyStoredDevtrace(backend.store, traceId, key),
    );
    emit(
      command,
      () =>
        `${renderVerification(`stored trace ${traceId}`, verification)}\n${verification.chunksChecked} stored chunk(s) checked against the seal`,
      verification,
    );
    if (verifyExitCode(verification) !== 0) process.exitCode = verifyExitCode(verification);
    return;
  }
  if (file === undefined) {
    throw new TracemillError("input_invalid", "name a trace file, or pass --stored <trace_id>");
  }
  const verification = await verifyTraceFile(file, key);
  emit(command, () => renderVerification(file, verification), verification);
  if (verifyExitCode(verification) !== 0) process.exitCode = verifyExitCode(verification);
}

/** 1: something is wrong; 2: nothing wrong found but a legacy seal cannot vouch for the tail. */
export function verifyExitCode(verification: DevtraceFileVerification): number {
  if (!verification.ok) return exitStatuses.someFailed;
  return verification.legacySeal ? exitStatuses.unverified : exitStatuses.ok;
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

/** `devtrace export` flags (declared in devtrace-command.ts). */
export interface DevtraceExportFlags {
  out: string;
  db?: string;
  blobs?: string;
  dataDir: string;
  key?: string;
  includeUnverified?: boolean;
}

export async function devtraceExportAction(
  flags: DevtraceExportFlags,
  command: Command,
): Promise<void> {
  const config = await configFor(command);
  const key = await keyFor(flags).catch(() => undefined);
  const report = await withBackend(flags, (backend) =>
    runDevtracePipeline(
      {
        store: backend.store,
        out: resolve(flags.out),
        ...(key === undefined ? {} : { key }),
        includeUnverified: flags.includeUnverified === true,
      },
      { config, redactor: createRedactor(config.redaction) },
    ),
  );
  const result = report.detail;
  emit(
    command,
    [
      `exported ${result.exported.length} finished trace(s) to ${resolve(flags.out)}${key === undefined ? " (no HMAC key: chunk bytes checked, chain and seal not)" : ""}; next: tracemill export all --from ${flags.out} --out exports`,
      ...result.labelled.map(
        (label) =>
          `${label.status} ${label.traceId}: ${label.reason}${label.status === "unverified" && flags.includeUnverified !== true ? " (kept out of SFT; --include-unverified lets it through)" : ""}`,
      ),
      ...result.skipped.map((skip) => `skipped ${skip.traceId}: ${skip.reason}`),
    ].join("\n"),
    result,
  );
  if (result.skipped.some((skip) => skip.reason.startsWith("integrity:")))
    process.exitCode = exitStatuses.someFailed;
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
    blobEnvironment: blobEnvironment(),
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
  const token = flags.token ?? apiTokenFromEnvironment();
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

/**
 * A file as GET answers it, as `devtrace export` writes it, or the bare Trace: the chain and seal;
 * in a GET answer, the top-level `events` against the sealed ones; in an export folder, each
 * `chunks/<id>.json` beside trace.json against the sealed sha256.
 */
export async function verifyTraceFile(
  file: string,
  key: string,
): Promise<DevtraceFileVerification> {
  const path = resolve(file);
  const data = await readJsonInput(path, "sealed trace");
  const sealed = sealedPart(data);
  const verification = verifyDevtraceFile(sealed, key);
  const problems = [...(verification.problems ?? [])];
  const sealedEvents = (sealed as { meta?: { events?: unknown } } | null)?.meta?.events;
  if (sealed !== data && Array.isArray(sealedEvents)) {
    problems.push(...topLevelEventsProblems((data as { events?: unknown }).events, sealedEvents));
  }
  problems.push(...(await chunkFileProblems(dirname(path), sealed)));
  return problems.length === 0 ? verification : { ...verification, ok: false, problems };
}

/** Export folders hold `chunks/<id>.json`; the trace's source files point at them. */
async function chunkFileProblems(dir: string, sealed: unknown): Promise<string[]> {
  const files = (sealed as { source?: { files?: unknown } } | null)?.source?.files;
  if (!Array.isArray(files)) return [];
  const entries = files.filter(
    (entry): entry is { path: string; sha256: string } =>
      typeof entry?.path === "string" &&
      typeof entry?.sha256 === "string" &&
      /^chunks\/[^/]+\.json$/.test(entry.path),
  );
  const contents = new Map<string, string | undefined>();
  for (const entry of entries) {
    contents.set(entry.path, await readFile(join(dir, entry.path), "utf8").catch(() => undefined));
  }
  return chunkHashProblems(entries, contents);
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
  const fromEnvironment = hmacKeyFromEnvironment();
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
  if (verification.ok && verification.legacySeal) {
    return `${file}: unverified: ${legacySealReason} (chain ok, ${verification.verified} event(s) verified)`;
  }
  if (verification.ok) {
    return `${file}: chain ok, ${verification.verified} event(s) verified, seal ok`;
  }
  const broken = verification.firstBroken;
  if (broken === undefined) {
    return [
      `${file}: INTEGRITY PROBLEMS (chain ok, ${verification.verified} event(s) verified):`,
      ...(verification.problems ?? []).map((problem) => `  ${problem}`),
    ].join("\n");
  }
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
