import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../core/canonical-json.js";
import type { Trace } from "../../core/trace.js";
import { craft, makeRecord, storedChunk, testHmacKey } from "./__fixtures__/devtrace-fixtures.js";
import type { DevtraceEvent } from "./events.js";
import { sealDevtrace } from "./seal.js";
import {
  chunkHashProblems,
  chunkText,
  topLevelEventsProblems,
  verifyDevtraceFile,
} from "./verify-trace.js";

function sealed(): Trace {
  const events: DevtraceEvent[] = [
    craft.note(0, { plan: "reproduce first", hypothesis: "off by one" }, "free text é ✓"),
    craft.cmd(1, "pytest -q tests/test_range.py", 1),
    craft.test(2, 3, 1, "tests/test_range.py"),
    craft.edit(3, "src/range.py", "return range(a, b)", "return range(a, b + 1)"),
    craft.test(4, 4, 0),
    craft.commit(5, "include the upper bound", "+return range(a, b + 1)\n"),
  ].map((event, index) => ({ ...event, ts_server_s: 1_700_000_000 + index * 0.25 }));
  return sealDevtrace({
    record: makeRecord(),
    chunks: [storedChunk("c0", 0, events.slice(0, 3)), storedChunk("c1", 1, events.slice(3))],
    artifacts: [],
    key: testHmacKey,
  }).trace;
}

/** The sealed file as a reader gets it: JSON text parsed back. */
function roundTrip(trace: Trace): Record<string, unknown> & { meta: { events: unknown[] } } {
  return JSON.parse(JSON.stringify(trace));
}

const replacements = '0123456789abcxyzAZ_-:.,"{}[] é';

