import type { ChatMessage } from "../../core/dataset-row.js";
import { sha256Hex } from "../../core/hash.js";
import {
  defaultExportOptions,
  type ExportOptions,
  type ExportRecord,
  type QuarantineRecord,
} from "../types.js";
import type { ExportContext, Exporter, ExportItem } from "./exporter.js";

/**
 * Builders for exporter tests: valid records by default, so each test changes only the field it
 * is about. Lives beside the tests (not in a fixture folder) because it is typed against the contract.
 */
let counter = 0;

export function conversation(prompt: string, answer: string): ChatMessage[] {
  return [
    { role: "user", content: prompt },
    { role: "assistant", content: answer },
  ];
}

export function makeRecord(
  overrides: Partial<ExportRecord> & { recordId?: string } = {},
): ExportRecord {
  counter++;
  const recordId = overrides.recordId ?? `rec_${counter.toString().padStart(4, "0")}`;
  const answer = `Answer ${recordId}: ${Array.from({ length: 30 }, (_, index) => `${recordId}w${index}`).join(" ")}`;
  return {
    recordId,
    sourceRunId: `run_${recordId}`,
    taskId: "task_1",
    title: `Title ${recordId}`,
    category: "accepted",
    grade: { id: `grade_${recordId}`, score: 80 },
    messages: conversation("Solve the task", answer),
    content: answer,
    tags: ["test"],
    provenance: {
      traceId: `trace_${recordId}`,
      stepRange: [0, 3],
      sourceFile: { path: "trace.json", sha256: sha256Hex(recordId) },
    },
    createdAt: "2026-01-02T03:04:05.000Z",
    origin: { file: "trace.json", line: counter },
    ...overrides,
  };
}

export function contextWith(
  options: Partial<ExportOptions> = {},
  rest: Partial<ExportContext> = {},
): ExportContext {
  return { options: { ...defaultExportOptions, ...options }, ...rest };
}

async function* stream<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

export async function runExporter<Row>(
  exporter: Exporter<Row>,
  records: readonly ExportRecord[],
  context: ExportContext = contextWith(),
): Promise<{ items: ExportItem<Row>[]; rows: Row[]; quarantine: QuarantineRecord[] }> {
  const items: ExportItem<Row>[] = [];
  for await (const item of exporter.run(stream(records), context)) items.push(item);
  return {
    items,
    rows: items.flatMap((item) => (item.kind === "row" ? [item.row] : [])),
    quarantine: items.flatMap((item) => (item.kind === "quarantine" ? [item.quarantine] : [])),
  };
}
