import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalJson } from "../../core/canonical-json.js";
import type { ChatMessage } from "../../core/dataset-row.js";
import { ragExporter } from "../exporters/rag-exporter.js";
import { sftExporter } from "../exporters/sft-exporter.js";
import { contextWith, makeRecord, runExporter } from "../exporters/test-records.js";
import { openJsonlWriter } from "./jsonl-writer.js";

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), "tracemill-jsonl-"));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function writtenLines(rows: readonly unknown[]): Promise<string[]> {
  const path = join(out, "rows.jsonl");
  const sink = await openJsonlWriter(path);
  for (const row of rows) await sink.writeObject(row);
  await sink.close();
  return (await readFile(path, "utf8")).trimEnd().split("\n");
}

// Exporters hand the writer texts they already made (SFT messages, RAG content): the file must
// hold exactly the canonical JSON of each row all the same.
describe("openJsonlWriter with rows from the exporters", () => {
  it("writes each SFT row's canonical JSON, also when the schema stripped message keys", async () => {
    const extraKey = [
      { role: "user", content: "Solve it", name: "alice" },
      { content: [{ text: "Done: é \u2028 \ud800", type: "text" }], role: "assistant" },
    ] as unknown as ChatMessage[];
    const { rows } = await runExporter(sftExporter, [
      makeRecord(),
      makeRecord({ messages: extraKey }),
    ]);
    expect(rows).toHaveLength(2);
    const lines = await writtenLines(rows);
    expect(lines).toEqual(rows.map((row) => canonicalJson(row)));
    expect(lines[1]).not.toContain("alice");
  });

  it("writes each RAG row's canonical JSON, whether or not the embedding text was capped", async () => {
    const { rows } = await runExporter(
      ragExporter,
      [makeRecord(), makeRecord({ content: `"Quoted" ${"long ".repeat(20)}` })],
      contextWith({ embeddingTextMaxChars: 40 }),
    );
    expect(rows[0]?.embeddingText).not.toBe(rows[0]?.content);
    const uncapped = await runExporter(ragExporter, [makeRecord()]);
    const all = [...rows, ...uncapped.rows];
    expect(await writtenLines(all)).toEqual(all.map((row) => canonicalJson(row)));
  });
});
