import { execFile } from "node:child_process";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { TracemillError } from "../core/errors.js";

const execFileAsync = promisify(execFile);

export interface PythonToolchain {
  /** The real interpreter binary (a pyenv shim is a bash script that would not work inside). */
  executable: string;
  version: string;
  pytestVersion: string;
  /** Folders to mount read-only so the interpreter and its site-packages resolve inside. */
  readOnlyPaths: string[];
}

const probeSchema = z.object({
  executable: z.string().min(1),
  prefix: z.string(),
  basePrefix: z.string(),
  version: z.string(),
  path: z.array(z.string()),
  pytest: z.string().nullable(),
  pytestFile: z.string().nullable(),
});

const probeScript = [
  "import json, sys",
  "try:",
  "    import pytest",
  "    v, f = pytest.__version__, pytest.__file__",
  "except Exception:",
  "    v, f = None, None",
  "print(json.dumps({'executable': sys.executable, 'prefix': sys.prefix, 'basePrefix': sys.base_prefix,",
  "  'version': sys.version.split()[0], 'path': [p for p in sys.path if p.startswith('/')], 'pytest': v, 'pytestFile': f}))",
].join("\n");

const cache = new Map<string, Promise<PythonToolchain>>();

/** Finds the interpreter (default `python3` on PATH) and what must be mounted for it and pytest. */
export function findPython(command = "python3"): Promise<PythonToolchain> {
  let found = cache.get(command);
  if (found === undefined) {
    found = probePython(command);
    cache.set(command, found);
    found.catch(() => cache.delete(command));
  }
  return found;
}

async function probePython(command: string): Promise<PythonToolchain> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(command, ["-c", probeScript], { timeout: 30_000 }));
  } catch (error) {
    throw new TracemillError(
      "unavailable",
      `verify: cannot run ${command} (${error instanceof Error ? error.message : String(error)}); install Python 3 and pytest (Debian: apt-get install python3 python3-pytest)`,
    );
  }
  const probe = probeSchema.parse(JSON.parse(stdout.trim()));
  if (probe.pytest === null) {
    throw new TracemillError(
      "unavailable",
      `verify: pytest is not importable by ${probe.executable}; install it (Debian package python3-pytest, or pip install pytest)`,
    );
  }
  const executable = await realpath(probe.executable);
  const roots = new Set<string>([
    probe.prefix,
    probe.basePrefix,
    prefixOf(executable),
    ...probe.path,
  ]);
  if (probe.pytestFile !== null) roots.add(path.dirname(path.dirname(probe.pytestFile)));
  const readOnlyPaths: string[] = [];
  for (const root of roots) {
    try {
      readOnlyPaths.push(await realpath(root));
    } catch {
      // sys.path lists zip files and folders that may not exist; nothing to mount.
    }
  }
  return {
    executable,
    version: probe.version,
    pytestVersion: probe.pytest,
    readOnlyPaths: [...new Set(readOnlyPaths)],
  };
}

/** /x/y/bin/python3.11 -> /x/y */
function prefixOf(executable: string): string {
  return path.dirname(path.dirname(executable));
}
