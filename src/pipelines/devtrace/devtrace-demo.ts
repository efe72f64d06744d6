import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createDevtraceClient } from "../../client/devtrace-client.js";
import { defaultConfig } from "../../core/config.js";
import { pathExists } from "../../core/files.js";
import { createRedactor, type Redactor } from "../../model/redact.js";
import { startDevtraceService } from "../../server/start-service.js";
import { memoryCatalog } from "./open-backend.js";
import { runDevtracePipeline } from "./run-devtrace-pipeline.js";
import { readTaskFile, submitChunkFolder } from "./submit-chunk-folder.js";

/**
 * The devtrace part of `tracemill demo`, offline: a real server on loopback (PGlite in memory,
 * blobs in `workDir`), each example scenario submitted the way `devtrace submit` does it (chunks,
 * final chunk, snapshot, complete), verified in the sandbox and judged by the offline judge.
 */
export interface DevtraceDemoOptions {
  /** examples/devtrace: folders with task.json, chunks/ and workspace/. */
  examplesDir: string;
  /** Chunks for a scenario folder that has none (sample-calculator ← the shared sample chunks). */
  chunksFor?: Record<string, string>;
  /** Blobs and the like go here; the caller removes it. */
  workDir: string;
  /** The published demo key; real deployments use their own secret. */
  hmacKey: string;
  /** Also write the validated traces as folders `tracemill export` reads (devtrace export). */
  exportTo?: string;
  onProgress?: (line: string) => void;
  /** The detectors the exported files pass (the configured redaction); built-in when absent. */
  redactor?: Redactor;
}

export interface DevtraceDemoScenario {
  name: string;
  traceId: string;
  status: string;
  numEvents: number;
  testsPassed: boolean | null;
  judge?: string;
  overall?: number;
}

export async function runDevtraceDemo(
  options: DevtraceDemoOptions,
): Promise<DevtraceDemoScenario[]> {
  const token = `tm_demo_${randomBytes(18).toString("base64url")}`;
  const service = await startDevtraceService({
    db: memoryCatalog,
    dataDir: options.workDir,
    apiTokens: [token],
    hmacKey: options.hmacKey,
    workers: 2,
  });
  try {
    const client = createDevtraceClient({ baseUrl: service.url, token });
    const results: DevtraceDemoScenario[] = [];
    for (const name of await scenarioNames(options.examplesDir)) {
      const dir = join(options.examplesDir, name);
      const chunksDir = (await pathExists(join(dir, "chunks")))
        ? join(dir, "chunks")
        : options.chunksFor?.[name];
      if (chunksDir === undefined) continue;
      const submitted = await submitChunkFolder({
        client,
        chunksDir,
        task: await readTaskFile(join(dir, "task.json")),
        ...((await pathExists(join(dir, "workspace")))
          ? { snapshotDir: join(dir, "workspace") }
          : {}),
        pollIntervalMs: 200,
      });
      const document = submitted.result;
      const judge = document?.qa?.judge as { judge?: string; overall?: number } | null | undefined;
      const scenario: DevtraceDemoScenario = {
        name,
        traceId: submitted.traceId,
        status: document?.status ?? submitted.completed.status,
        numEvents: submitted.completed.num_events,
        testsPassed: (document?.qa?.validation?.tests_passed as boolean | null | undefined) ?? null,
        ...(judge?.judge === undefined ? {} : { judge: judge.judge }),
        ...(judge?.overall === undefined ? {} : { overall: judge.overall }),
      };
      options.onProgress?.(
        `devtrace ${name}: ${scenario.status}, tests passed ${String(scenario.testsPassed)}, ${scenario.judge ?? "no judge"} overall ${scenario.overall ?? "-"}`,
      );
      results.push(scenario);
    }
    if (options.exportTo !== undefined)
      // The export reads nothing from the configuration but its redactor: the demo's, or built-in.
      await runDevtracePipeline(
        { store: service.backend.store, out: options.exportTo },
        { config: defaultConfig(), redactor: options.redactor ?? createRedactor() },
      );
    return results;
  } finally {
    await service.close();
  }
}

async function scenarioNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await pathExists(join(dir, entry.name, "task.json")))) {
      names.push(entry.name);
    }
  }
  return names.sort();
}
