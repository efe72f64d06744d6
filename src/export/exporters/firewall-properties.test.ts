import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ChatMessage,
  preferenceRowSchema,
  ragRowSchema,
  sftRowSchema,
} from "../../core/dataset-row.js";
import { sha256Hex } from "../../core/hash.js";
import type { Category, ExportRecord } from "../types.js";
import { preferenceExporter } from "./preference-exporter.js";
import { ragExporter } from "./rag-exporter.js";
import { sftExporter } from "./sft-exporter.js";
import { contextWith, runExporter } from "./test-records.js";

/**
 * Firewall properties over random mixes of categories and malformed records: whatever comes
 * in, unsafe categories never leave as rows, pairs are never degenerate, rows always satisfy the
 * core schemas, and the output is a pure function of the input.
 */
const words = [
  "alpha",
  "beta",
  "gamma",
  "delta",
  "src/app.py",
  "ghost.ts",
  "the",
  "run",
  "fix",
  "test",
];
const textArbitrary = fc
  .array(fc.constantFrom(...words), { maxLength: 12 })
  .map((list) => list.join(" "));

const messagesArbitrary: fc.Arbitrary<ChatMessage[] | undefined> = fc.option(
  fc.tuple(fc.constantFrom("prompt one", "prompt two"), textArbitrary).map(([prompt, answer]) => [
    { role: "user" as const, content: prompt },
    { role: "assistant" as const, content: answer },
  ]),
  { nil: undefined, freq: 6 },
);

const recordArbitrary: fc.Arbitrary<ExportRecord> = fc
  .record({
    id: fc.integer({ min: 0, max: 12 }),
    category: fc.option(
      fc.constantFrom<Category>("accepted", "partially_accepted", "rejected", "needs_human_review"),
      {
        nil: undefined,
        freq: 8,
      },
    ),
    provenance: fc.constantFrom("valid", "valid", "valid", "valid", "missing", "invalid"),
    run: fc.option(fc.constantFrom("run_a", "run_b", "run_c", ""), { nil: undefined, freq: 6 }),
    task: fc.option(fc.constantFrom("task_1", "task_2"), { nil: undefined, freq: 6 }),
    score: fc.integer({ min: 0, max: 100 }),
    content: textArbitrary,
    messages: messagesArbitrary,
    knownFiles: fc.option(fc.constant(["src/app.py"]), { nil: undefined, freq: 3 }),
  })
  .map(
    (draft): ExportRecord => ({
      recordId: `r${draft.id}`,
      ...(draft.run === undefined ? {} : { sourceRunId: draft.run }),
      ...(draft.task === undefined ? {} : { taskId: draft.task }),
      ...(draft.category === undefined ? {} : { category: draft.category }),
      grade: { id: `g${draft.id}`, score: draft.score },
      ...(draft.messages === undefined ? {} : { messages: draft.messages }),
      content: draft.content,
      tags: [],
      ...(draft.knownFiles === undefined ? {} : { knownFiles: [...draft.knownFiles] }),
      ...(draft.provenance === "missing"
        ? {}
        : {
            provenance: {
              traceId: `trace_r${draft.id}`,
              stepRange: [0, 1] as [number, number],
              sourceFile: {
                path: "t.json",
                sha256: draft.provenance === "valid" ? sha256Hex(`r${draft.id}`) : "nothex",
              },
            },
          }),
      createdAt: "2026-01-01T00:00:00.000Z",
      origin: { file: "input.jsonl", line: draft.id },
    }),
  );

const inputArbitrary = fc.record({
  records: fc.array(recordArbitrary, { maxLength: 25 }),
  includePartial: fc.boolean(),
  includeReview: fc.boolean(),
  maxPairsPerTask: fc.integer({ min: 1, max: 4 }),
});
// A pair needs two usable records of one task: with short arrays and 150 runs the preference
// property saw no row about one time in ten, and "reaches rows of every kind" failed by chance.
const pairingInputArbitrary = fc.record({
  records: fc.array(recordArbitrary, { minLength: 12, maxLength: 25 }),
  includePartial: fc.boolean(),
  includeReview: fc.boolean(),
  maxPairsPerTask: fc.integer({ min: 1, max: 4 }),
});

/** The first record seen for each id: later copies are duplicates and never become rows. */
function firstById(records: readonly ExportRecord[]): Map<string, ExportRecord> {
  const map = new Map<string, ExportRecord>();
  for (const record of records) if (!map.has(record.recordId)) map.set(record.recordId, record);
  return map;
}

