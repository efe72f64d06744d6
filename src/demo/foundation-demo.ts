import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../core/config.js";
import { buildHashChain, verifyHashChain } from "../core/hash-chain.js";
import { type Trace, traceSchema } from "../core/trace.js";
import { cosineSimilarity, type Embedder } from "../model/embedders/index.js";
import type { Redactor } from "../model/redact.js";
import type { Run } from "../runs/index.js";

/**
 * The foundation part of `tracemill demo`: over the committed example Traces it validates each
 * file, seals its steps with the keyed hash chain (and shows a one-byte tamper being located),
 * redacts its texts, and embeds its task offline to find each trace's nearest neighbour. Every
 * item goes through the run folder, so a killed demo resumes.
 */
export interface FoundationDemoResult {
  traces: {
    file: string;
    id: string;
    kind: string;
    steps: number;
    head: string;
    tamperDetectedAt: number;
  }[];
  redactions: number;
  neighbours: { traceId: string; nearest: string; similarity: number }[];
  embedder: string;
  sealed: Trace[];
}

export const demoChainKeyId = "demo";

export async function listExampleTraces(directory: string): Promise<string[]> {
  const names = await readdir(directory);
  return names
    .filter((name) => name.endsWith(".trace.json"))
    .sort()
    .map((name) => join(directory, name));
}

export async function runFoundationDemo(
  files: string[],
  run: Run,
  deps: {
    chainKey: string;
    redactor: Redactor;
    embedder: Embedder;
    config: Config;
    onProgress?: (stage: string, done: number, total: number) => void;
  },
): Promise<FoundationDemoResult> {
  const traces: Trace[] = [];
  const validate = await run.stage("validate");
  for (const file of files) {
    const parsed = traceSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      await run.warn({
        stage: "validate",
        file,
        code: "schema_violation",
        message: `${issue?.path.join(".")}: ${issue?.message}`,
      });
      continue;
    }
    traces.push(parsed.data);
    if (!validate.isDone(file))
      await validate.appendItem(file, { traceId: parsed.data.id, steps: parsed.data.steps.length });
  }
  await validate.complete();
  run.logger.info({ valid: traces.length, files: files.length }, "validated example traces");

  const seal = await run.stage("seal");
  const sealed: Trace[] = [];
  const summaries: FoundationDemoResult["traces"] = [];
  let redactions = 0;
  for (const [position, trace] of traces.entries()) {
    const steps = trace.steps.map((step) =>
      step.text === undefined ? step : { ...step, text: redactText(step.text) },
    );
    const links = buildHashChain(deps.chainKey, steps);
    const tamperedIndex = Math.floor(steps.length / 2);
    const tampered = steps.map((step, index) =>
      index === tamperedIndex ? { ...step, t: step.t + 0.001 } : step,
    );
    const tamperDetectedAt =
      verifyHashChain(deps.chainKey, tampered, links).firstBroken?.index ?? -1;
    const summary = {
      file: files[position] ?? "",
      id: trace.id,
      kind: trace.kind,
      steps: steps.length,
      head: links.at(-1)?.hash ?? "",
      tamperDetectedAt,
    };
    summaries.push(summary);
    sealed.push({
      ...trace,
      steps,
      integrity: { algorithm: "hmac-sha256-chain", links, keyId: demoChainKeyId },
    });
    if (!seal.isDone(trace.id)) await seal.appendItem(trace.id, summary);
  }
  await seal.complete();
  run.logger.info({ sealed: sealed.length, redactions }, "sealed traces with the hash chain");

  const embed = await run.stage("embed");
  const texts = traces.map((trace) =>
    [trace.task?.title, trace.task?.description, ...(trace.task?.objectives ?? [])]
      .filter(Boolean)
      .join(". "),
  );
  const { vectors, usage } = await deps.embedder.embed(texts, {
    onProgress: (done, total) => deps.onProgress?.("embed", done, total),
  });
  run.addMetrics({
    counts: { embedded: usage.computedCount, embeddingsFromCache: usage.cachedCount },
  });
  const neighbours = traces.map((trace, index) =>
    nearestNeighbour(trace.id, index, vectors, traces),
  );
  for (const neighbour of neighbours) {
    if (!embed.isDone(neighbour.traceId)) await embed.appendItem(neighbour.traceId, neighbour);
  }
  await embed.complete();
  run.addMetrics({ counts: { traces: traces.length, redactions } });
  return {
    traces: summaries,
    redactions,
    neighbours,
    embedder: `${deps.embedder.provider}:${deps.embedder.model}`,
    sealed,
  };

  function redactText(text: string): string {
    const result = deps.redactor.redactText(text);
    redactions += result.findings.reduce((sum, finding) => sum + finding.count, 0);
    return result.text;
  }
}

function nearestNeighbour(
  traceId: string,
  index: number,
  vectors: Float32Array[],
  traces: Trace[],
) {
  let best = { nearest: "", similarity: Number.NEGATIVE_INFINITY };
  vectors.forEach((vector, other) => {
    if (other === index) return;
    const similarity = cosineSimilarity(vectors[index] as Float32Array, vector);
    if (similarity > best.similarity) best = { nearest: traces[other]?.id ?? "", similarity };
  });
  return {
    traceId,
    nearest: best.nearest,
    similarity: Math.round(best.similarity * 10_000) / 10_000,
  };
}
