import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Step } from "../../core/trace.js";
import {
  makeRecord,
  sampleChunksDir,
  storedChunk,
  testHmacKey,
} from "./__fixtures__/devtrace-fixtures.js";
import { devtraceChunkReader } from "./devtrace-chunk-reader.js";
import { readChunkFolder } from "./read-chunks.js";
import { sealDevtrace } from "./seal.js";
import { validateChunkEvents } from "./validate-events.js";

const withoutFile = (step: Step) => ({ ...step, origin: { ...step.origin, file: "" } });

describe("devtrace chunk reader", () => {
  it("gives the steps the sealing server gives for the same chunks", async () => {
    const { traces, warnings } = await devtraceChunkReader.read(sampleChunksDir);
    expect(warnings).toEqual([]);
    const [read] = traces;
    const folder = await readChunkFolder(sampleChunksDir);
    const { trace: sealed } = sealDevtrace({
      record: makeRecord(),
      chunks: folder.chunks.map((chunk) =>
        storedChunk(chunk.chunk_id, chunk.chunk_seq, validateChunkEvents(chunk.events).events),
      ),
      artifacts: [],
      key: testHmacKey,
    });
    expect(read?.steps.map(withoutFile)).toEqual(sealed.steps.map(withoutFile));
    expect(read?.steps[0]?.origin).toEqual({
      file: "sample-trace-chunks/chunk_01.json",
      offset: 0,
      seq: 0,
    });
    expect(read?.integrity).toBeUndefined();
  });

  it("takes the task from task.json beside chunks/, whether given the trace or the chunk folder", async () => {
    const trace = new URL("../../../examples/devtrace/one-line-fix", import.meta.url).pathname;
    const [whole] = (await devtraceChunkReader.read(trace)).traces;
    const [chunks] = (await devtraceChunkReader.read(join(trace, "chunks"))).traces;
    expect(whole?.task).toMatchObject({
      id: "conversions-fahrenheit",
      title: "Fix fahrenheit_to_celsius",
    });
    expect(whole?.actor).toEqual({ id: "participant-example-01", role: "human_dev" });
    expect(whole?.meta.known_failing_tests).toHaveLength(2);
    expect(chunks?.id).toBe(whole?.id);
    expect(whole?.source.files.map((file) => file.path)).toEqual([
      "chunks/chunk_01.json",
      "chunks/chunk_02.json",
      "chunks/chunk_03.json",
    ]);
  });
});
