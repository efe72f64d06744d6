import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { ParquetWriter } from "hyparquet-writer";
import { canonicalJson } from "../../core/canonical-json.js";
import { knownMemberJson } from "../checks/parsed-rows.js";
import type { LineSink } from "./jsonl-writer.js";

/**
 * Parquet for Hugging Face `datasets`: one flat UTF-8 string column per row field, in the order
 * given; nested values (messages, provenance, tags) are stored as canonical JSON strings, which
 * keeps the schema flat and identical across files. Rows are buffered per batch only, so memory
 * stays bounded; each batch becomes one row group.
 */
export const parquetColumns = {
  sft: ["id", "type", "category", "messages", "provenance"],
  rag: [
    "id",
    "type",
    "title",
    "content",
    "tags",
    "sourceRunId",
    "category",
    "embeddingText",
    "createdAt",
    "provenance",
  ],
  preference: [
    "id",
    "type",
    "taskId",
    "prompt",
    "chosen",
    "rejected",
    "chosenProvenance",
    "rejectedProvenance",
  ],
} as const;

export async function openParquetWriter(
  path: string,
  columns: readonly string[],
  options: { dryRun?: boolean; batchSize?: number } = {},
): Promise<LineSink> {
  const batchSize = options.batchSize ?? 10_000;
  const temporaryPath = `${path}.tmp-${process.pid}`;
  let writer: ParquetWriter | undefined;
  if (!options.dryRun) {
    await mkdir(dirname(path), { recursive: true });
    // Loaded only when a Parquet file is written, not with the export module (issue 20).
    const { fileWriter, ParquetWriter } = await import("hyparquet-writer");
    writer = new ParquetWriter({
      writer: fileWriter(temporaryPath),
      schema: [
        { name: "root", num_children: columns.length },
        ...columns.map((name) => ({
          name,
          type: "BYTE_ARRAY" as const,
          converted_type: "UTF8" as const,
          repetition_type: "REQUIRED" as const,
        })),
      ],
      createdBy: "tracemill",
    });
  }
  let batch: string[][] = columns.map(() => []);
  let pending = 0;
  let rows = 0;
  const flush = async (): Promise<void> => {
    if (!writer || pending === 0) return;
    const columnData = columns.map((name, index) => ({
      name,
      data: batch[index] ?? [],
      type: "STRING" as const,
      nullable: false,
    }));
    await writer.write({ columnData, rowGroupSize: pending });
    batch = columns.map(() => []);
    pending = 0;
  };
  return {
    path,
    get rows() {
      return rows;
    },
    async writeObject(value) {
      rows += 1;
      if (!writer) return;
      const record = value as Record<string, unknown>;
      const known = knownMemberJson(value);
      columns.forEach((name, index) => {
        const member = record[name];
        const text = member === undefined ? undefined : known?.[name];
        batch[index]?.push(
          typeof member === "string" ? member : (text ?? canonicalJson(member ?? null)),
        );
      });
      pending += 1;
      if (pending >= batchSize) await flush();
    },
    async close() {
      if (!writer) return;
      await flush();
      await writer.finish();
      await rename(temporaryPath, path);
    },
    async abort() {
      if (writer) await rm(temporaryPath, { force: true });
    },
  };
}
