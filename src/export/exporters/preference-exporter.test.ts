import { describe, expect, it } from "vitest";
import { preferenceRowSchema } from "../../core/dataset-row.js";
import { preferenceExporter } from "./preference-exporter.js";
import { diagonalPairs } from "./preference-pairs.js";
import { contextWith, conversation, makeRecord, runExporter } from "./test-records.js";

const graded = (
  recordId: string,
  category: "accepted" | "rejected" | "partially_accepted",
  score: number,
  taskId = "t1",
) =>
  makeRecord({
    recordId,
    taskId,
    category,
    grade: { id: `g_${recordId}`, score },
    messages: conversation(`Prompt for ${taskId}`, `Answer from ${recordId}`),
  });

describe("preferenceExporter", () => {
  it("pairs accepted × rejected first, then accepted × partial, best scores first", async () => {
    const records = [
      graded("a_low", "accepted", 75),
      graded("a_high", "accepted", 95),
      graded("r1", "rejected", 10),
      graded("p1", "partially_accepted", 50),
    ];
    const { rows, quarantine } = await runExporter(preferenceExporter, records);
    expect(quarantine).toEqual([]);
    const pairs = rows.map((row) => [row.chosen[0]?.content, row.rejected[0]?.content]);
    expect(pairs).toEqual([
      ["Answer from a_high", "Answer from r1"],
      ["Answer from a_low", "Answer from r1"],
      ["Answer from a_high", "Answer from p1"],
      ["Answer from a_low", "Answer from p1"],
    ]);
    for (const row of rows) {
      expect(preferenceRowSchema.safeParse(row).success).toBe(true);
      expect(row.prompt).toEqual([{ role: "user", content: "Prompt for t1" }]);
    }
  });

  it("caps pairs per task and keeps tasks apart", async () => {
    const records = [
      ...["a1", "a2", "a3"].map((id) => graded(id, "accepted", 90)),
      ...["r1", "r2", "r3"].map((id) => graded(id, "rejected", 10)),
      graded("b_acc", "accepted", 90, "t2"),
      graded("b_rej", "rejected", 10, "t2"),
    ];
    const { rows } = await runExporter(
      preferenceExporter,
      records,
      contextWith({ maxPairsPerTask: 2 }),
    );
    expect(rows.map((row) => row.taskId)).toEqual(["t1", "t1", "t2"]);
  });

  it("never pairs two records of the same run and says so when a record ends up unpaired", async () => {
    const accepted = { ...graded("a", "accepted", 90), sourceRunId: "run_same" };
    const rejected = { ...graded("r", "rejected", 10), sourceRunId: "run_same" };
    const { rows, quarantine } = await runExporter(preferenceExporter, [accepted, rejected]);
    expect(rows).toEqual([]);
    expect(quarantine.map((entry) => [entry.recordId, entry.reasons])).toEqual([
      ["a", ["invalid_preference_pairing"]],
      ["r", ["invalid_preference_pairing"]],
    ]);
  });

  it("leaves records without a partner out silently and never pairs review records", async () => {
    const review = { ...graded("h", "accepted", 90), category: "needs_human_review" as const };
    const { rows, quarantine } = await runExporter(preferenceExporter, [
      graded("a", "accepted", 90),
      review,
    ]);
    expect(rows).toEqual([]);
    expect(quarantine.map((entry) => [entry.recordId, entry.reasons])).toEqual([
      ["h", ["category_disallowed"]],
    ]);
  });

  it("quarantines records with no taskId or no messages at intake", async () => {
    const noTask = { ...graded("x", "accepted", 90), taskId: undefined };
    const noMessages = { ...graded("y", "rejected", 10), messages: [] };
    const { quarantine } = await runExporter(preferenceExporter, [noTask, noMessages]);
    expect(quarantine.map((entry) => entry.reasons)).toEqual([
      ["invalid_preference_pairing"],
      ["empty_content"],
    ]);
  });
});

describe("diagonalPairs", () => {
  it("walks two ranked lists diagonally", () => {
    expect([...diagonalPairs(2, 3)]).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 2],
      [1, 1],
      [1, 2],
    ]);
    expect([...diagonalPairs(0, 3)]).toEqual([]);
  });
});
