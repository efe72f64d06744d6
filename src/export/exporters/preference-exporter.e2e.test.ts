import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ChatMessage,
  type PreferenceRow,
  preferenceRowSchema,
} from "../../core/dataset-row.js";
import { inMemoryPreferenceExporter } from "../../test-support/preference-in-memory.js";
import { createFileSignatureStore } from "../checks/signature-store.js";
import type { Category, ExportRecord } from "../types.js";
import type { ExportContext, Exporter } from "./exporter.js";
import { preferenceExporter } from "./preference-exporter.js";
import { diagonalPairs } from "./preference-pairs.js";
import { createFileSpill } from "./record-spill.js";
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

async function* stream<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

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

describe("preferenceExporter spill", () => {
  it("removes its spill file when the consumer stops at the first row", async () => {
    const folder = await mkdtemp(join(tmpdir(), "preference-spill-"));
    try {
      const spillFiles: string[][] = [];
      const context = contextWith(
        {},
        { openSpill: <Value>() => createFileSpill<Value>({ directory: folder, bufferBytes: 1 }) },
      );
      const records = [graded("a", "accepted", 90), graded("r", "rejected", 10)];
      for await (const item of preferenceExporter.run(stream(records), context)) {
        expect(item.kind).toBe("row");
        spillFiles.push(await readdir(folder));
        break;
      }
      expect(spillFiles).toEqual([[expect.stringMatching(/^tracemill-spill-/)]]);
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
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

/** Ten words no other record uses: never a near duplicate (short texts collide in MinHash). */
const uniqueText = (seed: string) =>
  Array.from({ length: 10 }, (_, word) => `${seed}w${word}`).join(" ");

const words = ["fix", "the", "parser", "cache", "test", "run", "alpha", "beta"];
const messageArbitrary: fc.Arbitrary<ChatMessage> = fc.record({
  role: fc.constantFrom<ChatMessage["role"]>("user", "assistant", "assistant", "system"),
  content: fc.oneof(
    fc
      .array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 })
      .map((list) => list.join(" ")),
    fc.constantFrom("a part", "another part").map((text) => [{ type: "text" as const, text }]),
  ),
});
// Conversations built from a few prompts and answers, so prefixes, identical conversations,
// prompt-only records and (via role "narrator") rows failing their schema all occur.
const conversationArbitrary = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.constantFrom("prompt one", "prompt two"),
        fc.array(messageArbitrary, { maxLength: 2 }),
        fc.constantFrom(false, false, false, false, false, true),
        fc.option(fc.nat(), { freq: 3, nil: undefined }),
      )
      .map(([prompt, rest, broken, answerSeed]): ChatMessage[] => [
        { role: "user", content: prompt },
        ...rest,
        ...(broken ? [{ role: "narrator", content: "x" } as unknown as ChatMessage] : []),
        ...(answerSeed === undefined
          ? []
          : [{ role: "assistant" as const, content: uniqueText(`a${answerSeed}`) }]),
      ]),
  },
  { weight: 2, arbitrary: fc.constant(conversation("prompt one", "the same answer")) },
  { weight: 1, arbitrary: fc.constant<ChatMessage[]>([]) },
);

const pairingInputArbitrary = fc.record({
  maxPairsPerTask: fc.integer({ min: 1, max: 6 }),
  records: fc.array(
    fc.record({
      id: fc.integer({ min: 0, max: 40 }),
      task: fc.constantFrom("t1", "t1", "t2", " t1", "t3", undefined),
      category: fc.constantFrom<Category | undefined>(
        "accepted",
        "accepted",
        "rejected",
        "partially_accepted",
        "rejected",
        "partially_accepted",
        "needs_human_review",
        undefined,
      ),
      run: fc.constantFrom("run_a", "run_b", "", undefined, "own", "own", "own"),
      score: fc.constantFrom(0, 25, 50, 75, 90.5, undefined),
      messages: conversationArbitrary,
    }),
    { minLength: 5, maxLength: 40 },
  ),
});

type PairingInput = typeof pairingInputArbitrary extends fc.Arbitrary<infer Input> ? Input : never;

function pairingRecords(input: PairingInput): ExportRecord[] {
  return input.records.map((draft, index) =>
    makeRecord({
      recordId: `rec_${draft.id}`,
      taskId: draft.task,
      category: draft.category,
      sourceRunId: draft.run === "own" ? `run_${index}` : draft.run,
      grade: draft.score === undefined ? undefined : { id: `g${index}`, score: draft.score },
      messages: structuredClone(draft.messages),
    }),
  );
}

