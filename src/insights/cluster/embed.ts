import { open, readFile, truncate } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { sha256Hex } from "../../core/hash.js";
import type { Embedder } from "../../model/embedders/types.js";
import type { VectorMatrix } from "./vectors.js";

/**
 * Embeddings of facet summaries, kept in the run as raw little-endian float32 rows
 * (`embeddings.f32`) plus one index line per row (`embeddings.index.jsonl`: conversation_id, row,
 * sha256 of the text). Batches are appended as they finish, so a resumed run embeds only what is
 * missing; a row whose text changed is embedded again.
 */
export const embeddingFileNames = {
  vectors: "embeddings.f32",
  index: "embeddings.index.jsonl",
} as const;

const indexLineSchema = z.object({
  conversation_id: z.string(),
  row: z.number().int().nonnegative(),
  text_sha256: z.string(),
  dimensions: z.number().int().positive(),
});

export interface EmbedItem {
  id: string;
  text: string;
}

export interface EmbedSummariesOptions {
  embedder: Embedder;
  items: EmbedItem[];
  dir: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface EmbedSummariesResult {
  matrix: VectorMatrix;
  computed: number;
  reused: number;
  inputTokens: number;
}

export async function embedSummaries(
  options: EmbedSummariesOptions,
): Promise<EmbedSummariesResult> {
  const vectorsPath = join(options.dir, embeddingFileNames.vectors);
  const indexPath = join(options.dir, embeddingFileNames.index);
  const stored = await readStore(vectorsPath, indexPath);
  const wanted = options.items.map((item) => ({ ...item, hash: sha256Hex(item.text) }));
  const missing = wanted.filter((item) => stored.rows.get(item.id)?.hash !== item.hash);
  const batchSize = options.batchSize ?? 256;
  let dimensions = stored.dimensions;
  let nextRow = stored.count;
  let inputTokens = 0;
  const fresh = new Map<string, Float32Array>();
  for (let start = 0; start < missing.length; start += batchSize) {
    const batch = missing.slice(start, start + batchSize);
    const result = await options.embedder.embed(
      batch.map((item) => item.text),
      options.signal ? { signal: options.signal } : {},
    );
    inputTokens += result.usage.inputTokens;
    dimensions ||= result.vectors[0]?.length ?? 0;
    const bytes = Buffer.alloc(batch.length * dimensions * 4);
    const lines: string[] = [];
    batch.forEach((item, index) => {
      const vector = result.vectors[index] ?? new Float32Array(dimensions);
      for (let column = 0; column < dimensions; column++) {
        bytes.writeFloatLE(vector[column] ?? 0, (index * dimensions + column) * 4);
      }
      fresh.set(item.id, Float32Array.from(vector));
      lines.push(
        `${JSON.stringify({ conversation_id: item.id, row: nextRow, text_sha256: item.hash, dimensions })}\n`,
      );
      nextRow += 1;
    });
    // Vectors first, index second: an index line never points past the vectors written.
    await appendBytes(vectorsPath, bytes);
    await appendBytes(indexPath, Buffer.from(lines.join("")));
    options.onProgress?.(wanted.length - missing.length + start + batch.length, wanted.length);
  }
  const data = new Float32Array(wanted.length * dimensions);
  wanted.forEach((item, index) => {
    const vector = fresh.get(item.id) ?? stored.vector(item.id);
    if (vector) data.set(vector.subarray(0, dimensions), index * dimensions);
  });
  return {
    matrix: { data, rows: wanted.length, dimensions },
    computed: missing.length,
    reused: wanted.length - missing.length,
    inputTokens,
  };
}

async function appendBytes(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, "a");
  try {
    await handle.write(bytes);
  } finally {
    await handle.close();
  }
}

/** Reads the store, cutting off a torn tail so the index and the vectors agree on the row count. */
async function readStore(vectorsPath: string, indexPath: string) {
  const rows = new Map<string, { row: number; hash: string }>();
  let vectorBytes: Buffer = Buffer.alloc(0);
  let dimensions = 0;
  let count = 0;
  try {
    vectorBytes = await readFile(vectorsPath);
    const text = await readFile(indexPath, "utf8");
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    let keptBytes = 0;
    for (const line of complete.split("\n")) {
      if (line === "") continue;
      const parsed = indexLineSchema.safeParse(safeJson(line));
      if (!parsed.success || parsed.data.row !== count) break;
      if (dimensions && parsed.data.dimensions !== dimensions) break;
      dimensions = parsed.data.dimensions;
      if ((count + 1) * dimensions * 4 > vectorBytes.length) break;
      rows.set(parsed.data.conversation_id, { row: count, hash: parsed.data.text_sha256 });
      count += 1;
      keptBytes += Buffer.byteLength(line) + 1;
    }
    if (keptBytes !== Buffer.byteLength(text)) await truncate(indexPath, keptBytes);
    if (vectorBytes.length !== count * dimensions * 4) {
      await truncate(vectorsPath, count * dimensions * 4);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    rows.clear();
    count = 0;
    await truncate(vectorsPath, 0).catch(() => undefined);
    await truncate(indexPath, 0).catch(() => undefined);
  }
  const vector = (id: string): Float32Array | undefined => {
    const entry = rows.get(id);
    if (!entry) return undefined;
    const result = new Float32Array(dimensions);
    for (let column = 0; column < dimensions; column++) {
      result[column] = vectorBytes.readFloatLE((entry.row * dimensions + column) * 4);
    }
    return result;
  };
  return { rows, count, dimensions, vector };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
