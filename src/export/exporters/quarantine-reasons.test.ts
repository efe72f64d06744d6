import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../core/dataset-row.js";
import { createRedactor } from "../../model/redact.js";
import { createEvalIndex } from "../checks/eval-index.js";
import { type ExportRecord, type QuarantineReason, quarantineReasons } from "../types.js";
import type { ExportContext, Exporter } from "./exporter.js";
import { preferenceExporter } from "./preference-exporter.js";
import { ragExporter } from "./rag-exporter.js";
import { sftExporter } from "./sft-exporter.js";
import { contextWith, conversation, makeRecord, runExporter } from "./test-records.js";

/**
 * Every quarantine reason in the contract is reachable: one scenario per reason, and the table
 * must cover the whole closed list, so a new reason without a path fails here.
 */
interface Scenario {
  exporter: Exporter<unknown>;
  records: () => ExportRecord[];
  context?: () => ExportContext;
}

const scenarios: Record<QuarantineReason, Scenario> = {
  missing_provenance: {
    exporter: sftExporter,
    records: () => [makeRecord({ provenance: undefined })],
  },
  missing_source_run_id: {
    exporter: ragExporter,
    records: () => [makeRecord({ sourceRunId: undefined })],
  },
  empty_content: { exporter: ragExporter, records: () => [makeRecord({ content: "" })] },
  schema_violation: {
    exporter: sftExporter,
    records: () => [
      makeRecord({ messages: [{ role: "narrator", content: "hi" } as unknown as ChatMessage] }),
    ],
  },
  unsafe_sft_category: {
    exporter: sftExporter,
    records: () => [makeRecord({ category: "rejected" })],
  },
  unsafe_rag_category: {
    exporter: ragExporter,
    records: () => [makeRecord({ category: "rejected" })],
  },
  invalid_preference_pairing: {
    exporter: preferenceExporter,
    records: () => [makeRecord({ taskId: undefined })],
  },
  hallucinated_file_path: {
    exporter: ragExporter,
    records: () => [
      makeRecord({ content: "I rewrote src/invented.ts", knownFiles: ["src/real.ts"] }),
    ],
  },
  duplicate_id: {
    exporter: sftExporter,
    records: () => {
      const record = makeRecord();
      return [record, { ...record }];
    },
  },
  self_pairing: {
    exporter: preferenceExporter,
    records: () => {
      const messages = conversation("same prompt", "same answer");
      return [
        makeRecord({ category: "accepted", messages }),
        makeRecord({ category: "rejected", messages }),
      ];
    },
  },
  category_disallowed: {
    exporter: sftExporter,
    records: () => [makeRecord({ category: undefined })],
  },
  near_duplicate: {
    exporter: ragExporter,
    records: () => {
      const first = makeRecord();
      return [first, makeRecord({ content: `${first.content} again` })];
    },
  },
  eval_contamination: {
    exporter: sftExporter,
    records: () => [makeRecord({ content: "one two three four five six seven eight nine ten" })],
    context: () => contextWith({}, { evalIndex: createEvalIndex(["Seven, eight, nine!"], 3) }),
  },
  pii_detected: {
    exporter: sftExporter,
    records: () => [makeRecord({ content: "Reach me at grace.hopper@navy-example.org" })],
    context: () => contextWith({}, { redactor: createRedactor() }),
  },
};

describe("quarantine reasons", () => {
  it("has a scenario for every reason in the contract", () => {
    expect(Object.keys(scenarios).sort()).toEqual([...quarantineReasons].sort());
  });

  it.each(quarantineReasons.map((reason) => [reason]))("%s is reachable", async (reason) => {
    const scenario = scenarios[reason];
    const { quarantine } = await runExporter(
      scenario.exporter,
      scenario.records(),
      scenario.context?.() ?? contextWith(),
    );
    expect(quarantine.flatMap((entry) => entry.reasons)).toContain(reason);
    for (const entry of quarantine) {
      expect(entry.exporter).toBe(scenario.exporter.name);
      expect(entry.errors.length).toBeGreaterThanOrEqual(entry.reasons.length);
    }
  });
});
