import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../core/hash.js";
import { judgeDevtrace } from "../../grade/devtrace-judge.js";
import { createRedactor } from "../../model/redact.js";
import type { StoredArtifact, StoredChunk } from "../../store/types.js";
import { makeRecord, sampleChunksDir, testHmacKey } from "./__fixtures__/devtrace-fixtures.js";
import { resolveConsent } from "./consent.js";
import { finalPatchOf } from "./final-patch.js";
import { artifactBytes, prepareArtifacts } from "./prepare-artifacts.js";
import { prepareEvents } from "./prepare-events.js";
import { readChunkFolder } from "./read-chunks.js";
import { sealDevtrace } from "./seal.js";
import { validateChunkEvents } from "./validate-events.js";
import { verifyDevtraceFile } from "./verify-trace.js";

const plantedKey = "AKIAIOSFODNN7EXAMPLE";

/** What the server does per chunk, without HTTP or a store: validate → prepare → "store". */
async function ingestSamples(consent = resolveConsent()) {
  const { chunks, warnings } = await readChunkFolder(sampleChunksDir);
  expect(warnings).toEqual([]);
  const redactor = createRedactor();
  const stored: StoredChunk[] = [];
  let redactions = 0;
  for (const [position, chunk] of chunks.entries()) {
    // Plant a secret the way a developer might type it.
    const raw = chunk.events.map((event) =>
      (event as { id?: string }).id === "event-002"
        ? {
            ...(event as object),
            cmd: `AWS_ACCESS_KEY_ID=${plantedKey} pytest test_calculator.py::test_multiply -v`,
          }
        : event,
    );
    const validation = validateChunkEvents(raw);
    expect(validation.errors).toEqual([]);
    const prepared = prepareEvents(validation.events, {
      consent,
      redactor,
      nowSeconds: 1_730_000_000 + position,
    });
    const artifacts = prepareArtifacts(chunk.artifacts, { consent, redactor });
    redactions += prepared.redactions + artifacts.redactions;
    const storedArtifacts: StoredArtifact[] = Object.entries(artifacts.artifacts).map(
      ([key, artifact]) => {
        const bytes = artifactBytes(artifact);
        return {
          key,
          type: artifact.type,
          ...(artifact.event_id === undefined ? {} : { event_id: artifact.event_id }),
          sha256: sha256Hex(bytes),
          bytes: bytes.length,
        };
      },
    );
    stored.push({
      chunk_id: chunk.chunk_id,
      chunk_seq: chunk.chunk_seq,
      events: prepared.events,
      artifacts: storedArtifacts,
      received_at: "2025-01-01T00:00:00.000Z",
    });
  }
  // the reference client's empty final chunk
  stored.push({
    chunk_id: "chunk-final",
    chunk_seq: 3,
    events: [],
    artifacts: [],
    received_at: "x",
  });
  return { stored, redactions };
}

describe("the shared sample chunks end to end", () => {
  it("validate → prepare (planted AWS key redacted) → seal → verify ok → tamper names the event → judge", async () => {
    const { stored, redactions } = await ingestSamples();
    expect(redactions).toBe(1);
    const sealed = sealDevtrace({
      record: makeRecord(),
      chunks: [...stored].reverse(),
      artifacts: [],
      key: testHmacKey,
      keyId: "test",
    });
    expect(sealed.numEvents).toBe(10);
    const file = JSON.parse(JSON.stringify(sealed.trace));
    expect(JSON.stringify(file)).not.toContain(plantedKey);
    const command = file.meta.events[1];
    expect(command).toMatchObject({
      id: "event-002",
      env_redacted: true,
      ts_server_s: 1_730_000_000,
    });
    expect(command.cmd).toContain("[REDACTED:");
    expect(file.steps).toHaveLength(10);
    expect(file.steps[9]).toMatchObject({
      t: 65,
      kind: "note",
      origin: { file: "chunk:chunk-003", offset: 3 },
    });
    expect(file.media).toHaveLength(2);

    expect(verifyDevtraceFile(file, testHmacKey)).toEqual({ ok: true, verified: 10 });
    file.meta.events[6].exit_code = 1;
    const tampered = verifyDevtraceFile(file, testHmacKey);
    expect(tampered.ok).toBe(false);
    expect(tampered.firstBroken).toMatchObject({ index: 6, event_id: "event-007", seq: 6 });

    expect(finalPatchOf(sealed.trace)).toContain("+    return a * b");

    const judgement = await judgeDevtrace(sealed.trace);
    expect(judgement.judge).toBe("offline:devtrace-signals/v1");
    expect(judgement.signals).toMatchObject({
      hypothesis_before_first_edit: true,
      failure_reproduced_before_edit: true,
      tests_pass_after_last_edit: true,
      bursts_followed_by_test: 1,
      dangerous_commands: [],
      secrets_in_commands: 1,
    });
    // A clean, reproduced, tested one-line fix scores well on understanding and design.
    expect(judgement.scores.problem_understanding).toBeGreaterThanOrEqual(4.5);
    expect(judgement.scores.experiment_design).toBeGreaterThanOrEqual(4);
    expect(judgement.overall).toBeGreaterThan(3.5);
  });

  it("without rationale consent the notes keep their place but carry no text", async () => {
    const { stored } = await ingestSamples(resolveConsent({ rationale: false }));
    const { trace } = sealDevtrace({
      record: makeRecord(),
      chunks: stored,
      artifacts: [],
      key: testHmacKey,
    });
    const notes = (
      trace.meta.events as { type: string; structured?: object; freeform?: string }[]
    ).filter((event) => event.type === "rationale_note");
    expect(notes).toHaveLength(4);
    expect(
      notes.every(
        (note) => JSON.stringify(note.structured) === "{}" && note.freeform === undefined,
      ),
    ).toBe(true);
    expect(JSON.stringify(trace)).not.toContain("adding instead of multiplying");
  });
});
