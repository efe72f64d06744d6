import { z } from "zod";
import { type ChainLink, verifyHashChain } from "../../core/hash-chain.js";

/**
 * Recomputes a sealed devtrace's HMAC chain from the file alone (`meta.events` and
 * `integrity.links`) and names the first event whose link does not match. A removed or inserted
 * event breaks the chain at its position, so the event named there is the one that now sits where
 * the chain first disagrees.
 */
export interface DevtraceFileVerification {
  ok: boolean;
  verified: number;
  firstBroken?: { index: number; event_id?: string; seq?: number; reason: string };
}

const sealedShape = z.object({
  meta: z.object({ events: z.array(z.unknown()) }),
  integrity: z.object({
    algorithm: z.literal("hmac-sha256-chain"),
    links: z.array(z.object({ index: z.number().int(), hash: z.string() })),
  }),
});

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
  if (result.ok || result.firstBroken === undefined) {
    return { ok: result.ok, verified: result.verified };
  }
  const { index, reason } = result.firstBroken;
  const event = events[index];
  const named = describeEvent(event);
  return {
    ok: false,
    verified: result.verified,
    firstBroken: {
      index,
      ...named,
      reason:
        event === undefined
          ? reason
          : `event ${named.event_id ?? `at index ${index}`}${named.seq === undefined ? "" : ` (seq ${named.seq})`}: ${reason}`,
    },
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
