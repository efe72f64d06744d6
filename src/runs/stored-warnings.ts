import { join } from "node:path";
import { readJsonFile, scanJsonl } from "./run-files.js";
import { runFileNames, runWarningSchema } from "./run-manifest.js";

/**
 * Reading a run's stored warnings, apart from open-run.ts so that `runs list` and `runs inspect`
 * do not load the run logger (pino) just to count them.
 */

/** The appended log is the live record (a killed run never rewrote warnings.json); older runs have only the list. */
export async function readStoredWarnings(dir: string, options = { repair: false }) {
  const log = await scanJsonl(join(dir, runFileNames.warningLog), options).catch(() => undefined);
  if (log !== undefined && log.lines.length > 0)
    return storedWarnings(log.lines.map((line) => line.value));
  return storedWarnings(await readJsonFile(join(dir, runFileNames.warnings)));
}

function storedWarnings(value: unknown) {
  if (!Array.isArray(value)) return [];
  return value.flatMap((warning) => {
    const parsed = runWarningSchema.safeParse(warning);
    return parsed.success ? [parsed.data] : [];
  });
}
