import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import type { Redactor } from "../model/redact.js";
import type { RunLogger } from "./logger.js";
import { writeJsonAtomic } from "./run-files.js";
import type { LockHandle } from "./run-lock.js";
import {
  type RunManifest,
  type RunStatus,
  type RunWarning,
  type RunWarningInput,
  runFileNames,
} from "./run-manifest.js";
import { type MetricsDelta, mergeMetrics, type RunMetrics } from "./run-metrics.js";
import { openStage, type Stage, type StageContext } from "./run-stage.js";

export type RunEventType =
  | "run-start"
  | "run-resume"
  | "stage-start"
  | "item-done"
  | "warning"
  | "warnings"
  | "stage-end"
  | "lock-takeover"
  | "run-end";

export interface RunEventInput {
  type: RunEventType | (string & {});
  stage?: string;
  item?: string;
  [key: string]: unknown;
}

export interface Run {
  readonly id: string;
  readonly dir: string;
  /** The live manifest; read it, do not mutate it. */
  readonly manifest: RunManifest;
  readonly logger: RunLogger;
  stage(name: string): Promise<Stage>;
  warn(warning: RunWarningInput): Promise<void>;
  /** Many warnings in one append (a session's worth): cost grows with their number, not its square. */
  warnAll(warnings: readonly RunWarningInput[]): Promise<void>;
  addMetrics(delta: MetricsDelta): void;
  /** Counts that are totals of the run's state (not increments): set, so a resumed run does not add them twice. */
  setCounts(counts: Record<string, number>): void;
  event(event: RunEventInput): Promise<void>;
  /** Writes the final manifest, metrics and run-end event, then releases the lock. */
  finish(status: Exclude<RunStatus, "running">): Promise<void>;
}

export interface RunSessionState {
  dir: string;
  manifest: RunManifest;
  metrics: RunMetrics;
  warnings: RunWarning[];
  itemsDoneByEvents: Map<string, Set<string>>;
  lock: LockHandle;
  logger: RunLogger;
  redactor?: Redactor;
  now: () => Date;
}

/** Builds the Run over an opened folder and writes the opening files and events. */
export async function createRunSession(
  state: RunSessionState,
  openingEvents: RunEventInput[],
): Promise<Run> {
  const { dir, manifest, logger, now } = state;
  const enqueue = createWriteQueue();
  const redact = <T>(value: T): T => (state.redactor ? state.redactor.redactValue(value) : value);
  const path = (name: keyof typeof runFileNames) => join(dir, runFileNames[name]);

  const appendEvent = (event: RunEventInput) =>
    appendFile(path("events"), `${JSON.stringify({ t: now().toISOString(), ...event })}\n`);
  const writeManifest = () => {
    manifest.updatedAt = now().toISOString();
    return writeJsonAtomic(path("manifest"), manifest);
  };
  const writeMetrics = coalesce(enqueue, () => writeJsonAtomic(path("metrics"), state.metrics));
  // warnings.jsonl is appended as warnings come (the live record, read back on resume);
  // warnings.json (the full list) and warnings-summary.json (grouped by code) are written when
  // the run opens and ends, so a run with many warnings costs linear time, not quadratic.
  const writeWarningFiles = async () => {
    await writeJsonAtomic(path("warnings"), state.warnings);
    await writeJsonAtomic(path("warningSummary"), summarizeWarnings(state.warnings));
  };

  const warnAll = async (inputs: readonly RunWarningInput[]) => {
    if (inputs.length === 0) return;
    const stamp = now().toISOString();
    const added = inputs.map((input): RunWarning => ({ ...redact(input), t: stamp }));
    let lines = "";
    for (const warning of added) {
      state.warnings.push(warning);
      lines += `${JSON.stringify(warning)}\n`;
    }
    // The events log says that warnings came, not each one again: a lone warning is one
    // `warning` event, a batch one `warnings` event per stage and item with its count by code
    // (10k warnings were 2 MB of events and a tenth of a screen run's time).
    const events =
      added.length === 1 ? `{"type":"warning",${lines.slice(1)}` : warningBatchEvents(added, stamp);
    // The log gets one line per batch: the warnings themselves are in warnings.jsonl.
    const first = added[0] as RunWarning;
    if (added.length === 1)
      logger.warn({ stage: first.stage, item: first.item, code: first.code }, first.message);
    else
      logger.warn(
        { stage: first.stage, item: first.item, count: added.length },
        `${added.length} warnings (see warnings.jsonl)`,
      );
    await enqueue(async () => {
      await appendFile(path("warningLog"), lines);
      await appendFile(path("events"), events);
    });
  };
  const warn = (input: RunWarningInput) => warnAll([input]);

  const stageContext: StageContext = {
    dir,
    manifest,
    now,
    enqueue,
    appendEvent,
    writeManifest,
    warn,
    itemsDoneByEvents: (stage) => state.itemsDoneByEvents.get(stage) ?? new Set(),
  };
  const stages = new Map<string, Promise<Stage>>();
  let finished = false;

  await enqueue(async () => {
    await writeManifest();
    await writeJsonAtomic(path("metrics"), state.metrics);
    await writeWarningFiles();
    const opening = openingEvents.filter((event) => event.type === "warning");
    if (opening.length > 0) {
      await appendFile(
        path("warningLog"),
        opening.map(({ type: _type, ...warning }) => `${JSON.stringify(warning)}\n`).join(""),
      );
    }
    for (const event of openingEvents) await appendEvent(event);
  });

  return {
    id: manifest.id,
    dir,
    manifest,
    logger,
    stage(name) {
      let stage = stages.get(name);
      if (!stage) {
        stage = openStage(stageContext, name);
        stages.set(name, stage);
        stage.catch(() => stages.delete(name));
      }
      return stage;
    },
    warn,
    warnAll,
    addMetrics(delta) {
      state.metrics = mergeMetrics(state.metrics, delta);
      writeMetrics().catch((error: unknown) =>
        logger.error({ err: error }, "could not write metrics.json"),
      );
    },
    setCounts(counts) {
      state.metrics = { ...state.metrics, counts: { ...state.metrics.counts, ...counts } };
      writeMetrics().catch((error: unknown) =>
        logger.error({ err: error }, "could not write metrics.json"),
      );
    },
    event: (event) => enqueue(() => appendEvent(redact(event))),
    async finish(status) {
      if (finished) return;
      finished = true;
      try {
        await enqueue(async () => {
          // A stage left open ends with its run: completed with a completed run, failed otherwise.
          for (const [name, stage] of Object.entries(manifest.stages)) {
            if (stage.status !== "running") continue;
            stage.status = status === "completed" ? "completed" : "failed";
            stage.endedAt = now().toISOString();
            await appendEvent({
              type: "stage-end",
              stage: name,
              itemsDone: stage.itemsDone,
              status: stage.status,
            });
          }
          manifest.status = status;
          await writeJsonAtomic(path("metrics"), state.metrics);
          await writeWarningFiles();
          await appendEvent({ type: "run-end", status });
          await writeManifest();
        });
        logger.info({ status }, `run ${manifest.id} ${status}`);
      } finally {
        await state.lock.release();
      }
    },
  };
}