describe("export firewall properties", () => {
  // Rows seen across all runs: a generator that never produced rows would make the properties vacuous.
  const produced = { sft: 0, rag: 0, preference: 0 };

  it("SFT: only accepted/partial rows, schema-valid, one item per record in order", async () => {
    await fc.assert(
      fc.asyncProperty(inputArbitrary, async (input) => {
        const context = contextWith({ ...input, includeReview: true });
        const { items } = await runExporter(sftExporter, input.records, context);
        expect(
          items.map((item) =>
            item.kind === "row"
              ? item.record.recordId
              : item.kind === "quarantine"
                ? item.quarantine.recordId
                : item.recordId,
          ),
        ).toEqual(input.records.map((record) => record.recordId));
        for (const item of items) {
          if (item.kind !== "row") continue;
          produced.sft++;
          expect(sftRowSchema.safeParse(item.row).success).toBe(true);
          expect(["accepted", "partially_accepted"]).toContain(item.record.category);
          if (item.record.category === "partially_accepted")
            expect(input.includePartial).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("RAG: never a rejected row, review only when asked, schema-valid", async () => {
    await fc.assert(
      fc.asyncProperty(inputArbitrary, async (input) => {
        const { items } = await runExporter(ragExporter, input.records, contextWith(input));
        expect(items).toHaveLength(input.records.length);
        for (const item of items) {
          if (item.kind !== "row") continue;
          produced.rag++;
          expect(ragRowSchema.safeParse(item.row).success).toBe(true);
          expect(item.record.category).not.toBe("rejected");
          expect(item.row.category).toBe(item.record.category);
          if (item.row.category === "needs_human_review") expect(input.includeReview).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("preference: no self pairs, no same-run pairs, a real category gap, schema-valid", async () => {
    await fc.assert(
      fc.asyncProperty(pairingInputArbitrary, async (input) => {
        const byTrace = new Map(
          [...firstById(input.records).values()].map((record) => [
            `trace_${record.recordId}`,
            record,
          ]),
        );
        const { items, rows } = await runExporter(
          preferenceExporter,
          input.records,
          contextWith(input),
        );
        // Every record ends in exactly one place: a pair's first use, the quarantine or a skip.
        const accounted = items.reduce(
          (sum, item) => sum + (item.kind === "row" ? (item.records ?? 1) : 1),
          0,
        );
        expect(accounted).toBe(input.records.length);
        const perTask = new Map<string, number>();
        produced.preference += rows.length;
        for (const row of rows) {
          expect(preferenceRowSchema.safeParse(row).success).toBe(true);
          const chosen = byTrace.get(row.chosenProvenance.traceId)!;
          const rejected = byTrace.get(row.rejectedProvenance.traceId)!;
          expect(chosen.recordId).not.toBe(rejected.recordId);
          if (chosen.sourceRunId !== undefined)
            expect(rejected.sourceRunId).not.toBe(chosen.sourceRunId);
          expect(chosen.category).toBe("accepted");
          expect(["rejected", "partially_accepted"]).toContain(rejected.category);
          expect(chosen.taskId).toBe(row.taskId);
          expect(rejected.taskId).toBe(row.taskId);
          perTask.set(row.taskId, (perTask.get(row.taskId) ?? 0) + 1);
        }
        for (const count of perTask.values())
          expect(count).toBeLessThanOrEqual(input.maxPairsPerTask);
      }),
      { numRuns: 300 },
    );
  });

  it("the generator reaches rows of every kind", () => {
    expect(produced.sft).toBeGreaterThan(0);
    expect(produced.rag).toBeGreaterThan(0);
    expect(produced.preference).toBeGreaterThan(0);
  });

  it("every exporter is deterministic for the same input", async () => {
    await fc.assert(
      fc.asyncProperty(inputArbitrary, async (input) => {
        for (const exporter of [sftExporter, ragExporter, preferenceExporter] as const) {
          const first = await runExporter<unknown>(exporter, input.records, contextWith(input));
          const second = await runExporter<unknown>(
            exporter,
            structuredClone(input.records),
            contextWith(input),
          );
          expect(JSON.stringify(second.items)).toBe(JSON.stringify(first.items));
        }
      }),
      { numRuns: 60 },
    );
  });
});
