import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { TracemillError } from "../../core/errors.js";

/**
 * The secret behind the salted user keys, kept outside run folders (by default in the cache folder)
 * so a run folder alone cannot be used to test guesses of user ids. Created once, 0600; the same
 * salt across runs keeps user keys comparable and resumes byte-identical.
 */
export async function loadOrCreateSalt(path: string): Promise<string> {
  try {
    const text = (await readFile(path, "utf8")).trim();
    if (!/^[0-9a-f]{32,}$/.test(text)) {
      throw new TracemillError(
        "config_invalid",
        `${path}: expected at least 32 hex characters of salt`,
      );
    }
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  const salt = randomBytes(32).toString("hex");
  try {
    await writeFile(path, `${salt}\n`, { mode: 0o600, flag: "wx" });
    return salt;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateSalt(path);
    throw error;
  }
}
