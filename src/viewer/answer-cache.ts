import { stat } from "node:fs/promises";

/**
 * Answers built from files, kept while those files do not change (size and modification time of
 * each, checked on every ask). The heavy views (a session of thousands of steps, a map of tens of
 * thousands of points) are then read and shaped once, not on every page load.
 */
export interface AnswerCache {
  get<T>(key: string, files: string[], compute: () => Promise<T>): Promise<T>;
}

export function createAnswerCache(limit = 16): AnswerCache {
  const entries = new Map<string, { signature: string; answer: Promise<unknown> }>();
  return {
    async get<T>(key: string, files: string[], compute: () => Promise<T>): Promise<T> {
      const signature = (
        await Promise.all(
          files.map(async (file) => {
            const info = await stat(file).catch(() => undefined);
            return info === undefined ? "-" : `${info.size}:${info.mtimeMs}`;
          }),
        )
      ).join("|");
      const found = entries.get(key);
      if (found !== undefined && found.signature === signature) {
        // Most recently used last.
        entries.delete(key);
        entries.set(key, found);
        return found.answer as Promise<T>;
      }
      const answer = compute();
      entries.set(key, { signature, answer });
      answer.catch(() => {
        if (entries.get(key)?.answer === answer) entries.delete(key);
      });
      while (entries.size > limit) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return answer;
    },
  };
}