describe("verifyDevtraceFile", () => {
  it("accepts an untouched sealed trace after a JSON round trip", () => {
    expect(verifyDevtraceFile(roundTrip(sealed()), testHmacKey)).toEqual({ ok: true, verified: 6 });
    expect(sealed().integrity).toMatchObject({
      count: 6,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("refuses the wrong key at the first event", () => {
    const result = verifyDevtraceFile(roundTrip(sealed()), "wrong key");
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ index: 0, event_id: "e0", seq: 0 });
  });

  it("names the changed event when a server timestamp is altered", () => {
    const file = roundTrip(sealed());
    (file.meta.events[3] as { ts_server_s: number }).ts_server_s += 1;
    const result = verifyDevtraceFile(file, testHmacKey);
    expect(result).toMatchObject({ ok: false, verified: 3 });
    expect(result.firstBroken).toMatchObject({ index: 3, event_id: "e3", seq: 3 });
    expect(result.firstBroken?.reason).toContain("event e3 (seq 3)");
  });

  it("reports a file without a chain instead of throwing", () => {
    const result = verifyDevtraceFile({ meta: { events: [] } }, testHmacKey);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.reason).toContain("not a sealed devtrace: integrity");
    expect(verifyDevtraceFile("nope", testHmacKey).ok).toBe(false);
  });

  it("reports a truncated file (last event removed) at the missing position", () => {
    const file = roundTrip(sealed());
    file.meta.events.pop();
    const result = verifyDevtraceFile(file, testHmacKey);
    expect(result).toMatchObject({ ok: false, verified: 5, firstBroken: { index: 5 } });
  });

  it("property: changing any single character of any event's canonical JSON breaks the chain at that event", () => {
    const original = sealed();
    const events = original.meta.events as DevtraceEvent[];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: events.length - 1 }),
        fc.nat(),
        fc.constantFrom(...replacements),
        (eventIndex, position, replacement) => {
          const text = canonicalJson(events[eventIndex]);
          const at = position % text.length;
          fc.pre(text[at] !== replacement);
          const tampered = `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
          let parsed: unknown;
          try {
            parsed = JSON.parse(tampered);
          } catch {
            // A change that makes the event unparsable makes the whole file unreadable: not this test.
            fc.pre(false);
          }
          fc.pre(canonicalJson(parsed) !== text);
          const file = roundTrip(original);
          file.meta.events[eventIndex] = parsed;
          const result = verifyDevtraceFile(file, testHmacKey);
          expect(result.ok).toBe(false);
          expect(result.verified).toBe(eventIndex);
          expect(result.firstBroken?.index).toBe(eventIndex);
          const id = (parsed as { id?: unknown } | null)?.id;
          if (typeof id === "string") expect(result.firstBroken?.event_id).toBe(id);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("property: dropping or swapping events breaks the chain at the first changed position", () => {
    const original = sealed();
    const count = (original.meta.events as unknown[]).length;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: count - 1 }), fc.boolean(), (index, drop) => {
        const file = roundTrip(original);
        const list = file.meta.events as DevtraceEvent[];
        if (drop) list.splice(index, 1);
        else {
          fc.pre(index + 1 < count);
          const [first, second] = [list[index], list[index + 1]];
          if (first === undefined || second === undefined) return;
          list[index] = second;
          list[index + 1] = first;
        }
        const result = verifyDevtraceFile(file, testHmacKey);
        expect(result.ok).toBe(false);
        expect(result.firstBroken?.index).toBe(index);
        const now = list[index];
        if (now !== undefined) expect(result.firstBroken?.event_id).toBe(now.id);
      }),
      { numRuns: 100 },
    );
  });

  it("detects the last event removed together with its link (the seal records count and head)", () => {
    const file = roundTrip(sealed()) as ReturnType<typeof roundTrip> & {
      integrity: { links: unknown[] };
    };
    file.meta.events.pop();
    file.integrity.links.pop();
    const result = verifyDevtraceFile(file, testHmacKey);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ index: 5 });
    expect(result.firstBroken?.reason).toContain(
      "the seal records 6 event(s) but the file holds 5",
    );
  });

  it("detects a dropped tail even when count and head were rewritten to match (the seal is keyed)", () => {
    const file = roundTrip(sealed()) as ReturnType<typeof roundTrip> & {
      integrity: { links: { hash: string }[]; count: number; head: string };
    };
    file.meta.events.pop();
    file.integrity.links.pop();
    file.integrity.count = 5;
    file.integrity.head = file.integrity.links.at(-1)?.hash ?? "";
    const result = verifyDevtraceFile(file, testHmacKey);
    expect(result.ok).toBe(false);
    expect(result.problems?.join("\n")).toContain("integrity.seal does not match");
  });

  it("detects a changed chunk hash in source.files and a trace id moved to another trace", () => {
    const file = roundTrip(sealed()) as ReturnType<typeof roundTrip> & {
      id: string;
      source: { files: { sha256: string }[] };
    };
    const first = file.source.files[0];
    if (first) first.sha256 = "f".repeat(64);
    expect(verifyDevtraceFile(file, testHmacKey).ok).toBe(false);
    const moved = roundTrip(sealed()) as ReturnType<typeof roundTrip> & { id: string };
    moved.id = "another_trace";
    expect(verifyDevtraceFile(moved, testHmacKey).problems?.[0]).toContain("integrity.seal");
  });

  it("reports a trace sealed before count/head existed as a legacy seal, chain still checked", () => {
    const file = roundTrip(sealed()) as ReturnType<typeof roundTrip> & {
      integrity: Record<string, unknown>;
    };
    delete file.integrity.count;
    delete file.integrity.head;
    delete file.integrity.seal;
    expect(verifyDevtraceFile(file, testHmacKey)).toEqual({
      ok: true,
      verified: 6,
      legacySeal: true,
    });
    (file.meta.events[1] as { cmd: string }).cmd = "rm -rf /";
    expect(verifyDevtraceFile(file, testHmacKey).ok).toBe(false);
  });

  it("checks chunk bytes against the sealed sha256 and top-level events against the sealed ones", () => {
    const trace = sealed();
    const events = trace.meta.events as DevtraceEvent[];
    const files = trace.source.files;
    const intact = new Map([
      ["chunk:c0", chunkText(events.slice(0, 3))],
      ["chunk:c1", chunkText(events.slice(3))],
    ]);
    expect(chunkHashProblems(files, intact)).toEqual([]);
    const edited = new Map(intact);
    edited.set("chunk:c1", chunkText(events.slice(3)).replace("upper bound", "upper bounds"));
    expect(chunkHashProblems(files, edited)).toEqual([
      expect.stringContaining("chunk:c1: chunk bytes changed"),
    ]);
    expect(topLevelEventsProblems(JSON.parse(JSON.stringify(events)), events)).toEqual([]);
    expect(topLevelEventsProblems(events.slice(0, 5), events)[0]).toContain("lists 5 event(s)");
    const changed = events.map((event, index) => (index === 2 ? { ...event, seq: 99 } : event));
    expect(topLevelEventsProblems(changed, events)).toEqual([
      "events[2]: differs from the sealed event at that position",
    ]);
  });
});
