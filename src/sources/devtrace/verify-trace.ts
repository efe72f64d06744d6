import { z } from "zod";
import { canonicalJson } from "../../core/canonical-json.js";
import { sha256Hex } from "../../core/hash.js";
import { type ChainLink, verifyHashChain } from "../../core/hash-chain.js";
import { chainHead, devtraceSealMac } from "./seal-mac.js";

/**
 * Recomputes a sealed devtrace's HMAC chain from the file alone (`meta.events` and
 * `integrity.links`) and names the first event whose link does not match. A removed or inserted
 * event breaks the chain at its position, so the event named there is the one that now sits where
 * the chain first disagrees. The seal (count, head, HMAC over them, the trace id and the chunk
 * hashes) then catches what the chain cannot: the last events removed together with their links.
 * A trace sealed before the seal existed is `legacySeal`: its chain is checked, its tail is not.
 */
export interface DevtraceFileVerification {
  ok: boolean;
  verified: number;
  firstBroken?: { index: number; event_id?: string; seq?: number; reason: string };
  /** Set when the file predates the seal (no count/head/seal): a dropped tail goes unnoticed. */
  legacySeal?: true;
  /** Everything else found wrong: the seal, chunk bytes, the document's top-level events. */
  problems?: string[];
}

const sealedShape = z.object({
  id: z.string().optional(),
  source: z
    .object({ files: z.array(z.object({ path: z.string(), sha256: z.string() })) })
    .optional(),
  meta: z.object({
    events: z.array(z.unknown()),
    skipped_chunks: z.array(z.unknown()).optional(),
  }),
  integrity: z.object({
    algorithm: z.literal("hmac-sha256-chain"),
    links: z.array(z.object({ index: z.number().int(), hash: z.string() })),
    count: z.number().int().nonnegative().optional(),
    head: z.string().optional(),
    seal: z.string().optional(),
  }),
});
type SealedShape = z.infer<typeof sealedShape>;

export function verifyDevtraceFile(trace: unknown, key: string): DevtraceFileVerification {
  const parsed = sealedShape.safeParse(trace);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "(root)" : issue.path.map(String).join(".") || "(root)";
    return {
      ok: false,
      verified: 0,
      firstBroken: {
        index: 0,
        reason: `not a sealed devtrace: ${where}: ${issue?.message ?? "invalid"}`,
      },
    };
  }
  const events = parsed.data.meta.events;
  const links: ChainLink[] = parsed.data.integrity.links;
  const result = verifyHashChain(key, events, links);
  if (!result.ok && result.firstBroken !== undefined) {
    return {
      ok: false,
      verified: result.verified,
      firstBroken: brokenAt(events, result.firstBroken),
    };
  }
  const { count, head, seal } = parsed.data.integrity;
  if (count === undefined && head === undefined && seal === undefined) {
    return { ok: true, verified: result.verified, legacySeal: true };
  }
  if (count !== undefined && count > events.length) {
    return {
      ok: false,
      verified: result.verified,
      firstBroken: {
        index: events.length,
        reason: `the seal records ${count} event(s) but the file holds ${events.length}: event(s) and their links were removed from the end`,
      },
    };
  }
  const problems = sealProblems(parsed.data, key);
  return problems.length === 0
    ? { ok: true, verified: result.verified }
    : { ok: false, verified: result.verified, problems };
}

function sealProblems(data: SealedShape, key: string): string[] {
  const { count, head, seal } = data.integrity;
  const links = data.integrity.links;
  const problems: string[] = [];
  if (count === undefined || head === undefined || seal === undefined || data.id === undefined) {
    problems.push(
      "the seal is incomplete: integrity.count, integrity.head, integrity.seal and id are all needed",
    );
    return problems;
  }
  if (count !== data.meta.events.length) {
    problems.push(
      `the seal records ${count} event(s) but the file holds ${data.meta.events.length}`,
    );
  }
  if (head !== chainHead(links)) {
    problems.push("integrity.head is not the last link of the chain");
  }
  const expected = devtraceSealMac(key, {
    traceId: data.id,
    count,
    head,
    chunkSha256: (data.source?.files ?? []).map((file) => file.sha256),
    skippedChunks: data.meta.skipped_chunks?.length ?? 0,
  });
  if (expected !== seal) {
    problems.push(
      "integrity.seal does not match: the trace id, event count, head, a chunk hash or the skipped chunks were changed",
    );
  }
  return problems;
}

/**
 * The chunk files behind a sealed trace: each `source.files` entry whose bytes are given must
 * hash to the recorded sha256 (and match the recorded size).
 */
export function chunkHashProblems(
  files: readonly { path: string; sha256: string; bytes?: number }[],
  contents: ReadonlyMap<string, string | undefined>,
): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!contents.has(file.path)) continue;
    const text = contents.get(file.path);
    if (text === undefined) {
      problems.push(`${file.path}: chunk is missing`);
      continue;
    }
    const actual = sha256Hex(text);
    if (actual !== file.sha256) {
      problems.push(
        `${file.path}: chunk bytes changed (sha256 ${actual.slice(0, 12)}…, sealed ${file.sha256.slice(0, 12)}…)`,
      );
    }
  }
  return problems;
}

/** The chunk text that is hashed: its stored events as canonical JSON. */
export function chunkText(events: readonly unknown[]): string {
  return canonicalJson(events);
}

/**
 * A GET answer repeats the sealed events at its top level (`events`), where the reference
 * client reads them: they must be the sealed ones exactly.
 */
export function topLevelEventsProblems(
  topLevel: unknown,
  sealedEvents: readonly unknown[],
): string[] {
  if (topLevel === undefined) return [];
  if (!Array.isArray(topLevel)) return ["events: not an array"];
  if (topLevel.length !== sealedEvents.length) {
    return [
      `events: the document lists ${topLevel.length} event(s), the sealed trace ${sealedEvents.length}`,
    ];
  }
  for (let index = 0; index < topLevel.length; index++) {
    if (canonicalJson(topLevel[index]) !== canonicalJson(sealedEvents[index])) {
      return [`events[${index}]: differs from the sealed event at that position`];
    }
  }
  return [];
}

function brokenAt(
  events: readonly unknown[],
  broken: { index: number; reason: string },
): NonNullable<DevtraceFileVerification["firstBroken"]> {
  const { index, reason } = broken;
  const event = events[index];
  const named = describeEvent(event);
  return {
    index,
    ...named,
    reason:
      event === undefined
        ? reason
        : `event ${named.event_id ?? `at index ${index}`}${named.seq === undefined ? "" : ` (seq ${named.seq})`}: ${reason}`,
  };
}

function describeEvent(event: unknown): { event_id?: string; seq?: number } {
  if (typeof event !== "object" || event === null) return {};
  const record = event as Record<string, unknown>;
  return {
    ...(typeof record.id === "string" ? { event_id: record.id } : {}),
    ...(typeof record.seq === "number" ? { seq: record.seq } : {}),
  };
}
