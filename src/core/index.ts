/**
 * src/core: the shared vocabulary. Schemas and types (Trace, Step, Action, MediaRef, Grade,
 * Rubric, dataset rows, config), canonical JSON, sha256, deterministic ids, the keyed hash chain
 * and the error classes. No I/O beyond hashing a file.
 */
export * from "./canonical-json.js";
export * from "./config.js";
export * from "./dataset-row.js";
export * from "./errors.js";
export * from "./grade.js";
export * from "./hash.js";
export * from "./hash-chain.js";
export * from "./json-schema.js";
export * from "./trace.js";
