import { join } from "node:path";
import { readJsonFile, scanJsonl } from "./run-files.js";
import { type RunWarning, runFileNames } from "./run-manifest.js";
import { checkRunWarning } from "./run-manifest-check.js";

/**
 * Reading a run's stored warnings, apart from open-run.ts so that `runs list` and `runs inspect`
 * do not load the run logger (pino) just to count them.
 */

/** The appended log is the live record (a killed run never rewrote warnings.json); older runs have only the list. */
export async function readStoredWarnings(
  dir: string,
  options = { repair: false },
): Promise<RunWarning[]> {
  const log = await scanJsonl(join(dir, runFileNames.warningLog), options).catch(() => undefined);
  if (log !== undefined && log.lines.length > 0)
    return storedWarnings(log.lines.map((line) => line.value));
  return storedWarnings(await readJsonFile(join(dir, runFileNames.warnings)));
}

/** A warning that is not valid is left out; zod is loaded only to judge one the light check refused. */
async function storedWarnings(value: unknown): Promise<RunWarning[]> {
  if (!Array.isArray(value)) return [];
  const checked = value.map(checkRunWarning);
  if (checked.every((warning) => warning !== undefined)) return checked as RunWarning[];
  const { runWarningSchema } = await import("./run-manifest-schema.js");
  return value.flatMap((warning, index) => {
    const light = checked[index];
    if (light !== undefined) return [light];
    const parsed = runWarningSchema.safeParse(warning);
    return parsed.success ? [parsed.data] : [];
  });
}
