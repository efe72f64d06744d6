import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { type TraceKind, traceSchema } from "../core/trace.js";
import { readerFor } from "./readers.js";
import type { SourceReader } from "./types.js";

/**
 * The one suite every SourceReader passes (STYLE.md: adapters share a contract and a test suite):
 * a real sample reads into Traces that validate, ids are the same on a second read, a broken line
 * or file is a warning naming it while the rest is still read, and a missing path is a
 * TracemillError, not a crash.
 */
export interface ReaderConformanceCase {
  reader: SourceReader;
  kind: TraceKind;
  /** A real sample in the repository (file or folder, as the reader takes it). */
  sample: string;
  /** Traces the sample holds. */
  traces: number;
  /**
   * Breaks a copy of the sample (already copied to `copy`) and says what to read and which file
   * (and line, for line-based formats) the warning must name.
   */
  breakCopy(copy: string): Promise<{ path: string; file: string; line?: number }>;
}

export function describeReaderConformance(name: string, conformance: ReaderConformanceCase): void {
  const { reader, sample } = conformance;
  const temporary: string[] = [];
  afterAll(async () => {
    for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  });

  describe(`SourceReader conformance: ${name}`, () => {
    it("recognises its sample, and the registry picks it for that sample", async () => {
      expect(await reader.canRead(sample)).toBe(true);
      expect((await readerFor(sample)).name).toBe(reader.name);
    });

    it("reads the real sample into Traces that validate against the Trace schema", async () => {
      const { traces } = await reader.read(sample);
      expect(traces).toHaveLength(conformance.traces);
      for (const trace of traces) {
        const parsed = traceSchema.safeParse(trace);
        expect(parsed.success, parsed.error?.message).toBe(true);
        expect(trace.kind).toBe(conformance.kind);
        expect(trace.source.format).toBe(reader.format);
        expect(trace.steps.length).toBeGreaterThan(0);
        expect(trace.steps.map((step) => step.index)).toEqual(trace.steps.map((_, i) => i));
      }
      expect(new Set(traces.map((trace) => trace.id)).size).toBe(traces.length);
    });

    it("gives the same ids (and the same Traces) on a second read", async () => {
      const first = await reader.read(sample);
      const again = await reader.read(sample);
      expect(again.traces.map((trace) => trace.id)).toEqual(first.traces.map((trace) => trace.id));
      expect(JSON.stringify(again.traces)).toBe(JSON.stringify(first.traces));
    });

    it("names the file (and line) of broken input in a warning and still reads the rest", async () => {
      const dir = await mkdtemp(join(tmpdir(), "tracemill-reader-"));
      temporary.push(dir);
      const copy = join(dir, "sample");
      await cp(sample, copy, { recursive: true });
      const broken = await conformance.breakCopy(copy);
      const { traces, warnings } = await reader.read(broken.path);
      const named = warnings.filter(
        (warning) =>
          warning.file === broken.file &&
          (broken.line === undefined || warning.line === broken.line),
      );
      expect(named, JSON.stringify(warnings, null, 1)).not.toHaveLength(0);
      expect(traces.length).toBeGreaterThan(0);
      for (const trace of traces) expect(traceSchema.safeParse(trace).success).toBe(true);
    });

    it("answers a missing path with a TracemillError and canRead false", async () => {
      const missing = join(tmpdir(), `tracemill-no-such-input-${reader.name}-x7q`);
      expect(await reader.canRead(missing)).toBe(false);
      const failure = await reader.read(missing).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(TracemillError);
      expect((failure as TracemillError).code).toBe("not_found");
    });
  });
}
