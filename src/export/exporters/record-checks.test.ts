import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { provenanceSchema } from "../../core/dataset-row.js";
import type { ExportRecord } from "../types.js";
import { type Finding, provenanceFindings } from "./record-checks.js";
import { makeRecord } from "./test-records.js";

/** The findings straight from the schema: what provenanceFindings must always answer. */
function schemaVerdict(provenance: unknown): Finding[] {
  if (provenance === undefined) {
    return [{ reason: "missing_provenance", error: "record has no provenance" }];
  }
  const parsed = provenanceSchema.safeParse(provenance);
  if (parsed.success) return [];
  const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  return [{ reason: "missing_provenance", error: `invalid provenance (${detail.join("; ")})` }];
}

const hex = "0123456789abcdef".repeat(4);
const almostValid = <T>(valid: fc.Arbitrary<T>, ...wrong: unknown[]) =>
  fc.oneof({ weight: 3, arbitrary: valid }, fc.constantFrom(...wrong), fc.anything());
const step = almostValid(fc.nat(), -1, -0, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, "1");
const sourceFile = almostValid(
  fc.record(
    {
      path: almostValid(fc.string({ minLength: 1 }), "", 1),
      sha256: almostValid(
        fc.constant(hex),
        hex.toUpperCase(),
        hex.slice(1),
        `${hex}\n`,
        `${hex}0`,
        `${hex.slice(1)}g`,
      ),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  null,
  [],
  new Date(0),
);
const provenance = almostValid(
  fc.record(
    {
      traceId: almostValid(fc.string({ minLength: 1 }), "", 7),
      stepRange: almostValid(fc.tuple(step, step), [0], [0, 1, 2], [], "0,1"),
      sourceFile,
      gradeId: almostValid(fc.string({ minLength: 1 }), "", undefined, 3),
      other: fc.anything(),
    },
    { requiredKeys: ["traceId", "stepRange", "sourceFile"] },
  ),
  undefined,
  null,
  [],
  Object.assign(Object.create(null), {
    traceId: "t",
    stepRange: [0, 1],
    sourceFile: { path: "a", sha256: hex },
  }),
);

describe("provenanceFindings", () => {
  it("answers exactly what the provenance schema answers, for valid and broken provenance", () => {
    fc.assert(
      fc.property(provenance, (value) => {
        const record = { ...makeRecord(), provenance: value } as ExportRecord;
        expect(provenanceFindings(record)).toEqual(schemaVerdict(value));
      }),
      { numRuns: 2000 },
    );
  });
});
