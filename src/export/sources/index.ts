import { type CategoryThresholds, defaultExportOptions, type ExportSource } from "../types.js";
import { seedDataDir, seedLayoutSource } from "./seed-layout.js";
import { createTracemillTreeSource } from "./tracemill-tree.js";

/**
 * Export sources: readers that turn one input layout into `ExportRecord`s in a deterministic
 * order, reporting unreadable or unusable inputs as warnings. The seed's evidence/scored-runs
 * layout is recognised by its evidence folder; anything else is read as a tracemill tree.
 */

/** The seed layout when the folder has one, else tracemill's trace tree graded with these thresholds. */
export async function detectExportSource(
  folder: string,
  thresholds: CategoryThresholds = defaultExportOptions.thresholds,
): Promise<ExportSource> {
  return (await seedDataDir(folder)) !== undefined
    ? seedLayoutSource
    : createTracemillTreeSource(thresholds);
}

export { EvidenceIndex } from "./evidence-index.js";
export { seedLayoutSource } from "./seed-layout.js";
export { conversationText, sftToChatMessages } from "./sft-messages.js";
export { createTracemillTreeSource, slug, tracemillTreeSource } from "./tracemill-tree.js";