/** Serializes every write of a run through one promise chain, so events stay in order; a failed write does not block later ones. */
function createWriteQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}

/** Collapses rewrites requested while one is already waiting in the queue into that one. */
function coalesce(enqueue: ReturnType<typeof createWriteQueue>, write: () => Promise<void>) {
  let pending: Promise<void> | undefined;
  return (): Promise<void> => {
    if (pending) return pending;
    pending = enqueue(async () => {
      pending = undefined;
      await write();
    });
    return pending;
  };
}

/** One `warnings` event line per stage and item of a batch: how many, by code. */
function warningBatchEvents(warnings: readonly RunWarning[], stamp: string): string {
  const batches = new Map<
    string,
    { stage: string; item?: string; codes: Record<string, number> }
  >();
  for (const warning of warnings) {
    const key = `${warning.stage}\u0000${warning.item ?? ""}`;
    let batch = batches.get(key);
    if (batch === undefined) {
      batch = {
        stage: warning.stage,
        ...(warning.item === undefined ? {} : { item: warning.item }),
        codes: {},
      };
      batches.set(key, batch);
    }
    batch.codes[warning.code] = (batch.codes[warning.code] ?? 0) + 1;
  }
  let text = "";
  for (const batch of batches.values()) {
    const count = Object.values(batch.codes).reduce((sum, n) => sum + n, 0);
    text += `${JSON.stringify({ t: stamp, type: "warnings", stage: batch.stage, ...(batch.item === undefined ? {} : { item: batch.item }), count, codes: batch.codes })}\n`;
  }
  return text;
}

export interface WarningGroup {
  code: string;
  stage: string;
  count: number;
  /** The first warning of the group, with its file and line, as an example. */
  first: RunWarning;
}

/** Warnings grouped by stage and code, most frequent first: what a person reads first. */
export function summarizeWarnings(warnings: readonly RunWarning[]): {
  total: number;
  groups: WarningGroup[];
} {
  const groups = new Map<string, WarningGroup>();
  for (const warning of warnings) {
    const key = `${warning.stage}\u0000${warning.code}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { code: warning.code, stage: warning.stage, count: 1, first: warning });
  }
  return {
    total: warnings.length,
    groups: [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}
