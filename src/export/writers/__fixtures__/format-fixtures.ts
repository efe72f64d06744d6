import type { PreferenceRow, Provenance, RagRow, SftRow } from "../../../core/dataset-row.js";

/** Hand-made rows shared by the writer, receipt and run-export tests (small, valid by the core schemas). */
export const sampleProvenance: Provenance = {
  traceId: "trace_1",
  stepRange: [0, 3],
  sourceFile: { path: "session/trace.json", sha256: "a".repeat(64) },
  gradeId: "grade_1",
};

/** A 1×1 JPEG-ish payload; writers treat image bytes as opaque. */
export const sampleImageBase64 = Buffer.from("not really a jpeg, but bytes").toString("base64");

export function sampleSftRow(overrides: Partial<SftRow> = {}): SftRow {
  return {
    type: "sft",
    id: "sft_1",
    category: "accepted",
    messages: [
      { role: "system", content: "You operate a desktop." },
      {
        role: "user",
        content: [
          { type: "text", text: "Open the settings." },
          { type: "image", data: sampleImageBase64 },
        ],
      },
      { role: "assistant", content: "Clicked Settings." },
    ],
    provenance: sampleProvenance,
    ...overrides,
  };
}

export function sampleRagRow(overrides: Partial<RagRow> = {}): RagRow {
  return {
    type: "rag",
    id: "rag_1",
    title: "Settings",
    content: "How to open the settings: click the gear.",
    tags: ["desktop", "settings"],
    sourceRunId: "run_1",
    category: "accepted",
    embeddingText: "How to open the settings",
    createdAt: "2026-01-02T03:04:05.000Z",
    provenance: sampleProvenance,
    ...overrides,
  };
}

export function samplePreferenceRow(overrides: Partial<PreferenceRow> = {}): PreferenceRow {
  return {
    type: "preference",
    id: "pref_1",
    taskId: "task_1",
    prompt: [{ role: "user", content: "Open the settings." }],
    chosen: [{ role: "assistant", content: "Clicked the gear icon." }],
    rejected: [{ role: "assistant", content: "Closed the window." }],
    chosenProvenance: sampleProvenance,
    rejectedProvenance: { ...sampleProvenance, traceId: "trace_2" },
    ...overrides,
  };
}
