import { access, readFile } from "node:fs/promises";
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
 * A JSON input file, parsed. A file that cannot be read or does not parse is bad input: the error
 * says what the file should hold, names it and gives the reason.
 */
export async function readJsonInput(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (error) {
    throw new TracemillError(
      "input_invalid",
      `cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
