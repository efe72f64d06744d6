import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { TracemillError } from "../../core/errors.js";

/** Lines of a text file, streamed (never the whole file in memory), numbered from 1. */
export async function* readNumberedLines(
  path: string,
): AsyncGenerator<{ line: number; text: string }> {
  await assertReadableFile(path);
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      // A byte-order mark is an editor artefact, not part of the first record.
      yield { line, text: line === 1 && raw.startsWith("\uFEFF") ? raw.slice(1) : raw };
    }
  } catch (error) {
    throw new TracemillError(
      "io",
      `${path}: read failed after line ${line}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  } finally {
    lines.close();
    stream.destroy();
  }
}

async function assertReadableFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new TracemillError("input_invalid", `${path} is not a file`);
  } catch (error) {
    if (error instanceof TracemillError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new TracemillError("not_found", `input file ${path} does not exist`);
    throw new TracemillError("io", `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
