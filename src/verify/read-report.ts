import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";

const maxReportBytes = 64 * 1024 * 1024;

/**
 * Reads a report the sandboxed command wrote. The command controls that folder, so the file is
 * opened without following a symlink (a link to /etc/shadow must not be read by the host) and
 * must be a regular file of bounded size. Returns the text, or why there is none.
 */
export async function readReport(
  outputDir: string,
  name: string,
): Promise<{ text: string } | { missing: string }> {
  const file = path.join(outputDir, name);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { missing: `the test runner wrote no ${name}` };
    if (code === "ELOOP") return { missing: `${name} is a symlink; refused` };
    return { missing: `${name} could not be opened (${code ?? String(error)})` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { missing: `${name} is not a regular file; refused` };
    if (stats.size > maxReportBytes) {
      return { missing: `${name} is ${stats.size} bytes, over the ${maxReportBytes}-byte cap` };
    }
    return { text: await handle.readFile("utf8") };
  } finally {
    await handle.close();
  }
}
