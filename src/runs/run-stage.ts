import { appendFile, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError } from "../core/errors.js";
import { scanJsonl } from "./run-files.js";
import type { RunManifest, RunWarningInput } from "./run-manifest.js";

/**
 * A stage of a run: a folder of JSONL outputs appended one line per item. Items already written
 * (found in the stage's .jsonl files or as item-done events) are done, so a resumed run only
 * does the rest and its output bytes equal those of an uninterrupted run.
 */
export interface Stage {
  readonly name: string;
  readonly dir: string;
  isDone(itemKey: string): boolean;
  done(): Set<string>;
  /** One line `{"item":key,"record":…}` (canonical JSON) in `file` (default items.jsonl), then an item-done event. One call per item. */
  appendItem(itemKey: string, record: unknown, options?: { file?: string }): Promise<void>;
  complete(): Promise<void>;
}

export interface StageLine {
  item: string;
  record: unknown;
}

/** What a stage needs from its run: the write queue, the manifest and the event and warning writers. */
export interface StageContext {
  dir: string;
  manifest: RunManifest;
  now(): Date;
  enqueue<T>(task: () => Promise<T>): Promise<T>;
  /** Writes one event line; only call inside an enqueued task. */
  appendEvent(event: {
    type: string;
    stage?: string;
    item?: string;
    [key: string]: unknown;
  }): Promise<void>;
  /** Rewrites manifest.json; only call inside an enqueued task. */
  writeManifest(): Promise<void>;
  warn(warning: RunWarningInput): Promise<void>;
  itemsDoneByEvents(stage: string): ReadonlySet<string>;
}

export const defaultItemsFile = "items.jsonl";
const manifestEveryItems = 100;
const reservedNames = new Set([
  "manifest.json",
  "events.jsonl",
  "metrics.json",
  "warnings.json",
  "warnings.jsonl",
  "warnings-summary.json",
  "log.jsonl",
]);

export async function openStage(context: StageContext, name: string): Promise<Stage> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || reservedNames.has(name)) {
    throw new TracemillError("input_invalid", `invalid stage name "${name}"`);
  }
  const dir = join(context.dir, name);
  await mkdir(dir, { recursive: true });
  const done = new Set(context.itemsDoneByEvents(name));
  const files = (await readdir(dir)).filter((file) => file.endsWith(".jsonl")).sort();
  for (const file of files) {
    const scan = await scanJsonl(join(dir, file), { repair: true });
    for (const { value } of scan.lines) {
      const item = (value as Partial<StageLine> | null)?.item;
      if (typeof item === "string") done.add(item);
    }
    if (scan.truncated) {
      await context.warn({
        stage: name,
        file: `${name}/${file}`,
        line: scan.truncated.line,
        code: "torn_line_truncated",
        message: `removed a torn last line (${scan.truncated.bytes} bytes) left by an interrupted run; its item is redone`,
      });
    }
  }
  await context.enqueue(async () => {
    const previous = context.manifest.stages[name];
    if (previous?.status === "completed") return;
    context.manifest.stages[name] = {
      status: "running",
      itemsDone: done.size,
      startedAt: previous?.startedAt ?? context.now().toISOString(),
    };
    await context.appendEvent({ type: "stage-start", stage: name, itemsDone: done.size });
    await context.writeManifest();
  });
  return createStage(context, name, dir, done);
}

function createStage(context: StageContext, name: string, dir: string, done: Set<string>): Stage {
  let sinceManifest = 0;
  const state = () => {
    const current = context.manifest.stages[name] ?? { status: "running" as const, itemsDone: 0 };
    context.manifest.stages[name] = current;
    return current;
  };
  return {
    name,
    dir,
    isDone: (itemKey) => done.has(itemKey),
    done: () => new Set(done),
    appendItem(itemKey, record, options = {}) {
      const file = options.file ?? defaultItemsFile;
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.jsonl$/.test(file)) {
        return Promise.reject(
          new TracemillError(
            "input_invalid",
            `stage file must be a plain *.jsonl name, got "${file}"`,
          ),
        );
      }
      if (done.has(itemKey)) {
        return Promise.reject(
          new TracemillError("conflict", `item "${itemKey}" is already done in stage ${name}`),
        );
      }
      let line: string;
      try {
        line = `${canonicalJson({ item: itemKey, record } satisfies StageLine)}\n`;
      } catch (error) {
        return Promise.reject(error);
      }
      done.add(itemKey);
      const written = context.enqueue(async () => {
        // One appendFile per line: a kill leaves at most one torn line, which resume cuts off.
        await appendFile(join(dir, file), line);
        await context.appendEvent({
          type: "item-done",
          stage: name,
          item: itemKey,
          ...(file === defaultItemsFile ? {} : { file }),
        });
        state().itemsDone += 1;
        sinceManifest += 1;
        if (sinceManifest >= manifestEveryItems) {
          sinceManifest = 0;
          await context.writeManifest();
        }
      });
      // A failed write leaves the item undone in memory; resume sorts out whatever reached the disk.
      written.catch(() => done.delete(itemKey));
      return written;
    },
    complete() {
      return context.enqueue(async () => {
        const current = state();
        if (current.status === "completed") return;
        current.status = "completed";
        current.endedAt = context.now().toISOString();
        await context.appendEvent({ type: "stage-end", stage: name, itemsDone: current.itemsDone });
        await context.writeManifest();
      });
    },
  };
}
