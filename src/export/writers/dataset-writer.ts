import { join } from "node:path";
import type { z } from "zod";
import {
  type PreferenceRow,
  preferenceRowSchema,
  type RagRow,
  ragRowSchema,
  type SftRow,
  sftRowSchema,
} from "../../core/dataset-row.js";
import { parsedWith } from "../checks/parsed-rows.js";
import type { ExporterName, ExportFormat, ExportRecord } from "../types.js";
import { placeImages, removeStaleImages } from "./image-files.js";
import { type LineSink, openJsonlWriter } from "./jsonl-writer.js";
import { openAiDpoSchema, openAiSftSchema, toOpenAiDpo, toOpenAiSft } from "./openai-format.js";
import { openParquetWriter, parquetColumns } from "./parquet-writer.js";
import { toTrlPreference, toTrlSft, trlPreferenceSchema, trlSftSchema } from "./trl-format.js";

/**
 * One exporter's dataset file in one format. Every row is validated with the core schema (rows the
 * exporter already parsed with it are recognised, not parsed again: checks/parsed-rows.ts) and,
 * for OpenAI/TRL, with that format's schema before it is written; a row that fails is not written
 * and its errors are returned so the caller can quarantine it and fail the receipt's validation.
 */
export type DatasetRow = SftRow | RagRow | PreferenceRow;
export type WriteResult = { ok: true } | { ok: false; errors: string[] };

export interface DatasetWriter {
  readonly path: string;
  readonly rows: number;
  /** Image files the rows reference (written, or that would be written on a dry run). */
  readonly images: ReadonlySet<string>;
  /** Input image files read to place images. */
  readonly imagesRead: ReadonlySet<string>;
  write(row: DatasetRow, record?: ExportRecord): Promise<WriteResult>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export interface DatasetWriterOptions {
  exporter: ExporterName;
  format: ExportFormat;
  /** The export root; the file goes to `<out>/<exporter>/`. */
  out: string;
  inlineImages: boolean;
  dryRun: boolean;
}

/** RAG has no OpenAI or TRL shape, so it stays native for those formats. */
export function datasetFileName(exporter: ExporterName, format: ExportFormat): string {
  if (format === "parquet") return `${exporter}.parquet`;
  if (format === "native" || exporter === "rag") return `${exporter}.jsonl`;
  return `${exporter}.${format}.jsonl`;
}

const coreSchemas: Record<ExporterName, z.ZodType> = {
  sft: sftRowSchema,
  rag: ragRowSchema,
  preference: preferenceRowSchema,
};

function convert(exporter: ExporterName, format: ExportFormat, row: DatasetRow): unknown {
  if (format === "openai" && exporter === "sft")
    return openAiSftSchema.parse(toOpenAiSft(row as SftRow));
  if (format === "openai" && exporter === "preference") {
    return openAiDpoSchema.parse(toOpenAiDpo(row as PreferenceRow));
  }
  if (format === "trl" && exporter === "sft") return trlSftSchema.parse(toTrlSft(row as SftRow));
  if (format === "trl" && exporter === "preference") {
    return trlPreferenceSchema.parse(toTrlPreference(row as PreferenceRow));
  }
  return row;
}

/** Only rows with image parts need their images placed (read, hashed, copied or inlined). */
function hasImageParts(row: SftRow): boolean {
  return row.messages.some(
    (message) =>
      typeof message.content !== "string" && message.content.some((part) => part.type === "image"),
  );
}

export async function openDatasetWriter(options: DatasetWriterOptions): Promise<DatasetWriter> {
  const exporterDir = join(options.out, options.exporter);
  const path = join(exporterDir, datasetFileName(options.exporter, options.format));
  const sink: LineSink =
    options.format === "parquet"
      ? await openParquetWriter(path, parquetColumns[options.exporter], { dryRun: options.dryRun })
      : await openJsonlWriter(path, options.dryRun);
  const images = new Set<string>();
  const imagesRead = new Set<string>();
  return {
    path,
    get rows() {
      return sink.rows;
    },
    images,
    imagesRead,
    async write(row, record) {
      const schema = coreSchemas[options.exporter];
      if (!parsedWith(row, schema)) {
        const checked = schema.safeParse(row);
        if (!checked.success) {
          return {
            ok: false,
            errors: checked.error.issues.map(
              (issue) => `${issue.path.join(".")}: ${issue.message}`,
            ),
          };
        }
      }
      let placed = row;
      if (options.exporter === "sft" && hasImageParts(row as SftRow)) {
        const result = await placeImages(row as SftRow, {
          exporterDir,
          inline: options.inlineImages,
          dryRun: options.dryRun,
          ...(record?.baseDir === undefined ? {} : { baseDir: record.baseDir }),
        });
        if (!result.ok) return { ok: false, errors: [result.error] };
        for (const image of result.written) images.add(image);
        for (const image of result.read) imagesRead.add(image);
        placed = result.row;
      }
      let formatted: unknown;
      try {
        formatted = convert(options.exporter, options.format, placed);
      } catch (error) {
        return { ok: false, errors: [`${options.format} shape: ${(error as Error).message}`] };
      }
      await sink.writeObject(formatted);
      return { ok: true };
    },
    async close() {
      await sink.close();
      if (options.exporter === "sft" && !options.dryRun)
        await removeStaleImages(exporterDir, images);
    },
    abort: () => sink.abort(),
  };
}
