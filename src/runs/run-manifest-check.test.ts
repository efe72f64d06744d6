import { describe, expect, it } from "vitest";
import { checkRunManifest, checkRunWarning } from "./run-manifest-check.js";
import { runManifestSchema, runWarningSchema } from "./run-manifest-schema.js";

/**
 * The light checks stand in for zod on the `runs list` path: whatever they accept, zod must
 * accept with the same result (same members, same order); whatever zod refuses, they refuse.
 */

const sha = "a".repeat(64);

const manifest = {
  schema: "tracemill.run/v1",
  id: "process-20261206-1",
  command: "process",
  createdAt: "2026-12-06T00:00:00.000Z",
  updatedAt: "2026-12-06T00:00:01.000Z",
  toolVersion: "0.1.0",
  status: "completed",
  inputs: [{ path: "a.jsonl", sha256: sha, bytes: 12 }],
  configFingerprint: sha,
  config: { model: { provider: "offline:default" } },
  stages: {
    read: { status: "completed", itemsDone: 3, startedAt: "x", endedAt: "y" },
    grade: { status: "pending", itemsDone: 0 },
  },
  pid: 4242,
  hostname: "box",
};

const warning = { stage: "read", item: "a", file: "f", line: 3, code: "odd", message: "m", t: "t" };

/** Variants of a valid value: each member removed, replaced by wrong values, plus extras. */
function variants(base: Record<string, unknown>, wrongs: unknown[]): unknown[] {
  const out: unknown[] = [base, { ...base, extra: 1 }, null, [], "text", 1];
  for (const key of Object.keys(base)) {
    const { [key]: _removed, ...without } = base;
    out.push(without);
    for (const wrong of wrongs) out.push({ ...base, [key]: wrong });
  }
  return out;
}

const wrongValues = [
  undefined,
  null,
  "",
  "x",
  "completed",
  "pending",
  sha,
  "A".repeat(64),
  -1,
  0,
  1.5,
  2 ** 60,
  Number.NaN,
  true,
  [],
  {},
  [{ path: "", sha256: sha, bytes: 1 }],
  [{ path: "p", sha256: sha, bytes: -1 }],
  [{ path: "p", sha256: sha, bytes: 1, more: true }],
  { s: { status: "done", itemsDone: 1 } },
  { s: { status: "running", itemsDone: 1, startedAt: 5 } },
  { s: { status: "running", itemsDone: 1, endedAt: "e", other: 1 } },
];

function agrees(
  check: (value: unknown) => unknown,
  schema: { safeParse(value: unknown): { success: boolean; data?: unknown } },
  value: unknown,
) {
  const light = check(value);
  const parsed = schema.safeParse(value);
  if (light === undefined) return; // zod decides (and words the error)
  expect(parsed.success, JSON.stringify(value)).toBe(true);
  expect(JSON.stringify(light), JSON.stringify(value)).toBe(JSON.stringify(parsed.data));
}

describe("checkRunManifest", () => {
  it("reads a valid manifest exactly as zod does, unknown members dropped", () => {
    const withExtra = { ...manifest, extra: 1, stages: { a: { ...manifest.stages.read, x: 2 } } };
    expect(checkRunManifest(manifest)).toEqual(runManifestSchema.parse(manifest));
    expect(JSON.stringify(checkRunManifest(withExtra))).toBe(
      JSON.stringify(runManifestSchema.parse(withExtra)),
    );
  });

  it("never accepts what zod refuses, and agrees on what it accepts", () => {
    const values = variants(manifest, wrongValues);
    for (const value of values) agrees(checkRunManifest, runManifestSchema, value);
    // The check is not vacuous: it refuses most of the broken variants itself.
    const refused = values.filter((value) => checkRunManifest(value) === undefined);
    expect(refused.length).toBeGreaterThan(values.length / 2);
    expect(checkRunManifest({ ...manifest, pid: 1.5 })).toBeUndefined();
    expect(checkRunManifest({ ...manifest, status: "done" })).toBeUndefined();
  });
});

describe("checkRunWarning", () => {
  it("reads a valid warning exactly as zod does", () => {
    const minimal = { stage: "s", code: "c", message: "", t: "t", more: 1 };
    for (const value of [warning, minimal]) {
      expect(JSON.stringify(checkRunWarning(value))).toBe(
        JSON.stringify(runWarningSchema.parse(value)),
      );
    }
  });

  it("never accepts what zod refuses", () => {
    for (const value of variants(warning, wrongValues)) {
      agrees(checkRunWarning, runWarningSchema, value);
    }
    expect(checkRunWarning({ ...warning, code: "" })).toBeUndefined();
    expect(checkRunWarning({ ...warning, line: 2.5 })).toBeUndefined();
  });
});

describe("the light checks know every member of the zod schemas", () => {
  // A member added to a schema but not to its check would be dropped silently from `runs list`.
  const manifestMembers = [
    "schema",
    "id",
    "command",
    "createdAt",
    "updatedAt",
    "toolVersion",
    "status",
    "inputs",
    "configFingerprint",
    "config",
    "stages",
    "pid",
    "hostname",
  ];
  const warningMembers = ["stage", "item", "file", "line", "code", "message", "t"];

  it("run manifest", () => {
    expect(Object.keys(runManifestSchema.shape).sort()).toEqual([...manifestMembers].sort());
  });

  it("run warning", () => {
    expect(Object.keys(runWarningSchema.shape).sort()).toEqual([...warningMembers].sort());
  });
});
