import { createRequire } from "node:module";

const requireHere = createRequire(import.meta.url);

/**
 * A package that a synchronous function needs, loaded on that function's first call instead of
 * at import, so `import("tracemill")` and the light CLI commands do not pay for it (issue 20).
 * Node ≥ 20.19 (the engines floor) requires ES modules too and returns the instance `import` would.
 */
export function loadOnFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireHere(name) as T;
    return loaded;
  };
}
