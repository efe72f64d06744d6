import {
  TimeoutError,
  TracemillError,
  TransientError,
  toTracemillError,
} from "../../core/errors.js";
import type { ModelClient } from "../../model/model-client.js";
import type { Conversation } from "../input/conversation.js";
import type { FacetRecord } from "./facet-record.js";
import { extractFacets } from "./facets.js";

/**
 * Facets for a stream of conversations with adaptive concurrency (AIMD): after `raiseAfter`
 * successes in a row one more request is allowed (up to max); a 429/5xx that survived the door's own
 * retries (TransientError) or a timeout halves it (down to min) and the item is retried once at the
 * lower level. Any other failure, or a second one, goes to onError and the batch goes on. Results are
 * delivered in input order by default (so appended output is the same for every concurrency) and
 * callbacks are awaited one at a time; a callback that throws stops the batch.
 */
export interface FacetBatcherConcurrency {
  min: number;
  max: number;
  start: number;
}

export interface FacetBatchItem {
  conversation: Conversation;
  /** position in the input stream, from 0 */
  index: number;
}

export interface FacetBatcherOptions {
  client?: ModelClient;
  /** run salt for user keys; required unless `extract` is given */
  salt?: string | Uint8Array;
  concurrency?: Partial<FacetBatcherConcurrency>;
  onResult: (record: FacetRecord, item: FacetBatchItem) => void | Promise<void>;
  onError: (error: TracemillError, item: FacetBatchItem) => void | Promise<void>;
  /** deliver in input order (default) or as soon as each finishes */
  ordered?: boolean;
  /** retries per item after a backpressure failure (default 1) */
  itemRetries?: number;
  /** consecutive successes before concurrency rises by one (default 2 × current level) */
  raiseAfter?: number;
  onConcurrencyChange?: (level: number, reason: "raise" | "backoff") => void;
  signal?: AbortSignal;
  /** replaces extractFacets (tests, or a caller with its own extraction) */
  extract?: (conversation: Conversation, signal?: AbortSignal) => Promise<FacetRecord>;
}

export interface FacetBatchStats {
  items: number;
  succeeded: number;
  failed: number;
  retried: number;
  backoffs: number;
  raises: number;
  finalConcurrency: number;
  peakConcurrency: number;
  aborted: boolean;
}

export interface FacetBatcher {
  run(
    conversations: Iterable<Conversation> | AsyncIterable<Conversation>,
  ): Promise<FacetBatchStats>;
  /** the current concurrency level */
  concurrency(): number;
}

type Outcome = { record: FacetRecord } | { error: TracemillError };