describe("preferenceExporter against the in-memory reference", () => {
  const refusalKinds = [
    "same source run",
    "identical conversations",
    "no shared prompt",
    "one side has no completion",
    "row fails its schema",
  ];
  const seen = { rows: 0, nearDuplicates: 0, refusals: new Set<string>() };
  const spillFolders: string[] = [];
  afterAll(async () => {
    for (const folder of spillFolders) await rm(folder, { recursive: true, force: true });
  });

  it("yields exactly the reference's rows and quarantine records, in the same order", async () => {
    const folder = await mkdtemp(join(tmpdir(), "preference-spill-"));
    spillFolders.push(folder);
    // A one-byte buffer sends every record through the file; the default keeps these in memory.
    // So does a one-row signature buffer for the near-duplicate table.
    const onDisk = contextWith(
      {},
      {
        openSpill: <Value>() => createFileSpill<Value>({ directory: folder, bufferBytes: 1 }),
        openSignatureStore: (width) =>
          createFileSignatureStore(width, { directory: folder, bufferRows: 1 }),
      },
    );
    await fc.assert(
      fc.asyncProperty(pairingInputArbitrary, async (input) => {
        const records = pairingRecords(input);
        const options = { maxPairsPerTask: input.maxPairsPerTask };
        const reference = await runExporter(
          inMemoryPreferenceExporter,
          records,
          contextWith(options),
        );
        const streamed = await runExporter(preferenceExporter, records, contextWith(options));
        const spilled = await runExporter(preferenceExporter, records, {
          ...onDisk,
          options: { ...onDisk.options, ...options },
        });
        expect(streamed.items).toEqual(reference.items);
        expect(JSON.stringify(spilled.items)).toBe(JSON.stringify(reference.items));
        expect(await readdir(folder)).toEqual([]);
        seen.rows += reference.rows.length;
        for (const entry of reference.quarantine) {
          if (entry.reasons.includes("near_duplicate")) seen.nearDuplicates += 1;
          for (const error of entry.errors) {
            const kind = refusalKinds.find((prefix) => error.startsWith(prefix));
            if (kind !== undefined) seen.refusals.add(kind);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The generator must reach both pairs and refused pairings, or the comparison says little.
    expect(seen.rows).toBeGreaterThan(100);
    expect(seen.nearDuplicates).toBeGreaterThan(20);
    expect([...seen.refusals].sort()).toEqual([...refusalKinds].sort());
  });
});

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Live heap plus buffers after a full collection. */
function retainedBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Records of `contentBytes` each (a flat string per record, not a shared rope), 20 per task, and
 * the bytes still reachable once the exporter has taken the last one in.
 */
async function intakeGrowth(
  exporter: Exporter<PreferenceRow>,
  count: number,
  contentBytes: number,
  context: ExportContext,
): Promise<{ growth: number; rows: number }> {
  let growth = 0;
  async function* source(): AsyncIterable<ExportRecord> {
    const before = retainedBytes();
    for (let index = 0; index < count; index++) {
      const categories = ["accepted", "rejected", "partially_accepted"] as const;
      yield makeRecord({
        recordId: `rec_${index}`,
        sourceRunId: `run_${index}`,
        taskId: `task_${index % (count / 20)}`,
        category: categories[index % 3],
        grade: { id: `g${index}`, score: index % 100 },
        messages: conversation(`Prompt ${index % (count / 20)}`, uniqueText(`r${index}`)),
        content: Buffer.alloc(contentBytes, `record ${index} `).toString("latin1"),
      });
    }
    // Reached when the exporter asks for one more record: intake is over, pairing not begun.
    growth = retainedBytes() - before;
  }
  let rows = 0;
  for await (const item of exporter.run(source(), context)) if (item.kind === "row") rows++;
  return { growth, rows };
}

describe("preferenceExporter memory", () => {
  const contentBytes = 20_000;

  it("the measurement sees retained records: the in-memory reference keeps their content", async () => {
    const count = 2_000;
    const { growth } = await intakeGrowth(
      inMemoryPreferenceExporter,
      count,
      contentBytes,
      contextWith(),
    );
    expect(growth).toBeGreaterThan(0.75 * count * contentBytes);
  });

  it("keeps no record content while streaming 20,000 records of 20 KB (400 MB)", async () => {
    const count = 20_000;
    const folder = await mkdtemp(join(tmpdir(), "preference-spill-"));
    try {
      const context = contextWith(
        {},
        { openSpill: <Value>() => createFileSpill<Value>({ directory: folder }) },
      );
      const { growth, rows } = await intakeGrowth(preferenceExporter, count, contentBytes, context);
      expect(rows).toBe(5_000);
      // The 1 MB write buffer, the metadata and the near-duplicate index: under 8% of the content.
      expect(growth).toBeLessThan(0.08 * count * contentBytes);
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
