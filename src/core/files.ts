import { access } from "node:fs/promises";

/** Whether a path can be reached (any error, missing or not permitted, counts as absent). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
