import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { TracemillError } from "../../core/errors.js";
import type { ModelClient } from "../../model/model-client.js";
import { scanJsonl } from "../../runs/run-files.js";
import type { Run } from "../../runs/run-session.js";
import { createRandom } from "../cluster/random.js";
import { createFacetBatcher } from "../facets/facet-batcher.js";
import { type FacetRecord, facetRecordSchema } from "../facets/facet-record.js";
import {
  type Conversation,
  type StoredConversation,
  toStoredConversation,
} from "../input/conversation.js";
import { createPiiScanner, redactPii } from "../privacy/pii.js";
import { insightsFiles, writeJsonl } from "./artifacts.js";

/**
 * The facets stage over a stream of conversations: each finished conversation is appended to
 * `<stage>/facets.partial.jsonl` at once (a resumed run skips those), failures become warnings
 * (or stop the run with `strict`), and at the end `facets.jsonl` is written in input order from the
 * partial file, so an interrupted-then-resumed run writes the same bytes as an uninterrupted one.
 * With `chunkSize` the input is read and processed chunk by chunk, never held whole.
 */
export interface FacetsStageOptions {
  run: Run;
  /** Stage name (its folder holds the partial file) and the folder the final files go to. */
  stageName: string;
  outDir: string;
  conversations: AsyncIterable<Conversation> | Iterable<Conversation>;
  salt: string | Uint8Array;
  client?: ModelClient;
  concurrency: number;
  /** Conversations processed per chunk; Infinity reads everything first. */
  chunkSize: number;
  strict: boolean;
  /** Also write the stored copy (messages only) as conversations.jsonl. */
  storeConversations: boolean;
  /** Store the input verbatim (`--keep-raw`); otherwise the stored copy goes through the PII redactor. */
  keepRaw?: boolean;
  /** Size of the seeded reservoir of stored conversations kept for the privacy audit. */
  sampleSize: number;
  seed: number;
  onProgress?(done: number, total: number | undefined): void;
  /** Called after each appended facet with the count so far; a throw stops the stage (tests use it to simulate a crash). */
  afterFacet?(count: number): void | Promise<void>;
  warn(warning: { stage: string; item?: string; code: string; message: string }): Promise<void>;
}

export interface FacetsStageResult {
  facets: FacetRecord[];
  conversations: number;
  skippedDone: number;
  failed: number;
  sample: StoredConversation[];
}

/**
 * The stored copy's redactor: PII through the scanner, and every name the scanner found earlier in
 * the stream ("I am Zebulon Quartermaine") redacted wherever it recurs later without a cue
 * ("Zebulon Quartermaine again"). The stream order is the input order, so a resumed run writes the
 * same bytes.
 */
function createStoredRedactor(): (copy: StoredConversation) => StoredConversation {
  const scanner = createPiiScanner();
  const names = new Set<string>();
  const redact = (text: string): string => {
    const result = redactPii(text, scanner);
    for (const finding of result.findings) {
      if (finding.kind !== "full_name" && finding.kind !== "first_name") continue;
      for (const word of finding.value.match(/\p{Lu}[\p{Ll}'’-]{2,}/gu) ?? []) names.add(word);
    }
    if (names.size === 0) return result.text;
    const pattern = new RegExp(`(?<![\\p{L}])(?:${[...names].join("|")})(?![\\p{L}])`, "gu");
    return result.text.replace(pattern, "[name]").replace(/\[name\](?:[ \t]+\[name\])+/g, "[name]");
  };
  return (copy) => ({
    conversation_id: copy.conversation_id,
    messages: copy.messages.map((message) => ({
      role: message.role,
      content: redact(message.content),
    })),
  });
}

export async function runFacetsStage(options: FacetsStageOptions): Promise<FacetsStageResult> {
  const stage = await options.run.stage(options.stageName);
  const done = stage.done();
  const order: string[] = [];
  const reservoir: StoredConversation[] = [];
  const random = createRandom(options.seed);
  const stored = options.storeConversations
    ? await openAtomicLines(join(options.outDir, insightsFiles.conversations))
    : undefined;
  const redactStored = createStoredRedactor();
  let failed = 0;
  let appended = 0;
  const batcher = createFacetBatcher({
    ...(options.client && !options.client.offline ? { client: options.client } : {}),
    salt: options.salt,
    concurrency: {
      min: 1,
      max: Math.max(1, options.concurrency),
      start: Math.max(1, options.concurrency),
    },
    onResult: async (record) => {
      await stage.appendItem(record.conversation_id, record, { file: insightsFiles.facetsPartial });
      appended += 1;
      options.onProgress?.(done.size + appended, undefined);
      await options.afterFacet?.(appended);
    },
    onError: async (error, item) => {
      failed += 1;
      if (options.strict) {
        throw new TracemillError(error.code, `--strict: ${error.message}`, { cause: error });
      }
      await options.warn({
        stage: options.stageName,
        item: item.conversation.conversation_id,
        code: "facets_failed",
        message: error.message,
      });
    },
  });
  let seen = 0;
  let chunk: Conversation[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const pending = chunk;
    chunk = [];
    await batcher.run(pending);
  };
  try {
    for await (const conversation of options.conversations) {
      seen += 1;
      order.push(conversation.conversation_id);
      const copy = toStoredConversation(conversation);
      await stored?.write(options.keepRaw ? copy : redactStored(copy));
      // Reservoir sampling (Algorithm R): a uniform sample without holding the stream.
      if (reservoir.length < options.sampleSize) reservoir.push(copy);
      else {
        const slot = Math.floor(random() * seen);
        if (slot < options.sampleSize) reservoir[slot] = copy;
      }
      if (done.has(conversation.conversation_id)) continue;
      chunk.push(conversation);
      if (chunk.length >= options.chunkSize) await flush();
    }
    await flush();
    await stored?.commit();
  } catch (error) {
    await stored?.abort();
    throw error;
  }
  const records = await readPartial(join(stage.dir, insightsFiles.facetsPartial));
  const facets = order.flatMap((id) => {
    const record = records.get(id);
    return record ? [record] : [];
  });
  await writeJsonl(options.outDir, insightsFiles.facets, facets);
  await stage.complete();
  return {
    facets,
    conversations: seen,
    skippedDone: order.filter((id) => done.has(id)).length,
    failed,
    sample: reservoir,
  };
}

async function readPartial(path: string): Promise<Map<string, FacetRecord>> {
  const scan = await scanJsonl(path, { repair: false });
  const records = new Map<string, FacetRecord>();
  for (const { value, line } of scan.lines) {
    const parsed = facetRecordSchema.safeParse((value as { record?: unknown } | null)?.record);
    if (!parsed.success) {
      throw new TracemillError("input_invalid", `${path}:${line}: not a facet record`);
    }
    records.set(parsed.data.conversation_id, parsed.data);
  }
  return records;
}

/** A JSONL file written under a temp name and renamed into place on commit. */
async function openAtomicLines(path: string) {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const stream = createWriteStream(temporary);
  const write = (row: unknown) =>
    new Promise<void>((resolve, reject) => {
      const ok = stream.write(`${JSON.stringify(row)}\n`, (error) =>
        error ? reject(error) : undefined,
      );
      if (ok) resolve();
      else stream.once("drain", resolve);
    });
  const close = () =>
    new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  return {
    write,
    async commit() {
      await close();
      await rename(temporary, path);
    },
    async abort() {
      await close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
    },
  };
}
