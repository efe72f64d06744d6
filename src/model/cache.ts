import { canonicalJson } from "../core/canonical-json.js";
import { sha256Hex } from "../core/hash.js";

/**
 * Response cache for model answers and embeddings. Keys are the sha256 of the canonical JSON of
 * everything that determines an answer (provider, model, messages, schema, settings), so a
 * rerun of the same work makes no request. Disk storage is cacache (npm's own content-addressed
 * cache: atomic writes, integrity-checked reads, safe under concurrent processes).
 */
export interface ResponseCache {
  readonly kind: "disk" | "memory" | "disabled";
  get<T>(key: unknown): Promise<T | undefined>;
  set(key: unknown, value: unknown): Promise<void>;
}

export function cacheKey(key: unknown): string {
  return sha256Hex(canonicalJson(key));
}

export function createDiskCache(directory: string): ResponseCache {
  return {
    kind: "disk",
    async get<T>(key: unknown): Promise<T | undefined> {
      const { default: cacache } = await import("cacache");
      try {
        const entry = await cacache.get(directory, cacheKey(key));
        return JSON.parse(entry.data.toString("utf8")) as T;
      } catch (error) {
        // A miss (ENOENT) or an entry that fails its integrity check both mean: ask again.
        if (isMissOrCorrupt(error)) return undefined;
        throw error;
      }
    },
    async set(key: unknown, value: unknown): Promise<void> {
      const { default: cacache } = await import("cacache");
      await cacache.put(directory, cacheKey(key), JSON.stringify(value));
    },
  };
}

export function createMemoryCache(): ResponseCache {
  const entries = new Map<string, string>();
  return {
    kind: "memory",
    async get<T>(key: unknown) {
      const hit = entries.get(cacheKey(key));
      return hit === undefined ? undefined : (JSON.parse(hit) as T);
    },
    async set(key: unknown, value: unknown) {
      entries.set(cacheKey(key), JSON.stringify(value));
    },
  };
}

export const disabledCache: ResponseCache = {
  kind: "disabled",
  async get() {
    return undefined;
  },
  async set() {},
};

function isMissOrCorrupt(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ENOENT" || code === "EINTEGRITY" || code === "EBADSIZE";
}
