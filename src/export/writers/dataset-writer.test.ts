import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalJson } from "../../core/canonical-json.js";
import { sha256Hex } from "../../core/hash.js";
import {
  sampleImageBase64,
  samplePreferenceRow,
  sampleRagRow,
  sampleSftRow,
} from "./__fixtures__/format-fixtures.js";
import { datasetFileName, openDatasetWriter } from "./dataset-writer.js";

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), "tracemill-writer-"));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function lines(path: string): Promise<unknown[]> {
  return (await readFile(path, "utf8"))
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("openDatasetWriter", () => {
  it("writes native rows as canonical JSON lines and images as hashed files", async () => {
    const writer = await openDatasetWriter({
      exporter: "sft",
      format: "native",
      out,
      inlineImages: false,
      dryRun: false,
    });
    expect((await writer.write(sampleSftRow())).ok).toBe(true);
    await writer.close();
    const text = await readFile(join(out, "sft", "sft.jsonl"), "utf8");
    const [row] = text.trimEnd().split("\n");
    expect(row).toBe(canonicalJson(JSON.parse(row ?? "")));
    const imageName = `${sha256Hex(Buffer.from(sampleImageBase64, "base64"))}.jpg`;
    expect(await readdir(join(out, "sft", "images"))).toEqual([imageName]);
    expect(text).toContain(`"path":"images/${imageName}"`);
    expect(text).not.toContain(sampleImageBase64);
  });

  it("removes images a previous run wrote that no row references any more", async () => {
    const open = () =>
      openDatasetWriter({
        exporter: "sft",
        format: "native",
        out,
        inlineImages: false,
        dryRun: false,
      });
    const first = await open();
    await first.write(sampleSftRow());
    await first.close();
    const imageName = `${sha256Hex(Buffer.from(sampleImageBase64, "base64"))}.jpg`;
    await writeFile(join(out, "sft", "images", "0".repeat(64).concat(".jpg")), "old frame");
    const second = await open();
    await second.write(sampleSftRow());
    await second.close();
    expect(await readdir(join(out, "sft", "images"))).toEqual([imageName]);
    const third = await open();
    await third.close();
    expect(await readdir(join(out, "sft", "images"))).toEqual([]);
  });

  it("keeps images inline with inlineImages and writes no image file", async () => {
    const writer = await openDatasetWriter({
      exporter: "sft",
      format: "openai",
      out,
      inlineImages: true,
      dryRun: false,
    });
    await writer.write(sampleSftRow());
    await writer.close();
    expect(writer.path).toBe(join(out, "sft", "sft.openai.jsonl"));
    expect(await readFile(writer.path, "utf8")).toContain(
      `data:image/jpeg;base64,${sampleImageBase64}`,
    );
    expect(await readdir(join(out, "sft"))).toEqual(["sft.openai.jsonl"]);
  });

  it("refuses a row the core schema rejects and writes nothing for it", async () => {
    const writer = await openDatasetWriter({
      exporter: "sft",
      format: "trl",
      out,
      inlineImages: false,
      dryRun: false,
    });
    const unsafe = { ...sampleSftRow(), category: "rejected" } as unknown as ReturnType<
      typeof sampleSftRow
    >;
    const result = await writer.write(unsafe);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.join()).toContain("category");
    await writer.write(sampleSftRow({ id: "sft_2" }));
    await writer.close();
    expect(await lines(writer.path)).toHaveLength(1);
  });

  it("keeps RAG native for openai and trl", () => {
    expect(datasetFileName("rag", "openai")).toBe("rag.jsonl");
    expect(datasetFileName("rag", "trl")).toBe("rag.jsonl");
    expect(datasetFileName("preference", "trl")).toBe("preference.trl.jsonl");
  });

  it("writes OpenAI DPO rows that validate", async () => {
    const writer = await openDatasetWriter({
      exporter: "preference",
      format: "openai",
      out,
      inlineImages: false,
      dryRun: false,
    });
    await writer.write(samplePreferenceRow());
    await writer.close();
    const [row] = await lines(writer.path);
    expect(Object.keys(row as object)).toEqual([
      "input",
      "non_preferred_output",
      "preferred_output",
    ]);
  });

  it("writes Parquet with flat UTF-8 columns that read back row for row", async () => {
    const writer = await openDatasetWriter({
      exporter: "rag",
      format: "parquet",
      out,
      inlineImages: false,
      dryRun: false,
    });
    const rows = Array.from({ length: 25_003 }, (_, index) =>
      sampleRagRow({ id: `rag_${index}`, title: `Título ${index}` }),
    );
    for (const row of rows) await writer.write(row);
    await writer.close();
    const file = await asyncBufferFromFile(writer.path);
    const metadata = await parquetMetadataAsync(file);
    expect(Number(metadata.num_rows)).toBe(rows.length);
    // Batches of 10k rows become separate row groups: memory stays bounded.
    expect(metadata.row_groups.length).toBe(3);
    for (const element of metadata.schema.slice(1)) {
      expect(element).toMatchObject({ type: "BYTE_ARRAY", converted_type: "UTF8" });
    }
    const read = (await parquetReadObjects({ file })) as Record<string, string>[];
    expect(read[25_002]?.title).toBe("Título 25002");
    expect(JSON.parse(read[0]?.tags ?? "")).toEqual(["desktop", "settings"]);
    expect(JSON.parse(read[0]?.provenance ?? "").traceId).toBe("trace_1");
  });

  it("writes an empty but valid Parquet file when no row passes", async () => {
    const writer = await openDatasetWriter({
      exporter: "sft",
      format: "parquet",
      out,
      inlineImages: false,
      dryRun: false,
    });
    await writer.close();
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(writer.path));
    expect(Number(metadata.num_rows)).toBe(0);
  });

  it("is byte-identical across runs", async () => {
    const write = async (format: "parquet" | "native"): Promise<Buffer> => {
      const writer = await openDatasetWriter({
        exporter: "sft",
        format,
        out,
        inlineImages: false,
        dryRun: false,
      });
      await writer.write(sampleSftRow());
      await writer.write(sampleSftRow({ id: "sft_2", category: "partially_accepted" }));
      await writer.close();
      return readFile(writer.path);
    };
    expect((await write("parquet")).equals(await write("parquet"))).toBe(true);
    expect((await write("native")).equals(await write("native"))).toBe(true);
  });

  it("writes nothing on a dry run but still counts rows and planned images", async () => {
    const writer = await openDatasetWriter({
      exporter: "sft",
      format: "parquet",
      out,
      inlineImages: false,
      dryRun: true,
    });
    await writer.write(sampleSftRow());
    await writer.close();
    expect(writer.rows).toBe(1);
    expect(writer.images.size).toBe(1);
    expect(await readdir(out)).toEqual([]);
  });
});
