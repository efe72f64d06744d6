import { describe, expect, it } from "vitest";
import { ragRowSchema } from "../../core/dataset-row.js";
import { capText, ragExporter } from "./rag-exporter.js";
import { contextWith, makeRecord, runExporter } from "./test-records.js";

describe("ragExporter", () => {
  it("builds schema-valid rows with a capped embedding text", async () => {
    const record = makeRecord({ category: "partially_accepted", tags: ["a", "b"] });
    const { rows } = await runExporter(
      ragExporter,
      [record],
      contextWith({ embeddingTextMaxChars: 20 }),
    );
    const row = rows[0]!;
    expect(ragRowSchema.safeParse(row).success).toBe(true);
    expect(row).toMatchObject({
      title: record.title,
      content: record.content,
      tags: ["a", "b"],
      sourceRunId: record.sourceRunId,
      category: "partially_accepted",
      createdAt: record.createdAt,
      provenance: record.provenance,
    });
    expect(row.embeddingText).toBe(record.content.slice(0, 20));
  });

  it("takes needs_human_review only with includeReview, rejected never", async () => {
    const review = makeRecord({ category: "needs_human_review" });
    const rejected = makeRecord({ category: "rejected" });
    const plain = await runExporter(ragExporter, [review, rejected]);
    expect(plain.quarantine.map((entry) => entry.reasons)).toEqual([
      ["category_disallowed"],
      ["unsafe_rag_category"],
    ]);
    const flagged = await runExporter(
      ragExporter,
      [review, rejected],
      contextWith({ includeReview: true, includePartial: true }),
    );
    expect(flagged.rows.map((row) => row.category)).toEqual(["needs_human_review"]);
    expect(flagged.quarantine.map((entry) => entry.reasons)).toEqual([["unsafe_rag_category"]]);
  });

  it("quarantines records without a source run id", async () => {
    const { quarantine } = await runExporter(ragExporter, [makeRecord({ sourceRunId: " " })]);
    expect(quarantine[0]?.reasons).toEqual(["missing_source_run_id"]);
  });

  it("quarantines repeated record ids after the first", async () => {
    const record = makeRecord();
    const { rows, quarantine } = await runExporter(ragExporter, [record, { ...record }]);
    expect(rows).toHaveLength(1);
    expect(quarantine[0]?.reasons).toContain("duplicate_id");
  });
});

describe("capText", () => {
  it("never splits a surrogate pair", () => {
    expect(capText("ab😀cd", 3)).toBe("ab");
    expect(capText("ab😀cd", 4)).toBe("ab😀");
    expect(capText("short", 100)).toBe("short");
  });
});
