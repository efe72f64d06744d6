import { randomBytes } from "node:crypto";
import { access, chmod, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { TracemillError } from "./errors.js";

/** Whether a path can be reached (any error, missing or not permitted, counts as absent). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A JSON input file, parsed. A missing file is not_found (exit 66, as everywhere); one that cannot
 * be read or does not parse is bad input (65): the error says what the file should hold, names it
 * and gives the reason.
 */
export async function readJsonInput(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new TracemillError("not_found", `cannot read ${what} ${path}: no such file`, {
        cause: error,
      });
    }
    throw new TracemillError(
      "input_invalid",
      `cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * A folder only its owner may enter (0700), for data such as the server's `tracemill-data/` that
 * holds the HMAC key and the catalog. A folder that already exists keeps the mode its owner gave it.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask; set it exactly on the folder asked for.
  if (created !== undefined) await chmod(dir, 0o700);
}

/**
 * The one JSON output writer: `JSON.stringify(value, null, indent)` plus a newline (or the
 * caller's own serialisation, such as canonical JSON), written to `<file>.tmp-<pid>-<random>`
 * beside the target and renamed over it, so a reader never sees half a file and a killed run
 * leaves only a temporary that the stale sweep (stale-temporaries.ts) recognises. A failure is an
 * `io` error naming the file.
 */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
  options: { indent?: number; serialize?: (value: unknown) => string } = {},
): Promise<void> {
  const text = options.serialize
    ? options.serialize(value)
    : `${JSON.stringify(value, null, options.indent ?? 2)}\n`;
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new TracemillError("io", `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