export function createFacetBatcher(options: FacetBatcherOptions): FacetBatcher {
  const min = Math.max(1, Math.floor(options.concurrency?.min ?? 1));
  const max = Math.max(min, Math.floor(options.concurrency?.max ?? 8));
  let level = clamp(Math.floor(options.concurrency?.start ?? Math.min(4, max)), min, max);
  const ordered = options.ordered ?? true;
  const itemRetries = Math.max(0, options.itemRetries ?? 1);
  const extract = options.extract ?? defaultExtract(options);

  return {
    concurrency: () => level,
    async run(conversations) {
      const stats: FacetBatchStats = {
        items: 0,
        succeeded: 0,
        failed: 0,
        retried: 0,
        backoffs: 0,
        raises: 0,
        finalConcurrency: level,
        peakConcurrency: level,
        aborted: false,
      };
      const iterator = toAsyncIterator(conversations);
      const retryQueue: { item: FacetBatchItem; attempts: number }[] = [];
      const finished = new Map<number, { item: FacetBatchItem; outcome: Outcome }>();
      const active = new Set<Promise<void>>();
      let nextIndex = 0;
      let nextToDeliver = 0;
      let exhausted = false;
      let streak = 0;
      let fatal: unknown;
      let delivering = Promise.resolve();

      const deliver = async (item: FacetBatchItem, outcome: Outcome) => {
        if ("record" in outcome) await options.onResult(outcome.record, item);
        else await options.onError(outcome.error, item);
      };
      const settle = (item: FacetBatchItem, outcome: Outcome) => {
        if ("record" in outcome) stats.succeeded += 1;
        else stats.failed += 1;
        finished.set(item.index, { item, outcome });
        delivering = delivering.then(async () => {
          if (fatal !== undefined) return;
          try {
            if (!ordered) {
              finished.delete(item.index);
              await deliver(item, outcome);
              return;
            }
            for (
              let ready = finished.get(nextToDeliver);
              ready;
              ready = finished.get(nextToDeliver)
            ) {
              finished.delete(nextToDeliver);
              nextToDeliver += 1;
              await deliver(ready.item, ready.outcome);
            }
          } catch (error) {
            fatal = error;
          }
        });
      };

      const process = async (item: FacetBatchItem, attempts: number) => {
        try {
          const record = await extract(item.conversation, options.signal);
          streak += 1;
          const threshold = options.raiseAfter ?? 2 * level;
          if (streak >= threshold && level < max) {
            level += 1;
            streak = 0;
            stats.raises += 1;
            stats.peakConcurrency = Math.max(stats.peakConcurrency, level);
            options.onConcurrencyChange?.(level, "raise");
          }
          settle(item, { record });
        } catch (error) {
          streak = 0;
          if (isBackpressure(error)) {
            const lowered = Math.max(min, Math.floor(level / 2));
            stats.backoffs += 1;
            if (lowered !== level) {
              level = lowered;
              options.onConcurrencyChange?.(level, "backoff");
            }
            if (attempts < itemRetries && !options.signal?.aborted) {
              stats.retried += 1;
              retryQueue.push({ item, attempts: attempts + 1 });
              return;
            }
          }
          settle(item, { error: describeFailure(error, item) });
        }
      };

      const pull = async (): Promise<{ item: FacetBatchItem; attempts: number } | undefined> => {
        const retry = retryQueue.shift();
        if (retry !== undefined) return retry;
        if (exhausted) return undefined;
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          return undefined;
        }
        stats.items += 1;
        return { item: { conversation: next.value, index: nextIndex++ }, attempts: 0 };
      };

      // A stalled early item must not let the reorder buffer grow without bound.
      const window = () => (ordered ? max * 4 : Number.POSITIVE_INFINITY);
      while (fatal === undefined) {
        if (options.signal?.aborted) {
          stats.aborted = true;
          break;
        }
        const blocked = active.size >= level || active.size + finished.size >= window();
        if (blocked && active.size > 0) {
          await Promise.race(active);
          continue;
        }
        if (blocked && retryQueue.length === 0) {
          await delivering;
          continue;
        }
        const next = await pull();
        if (next === undefined) {
          if (active.size === 0 && retryQueue.length === 0) break;
          if (active.size > 0) await Promise.race(active);
          continue;
        }
        const task: Promise<void> = process(next.item, next.attempts).finally(() => {
          active.delete(task);
        });
        active.add(task);
      }
      await Promise.all(active);
      await delivering;
      if (fatal !== undefined) throw fatal;
      if (options.signal?.aborted) stats.aborted = true;
      stats.finalConcurrency = level;
      return stats;
    },
  };
}

function defaultExtract(options: FacetBatcherOptions) {
  return (conversation: Conversation, signal?: AbortSignal) => {
    if (options.salt === undefined) {
      throw new TracemillError(
        "config_invalid",
        "createFacetBatcher needs a salt (or an extract function) to key users",
      );
    }
    return extractFacets(conversation, { client: options.client, salt: options.salt, signal });
  };
}

/** Rate limiting and overload: the door already retried, so the endpoint needs less pressure. */
function isBackpressure(error: unknown): boolean {
  return error instanceof TransientError || error instanceof TimeoutError;
}

function describeFailure(error: unknown, item: FacetBatchItem): TracemillError {
  const base = toTracemillError(error);
  return new TracemillError(
    base.code,
    `facets for conversation ${item.conversation.conversation_id} (input item ${item.index + 1}): ${base.message}`,
    { cause: error, details: { conversation_id: item.conversation.conversation_id } },
  );
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function toAsyncIterator<T>(
  source: Iterable<T> | AsyncIterable<T>,
): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source
    ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
    : (source as Iterable<T>)[Symbol.iterator]();
}
