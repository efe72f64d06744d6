import { describe, expect, it } from "vitest";
import { sftRowSchema } from "../../core/dataset-row.js";
import { createEvalIndex } from "../checks/eval-index.js";
import { sftExporter, sftRowId } from "./sft-exporter.js";
import { contextWith, conversation, makeRecord, runExporter } from "./test-records.js";

describe("sftExporter", () => {
  it("exports accepted records as schema-valid rows in input order", async () => {
    const records = [makeRecord(), makeRecord()];
    const { rows, quarantine } = await runExporter(sftExporter, records);
    expect(quarantine).toEqual([]);
    expect(rows.map((row) => row.id)).toEqual(records.map(sftRowId));
    for (const row of rows) expect(sftRowSchema.safeParse(row).success).toBe(true);
    expect(rows[0]?.messages).toEqual(records[0]?.messages);
  });

  it("keeps image parts exactly as the record has them", async () => {
    const messages = [
      { role: "user" as const, content: [{ type: "image" as const, path: "images/a.png" }] },
      { role: "assistant" as const, content: "a chart" },
    ];
    const { rows } = await runExporter(sftExporter, [makeRecord({ messages })]);
    expect(rows[0]?.messages).toEqual(messages);
  });

  it("takes partially_accepted only with includePartial", async () => {
    const partial = makeRecord({ category: "partially_accepted" });
    const refused = await runExporter(sftExporter, [partial]);
    expect(refused.quarantine[0]?.reasons).toEqual(["category_disallowed"]);
    const allowed = await runExporter(
      sftExporter,
      [partial],
      contextWith({ includePartial: true }),
    );
    expect(allowed.rows[0]?.category).toBe("partially_accepted");
  });

  it("never exports rejected or needs_human_review, whatever the flags", async () => {
    const flags = contextWith({ includePartial: true, includeReview: true });
    const records = [
      makeRecord({ category: "rejected" }),
      makeRecord({ category: "needs_human_review" }),
    ];
    const { rows, quarantine } = await runExporter(sftExporter, records, flags);
    expect(rows).toEqual([]);
    expect(quarantine.map((entry) => entry.reasons)).toEqual([
      ["unsafe_sft_category"],
      ["unsafe_sft_category"],
    ]);
  });

  it("collects every applicable reason into one quarantine record", async () => {
    const record = makeRecord({
      category: "rejected",
      provenance: undefined,
      content: "  ",
      messages: [],
    });
    const { quarantine } = await runExporter(sftExporter, [record]);
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]?.reasons).toEqual([
      "unsafe_sft_category",
      "missing_provenance",
      "empty_content",
    ]);
    expect(quarantine[0]?.errors).toHaveLength(4);
    expect(quarantine[0]?.origin).toEqual(record.origin);
    expect(quarantine[0]?.category).toBe("rejected");
  });

  it("quarantines near duplicates of earlier accepted rows only", async () => {
    const first = makeRecord({ category: "rejected" });
    const second = makeRecord({ messages: first.messages, content: first.content });
    const third = makeRecord({ messages: first.messages, content: first.content });
    const { rows, quarantine } = await runExporter(sftExporter, [first, second, third]);
    // The rejected first record was never a row, so the second is not its duplicate.
    expect(rows.map((row) => row.id)).toEqual([sftRowId(second)]);
    expect(quarantine.map((entry) => entry.reasons)).toEqual([
      ["unsafe_sft_category"],
      ["near_duplicate"],
    ]);
  });

  it("quarantines evaluation contamination", async () => {
    const record = makeRecord();
    const evalIndex = createEvalIndex([record.content], 13);
    const { quarantine } = await runExporter(sftExporter, [record], contextWith({}, { evalIndex }));
    expect(quarantine[0]?.reasons).toEqual(["eval_contamination"]);
  });

  it("quarantines hallucinated paths only when known files are given", async () => {
    const messages = conversation("fix it", "I fixed src/helpers.py and src/app.py");
    const known = makeRecord({ messages, knownFiles: ["src/app.py"] });
    const unknown = makeRecord({ messages: conversation("fix", "I fixed src/helpers.py") });
    const { rows, quarantine } = await runExporter(sftExporter, [known, unknown]);
    expect(quarantine[0]?.reasons).toEqual(["hallucinated_file_path"]);
    expect(quarantine[0]?.errors[0]).toContain("src/helpers.py");
    expect(rows).toHaveLength(1);
  });
});
