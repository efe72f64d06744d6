import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { TracemillError } from "../../core/errors.js";
import type { SourceWarning } from "../types.js";
import { type IngestChunk, ingestChunkSchema } from "./events.js";

/**
 * Reads a folder of chunk files the way the reference client replays them: every `*.json` file,
 * sorted by name, each one chunk. A file that is not JSON or not a chunk becomes a warning naming
 * it and the rest are still read; event-level validation is left to the server.
 */
export interface ChunkFolder {
  chunks: IngestChunk[];
  /** The file each chunk came from, parallel to `chunks`. */
  files: string[];
  warnings: SourceWarning[];
}

export async function readChunkFolder(dir: string): Promise<ChunkFolder> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".json"))
      .map((entry) => entry.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    throw new TracemillError(
      "not_found",
      `cannot read chunk folder ${dir}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const chunks: IngestChunk[] = [];
  const files: string[] = [];
  const warnings: SourceWarning[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      warnings.push({ code: "chunk_unreadable", file, message: `${file}: not JSON: ${reason}` });
      continue;
    }
    const parsed = ingestChunkSchema.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      warnings.push({ code: "chunk_invalid", file, message: `${file}: not a chunk: ${problems}` });
      continue;
    }
    chunks.push(parsed.data);
    files.push(file);
  }
  return { chunks, files, warnings };
}
