/**
 * Export checks: pure, deterministic detectors used by every exporter. Path mentions that name
 * no known file, MinHash/LSH near duplicates, and hashed n-gram evaluation contamination.
 */
export { createEvalIndex, type EvalIndex } from "./eval-index.js";
export { findFilePaths, hallucinatedPaths } from "./find-file-paths.js";
export {
  createNearDuplicateIndex,
  estimatedJaccard,
  minHashSignature,
  type NearDuplicateIndex,
} from "./near-duplicate-index.js";
export { normalizedWords } from "./text-hash.js";
