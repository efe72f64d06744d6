import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import { TracemillError } from "../core/errors.js";
import { checkRunManifest } from "./run-manifest-check.js";
import type {
  runInputSchema,
  runManifestSchema,
  runWarningSchema,
  stageStateSchema,
} from "./run-manifest-schema.js";

/** The run folder's manifest: what ran, over which inputs and config, and how far each stage got. */
export const runSchemaId = "tracemill.run/v1";

export const runFileNames = {
  manifest: "manifest.json",
  events: "events.jsonl",
  metrics: "metrics.json",
  warnings: "warnings.json",
  warningLog: "warnings.jsonl",
  warningSummary: "warnings-summary.json",
  log: "log.jsonl",
  lock: ".lock",
} as const;

export const runStatuses = ["running", "completed", "failed", "interrupted"] as const;
export type RunStatus = (typeof runStatuses)[number];

export const stageStatuses = ["pending", "running", "completed", "failed"] as const;
export type StageStatus = (typeof stageStatuses)[number];

export type RunInput = z.infer<typeof runInputSchema>;
export type StageState = z.infer<typeof stageStateSchema>;
export type RunManifest = z.infer<typeof runManifestSchema>;
export type RunWarning = z.infer<typeof runWarningSchema>;
export type RunWarningInput = Omit<RunWarning, "t">;

/** Run ids become folder names: refuse anything that could escape the runs folder. */
export function assertRunId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || id.length > 200) {
    throw new TracemillError(
      "input_invalid",
      `invalid run id "${id}": use letters, digits, ".", "_" and "-"`,
    );
  }
}

export async function readManifest(runDir: string): Promise<RunManifest> {
  const path = join(runDir, runFileNames.manifest);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new TracemillError("not_found", `no run manifest at ${path}`);
    }
    throw new TracemillError("io", `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TracemillError(
      "input_invalid",
      `${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  // The light check reads a valid manifest without loading zod; zod explains an invalid one.
  const checked = checkRunManifest(json);
  if (checked !== undefined) return checked;
  const { runManifestSchema } = await import("./run-manifest-schema.js");
  const parsed = runManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TracemillError(
      "input_invalid",
      `${path} is not a ${runSchemaId} manifest: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
    );
  }
  return parsed.data;
}
