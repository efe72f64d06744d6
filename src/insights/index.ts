// Conversation insights (Clio-style): input contract and validation, privacy-safe facets,
// embeddings and base clusters, labels, a hierarchy, privacy gates and audits, synthetic
// evaluation, and `runInsights`, which runs them as resumable stages inside a run folder.
export * from "./cluster/index.js";
export * from "./eval/index.js";
export * from "./facets/index.js";
export * from "./hierarchy/index.js";
export * from "./input/index.js";
export * from "./labels/index.js";
export * from "./privacy/index.js";
export * from "./run/index.js";
