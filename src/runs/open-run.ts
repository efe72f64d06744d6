import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError } from "../core/errors.js";
import { sha256File, sha256Hex } from "../core/hash.js";
import type { Redactor } from "../model/redact.js";
import { type DriftSubject, findDrift } from "./find-drift.js";
import { createRunLogger } from "./logger.js";
import { readJsonFile, scanJsonl } from "./run-files.js";
import {
  createExactRunDirectory,
  createUniqueRunDirectory,
  defaultRunId,
  latestRunId,
} from "./run-id.js";
import { acquireLock, type LockHandle } from "./run-lock.js";
import {
  assertRunId,
  type RunInput,
  type RunManifest,
  readManifest,
  runFileNames,
  runSchemaId,
} from "./run-manifest.js";
import { emptyMetrics, normalizeMetrics } from "./run-metrics.js";
import { createRunSession, type Run, type RunEventInput } from "./run-session.js";
import { storableConfig } from "./stored-config.js";
import { readStoredWarnings } from "./stored-warnings.js";

export interface OpenRunOptions {
  runsDir: string;
  command: string;
  /** Input file paths, stored as given and hashed with sha256. */
  inputs: string[];
  config: unknown;
  toolVersion: string;
  runId?: string;
  /** A run id, or "latest" for the newest run of the same command. */
  resume?: string;
  redactor?: Redactor;
  logLevel?: string;
  /** Also print concise log lines here (the CLI passes stderr). */
  logConsole?: { stream: NodeJS.WritableStream; level?: string };
  now?: () => Date;
}

/** Opens a new run folder, or resumes one after checking its inputs and config did not drift. */
export async function openRun(options: OpenRunOptions): Promise<Run> {
  const now = options.now ?? (() => new Date());
  const config = options.config ?? null;
  const subject: DriftSubject = {
    inputs: await hashInputs(options.inputs),
    configFingerprint: sha256Hex(canonicalJson(config)),
    config: storableConfig(config, options.redactor),
  };
  await mkdir(options.runsDir, { recursive: true });
  return options.resume === undefined
    ? startRun(options, subject, now)
    : resumeRun(options, subject, now, options.resume);
}

async function startRun(
  options: OpenRunOptions,
  subject: DriftSubject,
  now: () => Date,
): Promise<Run> {
  const createdAt = now();
  const { id, dir } = options.runId
    ? await createExactRunDirectory(options.runsDir, options.runId)
    : await createUniqueRunDirectory(
        options.runsDir,
        defaultRunId(options.command, createdAt, subject),
      );
  const host = hostname();
  const lock = await acquireLock(
    join(dir, runFileNames.lock),
    { pid: process.pid, hostname: host, startedAt: createdAt.toISOString() },
    { label: `run ${id}` },
  );
  const manifest: RunManifest = {
    schema: runSchemaId,
    id,
    command: options.command,
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
    toolVersion: options.toolVersion,
    status: "running",
    inputs: subject.inputs,
    configFingerprint: subject.configFingerprint,
    config: subject.config,
    stages: {},
    pid: process.pid,
    hostname: host,
  };
  return withLock(lock, () =>
    createRunSession(
      {
        ...sessionBasics(options, dir, lock, now),
        manifest,
        metrics: emptyMetrics(),
        warnings: [],
        itemsDoneByEvents: new Map(),
      },
      [
        {
          type: "run-start",
          command: options.command,
          toolVersion: options.toolVersion,
          inputs: subject.inputs.length,
        },
      ],
    ),
  );
}

async function resumeRun(
  options: OpenRunOptions,
  subject: DriftSubject,
  now: () => Date,
  resume: string,
): Promise<Run> {
  const id = resume === "latest" ? await latestRunId(options.runsDir, options.command) : resume;
  assertRunId(id);
  const dir = join(options.runsDir, id);
  const manifest = await readManifest(dir);
  if (manifest.command !== options.command) {
    throw new TracemillError(
      "conflict",
      `run ${id} was made by "${manifest.command}", not "${options.command}"`,
    );
  }
  const host = hostname();
  const lock = await acquireLock(
    join(dir, runFileNames.lock),
    { pid: process.pid, hostname: host, startedAt: now().toISOString() },
    { label: `run ${id}` },
  );
  return withLock(lock, async () => {
    const problems = findDrift(manifest, subject);
    if (problems.length > 0) {
      throw new TracemillError("drift", `cannot resume run ${id}: ${problems.join("; ")}`, {
        details: { problems },
      });
    }
    const events = await scanJsonl(join(dir, runFileNames.events), { repair: true });
    const openingEvents: RunEventInput[] = [
      {
        type: "run-resume",
        previousStatus: manifest.status,
        previousPid: manifest.pid,
        toolVersion: options.toolVersion,
      },
    ];
    const warnings = await readStoredWarnings(dir, { repair: true });
    const warn = (code: string, message: string, extra: { file?: string; line?: number } = {}) => {
      const warning = { stage: "run", code, message, ...extra, t: now().toISOString() };
      warnings.push(warning);
      openingEvents.push({ type: "warning", ...warning });
    };
    if (lock.takenOver) {
      const previous = lock.takenOver;
      openingEvents.push({ type: "lock-takeover", previous });
      warn(
        "lock_takeover",
        `took over the lock of pid ${previous.pid} on ${previous.hostname} (no longer running)`,
      );
    }
    if (events.truncated) {
      warn(
        "torn_line_truncated",
        `removed a torn last event line (${events.truncated.bytes} bytes)`,
        {
          file: runFileNames.events,
          line: events.truncated.line,
        },
      );
    }
    Object.assign(manifest, {
      status: "running",
      pid: process.pid,
      hostname: host,
      toolVersion: options.toolVersion,
    });
    return createRunSession(
      {
        ...sessionBasics(options, dir, lock, now),
        manifest,
        metrics: normalizeMetrics(await readJsonFile(join(dir, runFileNames.metrics))),
        warnings,
        itemsDoneByEvents: itemsDoneByEvents(events.lines.map((line) => line.value)),
      },
      openingEvents,
    );
  });
}

function sessionBasics(options: OpenRunOptions, dir: string, lock: LockHandle, now: () => Date) {
  const logger = createRunLogger({
    file: join(dir, runFileNames.log),
    level: options.logLevel ?? "info",
    ...(options.redactor ? { redactor: options.redactor } : {}),
    ...(options.logConsole ? { console: options.logConsole } : {}),
  });
  return { dir, lock, logger, now, ...(options.redactor ? { redactor: options.redactor } : {}) };
}

/** Releases the lock when opening fails after it was taken, so a refused resume leaves no lock behind. */
async function withLock<T>(lock: LockHandle, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function hashInputs(paths: string[]): Promise<RunInput[]> {
  const inputs: RunInput[] = [];
  for (const path of paths) {
    try {
      inputs.push({ path, ...(await sha256File(path)) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new TracemillError(
        code === "ENOENT" ? "not_found" : "io",
        `cannot read input ${path}: ${(error as Error).message}`,
      );
    }
  }
  return inputs;
}

function itemsDoneByEvents(events: unknown[]): Map<string, Set<string>> {
  const done = new Map<string, Set<string>>();
  for (const event of events) {
    const { type, stage, item } = (event ?? {}) as {
      type?: unknown;
      stage?: unknown;
      item?: unknown;
    };
    if (type !== "item-done" || typeof stage !== "string" || typeof item !== "string") continue;
    const set = done.get(stage) ?? new Set<string>();
    set.add(item);
    done.set(stage, set);
  }
  return done;
}
